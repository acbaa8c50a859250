// A thread race (line 8) for the database test.
#include <thread>

void use(int) {}

void spawn() {
  for (int i = 0; i < 3; ++i)
    std::thread([&] { use(i); }).detach();
}
