// fatal: owns how the process dies like a Go program: panics, deadlock,
// stack overflow (the SIGSEGV handler on an alternate signal stack), other
// fatal runtime errors and unusable settings. All of them exit with status
// 2, and only the first one reports.
#ifndef GOGO_SRC_FATAL_HPP
#define GOGO_SRC_FATAL_HPP

#include <cstdint>

namespace gogo::detail {

// "panic: <what>" + "goroutine <id> [running]:", then the type of the
// exception being handled (call it from the catch handler).
[[noreturn]] void fatal_panic(std::uint64_t goroutine, const char* what) noexcept;
// "fatal error: <message>".
[[noreturn]] void fatal_error(const char* message) noexcept;
// "fatal error: <message>: <strerror(err)>", for a failed system call.
[[noreturn]] void fatal_errno(const char* message, int err) noexcept;
// "gogo: invalid <name>="<value>": <want>", for a GOGO_* environment
// variable the runtime cannot use.
[[noreturn]] void fatal_bad_setting(const char* name, const char* value, const char* want) noexcept;

// Installs the SIGSEGV handler that reports goroutine stack overflows.
void install_stack_overflow_handler();
// Gives the calling (worker) thread an alternate signal stack.
void install_signal_stack();

}  // namespace gogo::detail

#endif
