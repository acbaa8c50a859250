// A program linked with libgogo alone (no --wrap options): gogo::run_main
// makes its main goroutine 1, with the same exit status and exit order.
#define GOGO_NO_GO_KEYWORD
#include <gogo/gogo.hpp>

#include <cstdio>
#include <cstdlib>

namespace {

int real_main(int argc, char** argv) {
  std::atexit([] { std::printf("atexit\n"); });
  std::printf("main %llu %s\n", (unsigned long long)gogo::goroutine_id(), argc > 1 ? argv[1] : "");
  gogo::go([] {
    for (;;) gogo::yield();
  });
  return 5;
}

}  // namespace

int main(int argc, char** argv) { return gogo::run_main(real_main, argc, argv); }
