// fatal: owns how the process dies like a Go program: panics, deadlock,
// stack overflow (the SIGSEGV handler on an alternate signal stack) and other
// fatal runtime errors. All of them exit with status 2.
#ifndef GOGO_SRC_FATAL_HPP
#define GOGO_SRC_FATAL_HPP

#include <cstdint>

namespace gogo::detail {

// "panic: <what>" + "goroutine <id> [running]:", then the type of the
// exception being handled (call it from the catch handler).
[[noreturn]] void fatal_panic(std::uint64_t goroutine, const char* what) noexcept;
// "fatal error: <message>".
[[noreturn]] void fatal_error(const char* message) noexcept;

// Installs the SIGSEGV handler that reports goroutine stack overflows.
void install_stack_overflow_handler();
// Gives the calling (worker) thread an alternate signal stack.
void install_signal_stack();

}  // namespace gogo::detail

#endif
