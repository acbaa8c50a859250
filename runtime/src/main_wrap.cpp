// main_wrap: owns __wrap_main alone. With --wrap=main, the C runtime's call
// to main lands here, and __real_main is the program's main. A strong
// reference, in an object of its own: the linker pulls this object only for
// --wrap=main links, and the reference then pulls main even from an
// archive (gtest_main's libgtest_main.a), which a weak one would not.
#include "scheduler.hpp"

extern "C" int __real_main(int, char**, char**);

extern "C" int __wrap_main(int argc, char** argv, char** envp) {
  gogo::detail::run_as_goroutine_1(&__real_main, argc, argv, envp);
}
