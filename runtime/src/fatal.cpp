#include "fatal.hpp"

#include "sanitizer.hpp"
#include "scheduler.hpp"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <cxxabi.h>
#include <typeinfo>
#include <sys/mman.h>
#include <unistd.h>

namespace gogo::detail {
namespace {

// Only the first fatal event reports; any other thread that dies at the same
// time waits here for the exit instead of interleaving its message.
std::atomic<bool> dying{false};

void claim_death() noexcept {
  if (!dying.exchange(true)) return;
  for (;;) pause();
}

// How every report but the stack overflow's (a signal handler) starts:
// claim the death, then let out what the program already wrote to stdout.
void start_report() noexcept {
  claim_death();
  std::fflush(stdout);
}

void write_all(const char* s, std::size_t n) noexcept {
  while (n > 0) {
    ssize_t k = write(2, s, n);
    if (k <= 0) return;
    s += k;
    n -= std::size_t(k);
  }
}

void write_str(const char* s) noexcept { write_all(s, std::strlen(s)); }

void write_num(unsigned long long v) noexcept {
  char buf[24];
  char* p = buf + sizeof buf;
  do {
    *--p = char('0' + v % 10);
    v /= 10;
  } while (v);
  write_all(p, std::size_t(buf + sizeof buf - p));
}

struct sigaction previous_segv;

void on_segv(int sig, siginfo_t* info, void* uc) {
  g* gp = current_g();
  std::size_t guard = configured_guard_size();
  if (gp && guard) {
    auto* addr = static_cast<char*>(info->si_addr);
    auto* lo = static_cast<char*>(stack_of(gp, configured_stack_size()));
    if (addr >= lo && addr < lo + guard) {
      claim_death();
      write_str("runtime: goroutine ");
      write_num(gp->id);
      write_str(" stack exceeds ");
      write_num(configured_stack_size());
      write_str("-byte limit\nfatal error: stack overflow\n"
                "(raise GOGO_STACK_SIZE, e.g. GOGO_STACK_SIZE=1m)\n");
      _exit(2);
    }
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

}  // namespace

void fatal_panic(std::uint64_t goroutine, const char* what) noexcept {
  start_report();
  write_str("panic: ");
  write_str(what);
  write_str("\n\ngoroutine ");
  write_num(goroutine);
  write_str(" [running]:\n");
  // Where Go prints the goroutine's stack, print what we know: the dynamic
  // type of the exception (std::exception's what() does not say it), and
  // how to find where it was thrown.
  if (const std::type_info* type = abi::__cxa_current_exception_type()) {
    int status = 0;
    char* name = abi::__cxa_demangle(type->name(), nullptr, nullptr, &status);
    write_str("\texception type: ");
    write_str(status == 0 && name ? name : type->name());
    write_str("\n");
    std::free(name);
  }
  write_str("\t(no stack trace: in gdb, `catch throw` stops where it was thrown)\n");
  _exit(2);
}

void fatal_error(const char* message) noexcept {
  start_report();
  write_str("fatal error: ");
  write_str(message);
  write_str("\n");
  _exit(2);
}

void fatal_errno(const char* message, int err) noexcept {
  start_report();
  write_str("fatal error: ");
  write_str(message);
  write_str(": ");
  write_str(std::strerror(err));
  write_str("\n");
  _exit(2);
}

void fatal_bad_setting(const char* name, const char* value, const char* want) noexcept {
  start_report();
  write_str("gogo: invalid ");
  write_str(name);
  write_str("=\"");
  write_str(value);
  write_str("\": ");
  write_str(want);
  write_str("\n");
  _exit(2);
}

// The sanitizers own SIGSEGV in their builds (and report overflows
// themselves), so the handler is only installed in normal builds.
void install_stack_overflow_handler() {
#if !GOGO_ASAN && !GOGO_TSAN
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = &on_segv;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, &previous_segv);
#endif
}

void install_signal_stack() {
#if !GOGO_ASAN && !GOGO_TSAN
  constexpr std::size_t size = 64 * 1024;
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return;
  stack_t ss;
  ss.ss_sp = p;
  ss.ss_size = size;
  ss.ss_flags = 0;
  sigaltstack(&ss, nullptr);
#endif
}

}  // namespace gogo::detail
