// No findings.
#include <thread>

void use(int) {}

void spawn() {
  for (int i = 0; i < 3; ++i)
    std::thread([i] { use(i); }).detach();
}
