// main as goroutine 1: gogo::run_main, for programs linked without gogo's
// usage requirements (which make every program's main goroutine 1 by
// linking with -Wl,--wrap=main -Wl,--wrap=exit; see docs/runtime.md).
#ifndef GOGO_MAIN_HPP
#define GOGO_MAIN_HPP

#include <gogo/detail/cxx17.hpp>

namespace gogo {

// Runs main_fn(argc, argv) as goroutine 1 and ends the process with its
// result, as if main had returned it: never returns. Called from a
// goroutine (main is goroutine 1 already), it just calls main_fn.
//   int real_main(int argc, char** argv);
//   int main(int argc, char** argv) { return gogo::run_main(real_main, argc, argv); }
int run_main(int (*main_fn)(int, char**), int argc, char** argv);

}  // namespace gogo

#endif
