// fatal: owns how the process dies like a Go program, and what it says
// first: panics (a C++ exception that nothing catches, reported from the
// terminate handler where it was thrown), deadlock, SIGQUIT, stack
// overflow (the SIGSEGV handler on an alternate signal stack) and other
// fatal runtime errors. All of them exit with status 2 (GOGO_TRACEBACK=crash:
// abort, for a core dump). The goroutine listing is goroutines.cpp's.
#ifndef GOGO_SRC_FATAL_HPP
#define GOGO_SRC_FATAL_HPP

namespace gogo::detail {

// "fatal error: <message>", then the calling goroutine's stack.
[[noreturn]] void fatal_error(const char* message) noexcept;
// "fatal error: <message>: <strerror(err)>", for a failed system call.
[[noreturn]] void fatal_errno(const char* message, int err) noexcept;
// "gogo: invalid <name>="<value>": <want>", for a GOGO_* environment
// variable the runtime cannot use.
[[noreturn]] void fatal_bad_setting(const char* name, const char* value, const char* want) noexcept;
// Go's deadlock message, then every goroutine and what it waits for.
[[noreturn]] void fatal_deadlock() noexcept;

// Installs the SIGSEGV handler that reports goroutine stack overflows, and
// the SIGQUIT handler that dumps every goroutine (unless the program has
// its own). The terminate handler that reports panics is installed before
// main, so that an exception escaping main is a panic too.
void install_fatal_handlers();
// Gives the calling (worker) thread an alternate signal stack.
void install_signal_stack();

}  // namespace gogo::detail

#endif
