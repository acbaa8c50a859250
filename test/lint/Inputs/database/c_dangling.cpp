// A dangling capture (line 9) for the database test; DEFINED comes from
// the compile command, so the file is only right with the database's flags.
#include <thread>

void use(int) {}

void spawn() {
  int x = DEFINED;
  std::thread([&] { use(x); }).detach();
}
