// A program linked with libgogo and libgogo-hooks but without gogo's link
// options (no --wrap=exit): exit() called in a goroutine is libc's, and the
// runtime stops the world from its atexit handler, on that goroutine's
// thread. Stopping sleeps and writes there; with the hooks those calls
// must not park the goroutine (its worker would stop for good, and the
// exit with it). Exits 7 after printing "exiting".
#define GOGO_NO_GO_KEYWORD
#include <gogo/gogo.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace {

int real_main(int, char**) {
  for (int i = 0; i < 4; i++) {
    gogo::go([] {
      for (;;) gogo::sleep_for(std::chrono::milliseconds(1));  // goroutines to stop
    });
  }
  gogo::go([] {
    std::printf("exiting\n");
    std::fflush(stdout);
    std::exit(7);
  });
  gogo::make_chan<int>().recv();  // until the exit
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return gogo::run_main(real_main, argc, argv); }
