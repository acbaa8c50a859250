// Links gogo::hooks (or gogo-hooks.pc) but calls none of the hooked
// functions by name: as with a client library listed after the hooks, only
// a linker that keeps the hooks without a reference from the program's own
// objects (--as-needed) makes them work. The goroutines call usleep through
// the dynamic symbol table, as a shared library would. With the hooks they
// park, and the process keeps a handful of threads; blocked in libc they
// would each take a spare thread from the monitor.
#include <gogo/gogo.hpp>

#include <dlfcn.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

namespace {

int threads_now() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  return -1;
}

}  // namespace

int main() {
  using sleep_fn = int (*)(unsigned);
  auto libc_style_sleep = reinterpret_cast<sleep_fn>(dlsym(RTLD_DEFAULT, "usleep"));
  constexpr int n = 64;
  gogo::wait_group wg;
  wg.add(n);
  for (int i = 0; i < n; i++) {
    gogo::spawn([&] {
      libc_style_sleep(300'000);
      wg.done();
    });
  }
  gogo::sleep_for(std::chrono::milliseconds(150));  // all of them in usleep now
  int threads = threads_now();
  wg.wait();
  std::printf("%s\n", threads < 16 ? "parked" : "blocked");
}
