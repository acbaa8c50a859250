// main_goroutine: owns how `main` becomes goroutine 1 (main_wrap.cpp holds
// __wrap_main itself) and how the process
// exits. The package's usage requirements link with -Wl,--wrap=main and
// -Wl,--wrap=exit: the C runtime's call to main lands in __wrap_main, which
// runs the program's main (__real_main) as goroutine 1 on a thread-sized
// stack while the main thread waits; every exit, main returning or exit()
// from any goroutine or thread, is carried out by the main thread after the
// world is stopped (stop_the_world), so static destructors and atexit
// handlers never run beside a goroutine. gogo::run_main is the same entry
// for programs linked without the flags. See docs/runtime.md.
#include "fatal.hpp"
#include "futex.hpp"
#include "os_linux.hpp"
#include "stack_memory.hpp"
#include "scheduler.hpp"

#include <gogo/main.hpp>

#include <atomic>
#include <cerrno>
#include <cstdlib>

#include <sys/resource.h>
#include <unistd.h>

// Weak: it exists only when the program is linked with --wrap=exit (then
// it names libc's exit, in libc itself, so no archive member is needed).
extern "C" [[noreturn]] void __real_exit(int) __attribute__((weak));

namespace gogo::detail {
namespace {

// Set once by the first exit; the main thread waits on exit_word.
std::atomic<std::uint32_t> exit_word{0};
std::atomic<bool> exit_claimed{false};
int exit_status = 0;

struct main_call {
  int (*main3)(int, char**, char**) = nullptr;
  int (*main2)(int, char**) = nullptr;
  int argc = 0;
  char** argv = nullptr;
  char** envp = nullptr;
};
main_call the_main;

[[noreturn]] void real_exit(int status) {
  if (&__real_exit) __real_exit(status);
  std::exit(status);  // not wrapped: this is libc's exit
}

void run_main(void* p) {
  auto* m = static_cast<main_call*>(p);
  int status = m->main3 ? m->main3(m->argc, m->argv, m->envp) : m->main2(m->argc, m->argv);
  exit_process(status);
}

// Goroutine 1's stack size: as large as the main thread's own
// (RLIMIT_STACK; 8 MiB when unlimited; 1 MiB to 1 GiB), as a stack of its
// own (stack_memory: reserved, committed by touch, guarded).
std::size_t main_stack_size() {
  constexpr std::size_t fallback = 8u << 20, most = 1u << 30, least = 1u << 20;
  rlimit lim{};
  std::size_t want = fallback;
  if (getrlimit(RLIMIT_STACK, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY) want = lim.rlim_cur;
  if (want < least) want = least;
  if (want > most) want = most;
  return round_stack_size(want);
}

[[noreturn]] void run_main_call(const main_call& m) {
  the_main = m;
  std::size_t size = main_stack_size();
  spawn_main_goroutine(map_stack(size), size, &run_main, &the_main);
  while (exit_word.load(std::memory_order_acquire) == 0) futex_wait(&exit_word, 0);
  stop_the_world(exit_status);
  real_exit(exit_status);
}

}  // namespace

void run_as_goroutine_1(int (*main3)(int, char**, char**), int argc, char** argv, char** envp) {
  main_call m;
  m.main3 = main3;
  m.argc = argc;
  m.argv = argv;
  m.envp = envp;
  run_main_call(m);
}

void exit_process(int status) {
  if (is_main_goroutine_mode() && !is_main_thread()) {
    // The main thread exits for us, on its own stack, once the world has
    // stopped; this thread stops with it.
    if (!exit_claimed.exchange(true)) {
      exit_status = status;
      exit_word.store(1, std::memory_order_release);
      futex_wake(&exit_word);
    }
    freeze_self();
  }
  stop_the_world(status);
  real_exit(status);
}

}  // namespace gogo::detail

namespace gogo {

int run_main(int (*main_fn)(int, char**), int argc, char** argv) {
  if (detail::current_g()) return main_fn(argc, argv);  // main is a goroutine already
  detail::main_call m;
  m.main2 = main_fn;
  m.argc = argc;
  m.argv = argv;
  detail::run_main_call(m);
}

}  // namespace gogo

extern "C" [[noreturn]] void __wrap_exit(int status) { gogo::detail::exit_process(status); }
