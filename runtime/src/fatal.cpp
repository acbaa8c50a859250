#include "fatal.hpp"

#include "goroutines.hpp"
#include "report_writer.hpp"
#include "sanitizer.hpp"
#include "scheduler.hpp"
#include "traceback.hpp"

#include <gogo/debug.hpp>

#include <atomic>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cxxabi.h>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

namespace gogo::detail {
namespace {

// Reports share static buffers (traceback.cpp), so one runs at a time. The
// first fatal event reports; any other thread that dies at the same time
// waits here for the exit instead of interleaving its message. A thread
// that dies again while reporting (a fault in the report) exits at once.
std::atomic<long> reporting_thread{0};
std::atomic<bool> dying{false};

long this_thread() noexcept { return long(syscall(SYS_gettid)); }

void claim_report() noexcept {
  long me = this_thread(), none = 0;
  while (!reporting_thread.compare_exchange_weak(none, me)) {
    if (none == me) _exit(2);
    none = 0;
    usleep(1000);
  }
}

void release_report() noexcept { reporting_thread.store(0); }

void claim_death() noexcept {
  if (dying.exchange(true)) {
    if (reporting_thread.load() == this_thread()) _exit(2);
    for (;;) pause();
  }
  claim_report();
}

[[noreturn]] void die(traceback_level level) noexcept {
  if (level == traceback_level::crash) {
    // A core dump, as Go's GOTRACEBACK=crash gives.
    signal(SIGABRT, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGABRT);
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
    abort();
  }
  _exit(2);
}

traceback_level at_least_all(traceback_level level) noexcept {
  return level == traceback_level::single ? traceback_level::all : level;
}

// ---------------------------------------------------------------------------
// Panics

std::terminate_handler previous_terminate = nullptr;

std::string demangle(const char* name) {
  int status = 0;
  char* d = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  std::string s = status == 0 && d ? d : name;
  std::free(d);
  return s;
}

// The panic value as Go prints it: a number, a string, what() of a
// std::exception, and for any other type its name in parentheses.
std::string describe(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    return x.what();
  } catch (const char* s) {
    return s ? s : "nil";
  } catch (const std::string& s) {
    return s;
  } catch (std::string_view s) {
    return std::string(s);
  } catch (bool b) {
    return b ? "true" : "false";
  } catch (char c) {
    return std::to_string(int(c));
  } catch (signed char c) {
    return std::to_string(int(c));
  } catch (unsigned char c) {
    return std::to_string(unsigned(c));
  } catch (short v) {
    return std::to_string(v);
  } catch (unsigned short v) {
    return std::to_string(v);
  } catch (int v) {
    return std::to_string(v);
  } catch (unsigned v) {
    return std::to_string(v);
  } catch (long v) {
    return std::to_string(v);
  } catch (unsigned long v) {
    return std::to_string(v);
  } catch (long long v) {
    return std::to_string(v);
  } catch (unsigned long long v) {
    return std::to_string(v);
  } catch (float v) {
    return std::to_string(v);
  } catch (double v) {
    return std::to_string(v);
  } catch (std::nullptr_t) {
    return "nil";
  } catch (...) {
    const std::type_info* type = abi::__cxa_current_exception_type();
    return "(" + (type ? demangle(type->name()) : std::string("unknown type")) + ")";
  }
}

// An exception escaped a goroutine, main or another thread: nothing caught
// it, so the C++ runtime calls this where it was thrown, before unwinding
// (see goroutine_main), and the stack is the one that threw.
[[noreturn]] void on_terminate() {
  std::exception_ptr e = std::current_exception();
  if (!e) {
    // std::terminate() called without an exception: not a panic.
    if (previous_terminate) previous_terminate();
    abort();
  }
  std::fflush(stdout);
  std::string value = describe(e);
  claim_death();
  traceback_level level = configured_traceback();
  {
    report_writer out(2);
    out.str("panic: ").str(value.c_str()).str("\n");
    print_goroutines(out, current_reporter(), level);
  }
  die(level);
}

const bool terminate_handler_installed = [] {
  previous_terminate = std::set_terminate(on_terminate);
  return true;
}();

// ---------------------------------------------------------------------------
// Signals

struct sigaction previous_segv;

// The interrupted code's stack pointer, or nullptr where unknown.
const char* interrupted_sp(const void* uc) noexcept {
  const auto* ctx = static_cast<const ucontext_t*>(uc);
#if defined(__x86_64__)
  return reinterpret_cast<const char*>(ctx->uc_mcontext.gregs[REG_RSP]);
#elif defined(__aarch64__)
  return reinterpret_cast<const char*>(ctx->uc_mcontext.sp);
#else
  (void)ctx;
  return nullptr;
#endif
}

// Whether a fault at `addr`, taken with the stack pointer at `sp` by the
// goroutine on stack s, is that goroutine running off its stack.
//
// A frame compiled with stack probes (-fstack-clash-protection, which
// gogo's usage requirements add) touches every page on its way down, so its
// first fault lies in the guard. A frame without them (code built without
// the flag) moves the stack pointer below the guard at once, and its first
// access may be anywhere under it: in the stack below, whose guard or
// unmapped neighbour then faults, or in that stack's committed pages, which
// do not fault at all (docs/runtime.md, "Stack sizes and overflow"). So
// the fault address or the stack pointer lying in the guard or up to one
// stack size below it counts as an overflow.
bool ran_off_stack(const stack_span& s, const char* addr, const char* sp) noexcept {
  auto lo = reinterpret_cast<std::uintptr_t>(s.lo);
  auto in_overflow_range = [&](const char* p) {
    auto a = reinterpret_cast<std::uintptr_t>(p);
    return a < lo + s.guard && a + s.size >= lo;
  };
  return in_overflow_range(addr) || (sp && in_overflow_range(sp));
}

// A size the way the hint's setting takes it: "256k"/"1m" for
// GOGO_STACK_SIZE, "1 << 20" for gogo::stack_size. Stack sizes are whole
// pages, so a multiple of 1024 bytes.
void write_size(report_writer& out, std::size_t bytes, bool as_cxx) noexcept {
  const bool mib = bytes % (1024 * 1024) == 0;
  out.num(mib ? bytes >> 20 : bytes >> 10);
  if (as_cxx) {
    out.str(mib ? " << 20" : " << 10");
  } else {
    out.str(mib ? "m" : "k");
  }
}

[[noreturn]] void report_overflow(const g* gp, const stack_span& s) noexcept {
  claim_death();
  report_writer out(2);
  out.str("runtime: goroutine ").num(gp->id).str(" stack exceeds ");
  out.num(s.size).str("-byte limit\nfatal error: stack overflow\n");
  // Four times the size that overflowed: deep recursion usually grows with
  // its input, and one more overflow costs a rerun.
  if (gp->id == 1) {
    // main's stack is as large as the stack limit of a thread (RLIMIT_STACK),
    // which ulimit -s sets in KiB.
    out.str("(raise the stack limit, e.g. ulimit -s ").num(4 * s.size >> 10).str(")\n");
  } else {
    out.str(s.own ? "(raise its gogo::stack_size, e.g. gogo::stack_size("
                  : "(raise GOGO_STACK_SIZE, e.g. GOGO_STACK_SIZE=");
    write_size(out, 4 * s.size, s.own);
    out.str(s.own ? "))\n" : ")\n");
  }
  out.flush();
  _exit(2);
}

void on_segv(int sig, siginfo_t* info, void* uc) {
  escape_faulted_walk();  // a report's walk of a changing stack faulted
  if (const g* gp = current_g()) {
    stack_span s = goroutine_stack(gp);
    if (ran_off_stack(s, static_cast<const char*>(info->si_addr), interrupted_sp(uc)))
      report_overflow(gp, s);
  }
  // Not a goroutine stack overflow: let the previous handler (or the default
  // action, on return and re-fault) deal with it.
  if (previous_segv.sa_flags & SA_SIGINFO) {
    if (previous_segv.sa_sigaction) {
      previous_segv.sa_sigaction(sig, info, uc);
      return;
    }
  } else if (previous_segv.sa_handler != SIG_DFL && previous_segv.sa_handler != SIG_IGN) {
    previous_segv.sa_handler(sig);
    return;
  }
  signal(SIGSEGV, SIG_DFL);
}

// Ctrl-\ : every goroutine, then exit, as in Go.
void on_sigquit(int) {
  claim_death();
  traceback_level level = configured_traceback();
  {
    report_writer out(2);
    out.str("SIGQUIT: quit\n");
    print_goroutines(out, current_reporter(), at_least_all(level));
  }
  die(level);
}

}  // namespace

void fatal_error(const char* message) noexcept {
  std::fflush(stdout);
  claim_death();
  traceback_level level = configured_traceback();
  {
    report_writer out(2);
    out.str("fatal error: ").str(message).str("\n");
    print_goroutines(out, current_reporter(), level);
  }
  die(level);
}

void fatal_deadlock() noexcept {
  std::fflush(stdout);
  claim_death();
  traceback_level level = configured_traceback();
  {
    report_writer out(2);
    out.str("fatal error: all goroutines are asleep - deadlock!\n");
    reporter self = current_reporter();
    // Whoever noticed (an idle worker, the monitor firing a timer) is not part of it;
    // main is, when it noticed on its way into its wait. Main as goroutine 1
    // is listed with the other goroutines (print_main).
    if (!self.is_main)
      self = main_goroutine() ? reporter{nullptr, false, true} : reporter{nullptr, true, false};
    print_goroutines(out, self, at_least_all(level));
  }
  die(level);
}

void fatal_errno(const char* message, int err) noexcept {
  std::fflush(stdout);
  claim_death();
  report_writer out(2);
  out.str("fatal error: ").str(message).str(": ").str(std::strerror(err)).str("\n");
  out.flush();
  _exit(2);
}

void fatal_bad_setting(const char* name, const char* value, const char* want) noexcept {
  std::fflush(stdout);
  claim_death();
  report_writer out(2);
  out.str("gogo: invalid ").str(name).str("=\"").str(value).str("\": ").str(want).str("\n");
  out.flush();
  _exit(2);
}

// The sanitizers own SIGSEGV in their builds (and report overflows
// themselves), so that handler is only installed in normal builds.
void install_fatal_handlers() {
  struct sigaction sa;
#if !GOGO_ASAN && !GOGO_TSAN
  std::memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = &on_segv;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, &previous_segv);
#endif
  // SIGQUIT: ours unless the program handles it; also when inherited as
  // ignored (a background job of a shell), as Go does.
  struct sigaction quit;
  if (sigaction(SIGQUIT, nullptr, &quit) == 0 && !(quit.sa_flags & SA_SIGINFO) &&
      (quit.sa_handler == SIG_DFL || quit.sa_handler == SIG_IGN)) {
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = &on_sigquit;
    sa.sa_flags = SA_ONSTACK | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGQUIT, &sa, nullptr);
  }
}

// The overflowing goroutine's stack has no room left for the handler's
// frame, so the handler runs on a stack of each worker's own. It has a guard
// page too: a fault on it kills the process with SIGSEGV rather than
// corrupting what lies below.
void install_signal_stack() {
#if !GOGO_ASAN && !GOGO_TSAN
  constexpr std::size_t size = 64 * 1024;
  const std::size_t guard = std::size_t(sysconf(_SC_PAGESIZE));
  void* p = mmap(nullptr, guard + size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return;
  mprotect(p, guard, PROT_NONE);
  stack_t ss;
  ss.ss_sp = static_cast<char*>(p) + guard;
  ss.ss_size = size;
  ss.ss_flags = 0;
  sigaltstack(&ss, nullptr);
#endif
}

}  // namespace gogo::detail

namespace gogo {

void dump_goroutines(int fd) {
  using namespace detail;
  claim_report();
  {
    report_writer out(fd);
    print_goroutines(out, current_reporter(), at_least_all(configured_traceback()));
  }
  release_report();
}

}  // namespace gogo
