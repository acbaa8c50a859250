// traceback: owns taking and printing stack traces for the runtime's
// reports: unwinding the current thread (libgcc's _Unwind_Backtrace, which
// every C++ program already has) or a suspended goroutine or blocked thread
// (the same unwinder, entered through fiber_walk), symbolizing with
// libbacktrace (function, file, line and inlined frames from the DWARF
// debug information), and printing frames as Go does, hiding gogo's own.
// Nothing here runs before a report. docs/debugging.md compares the
// libraries that were measured.
#ifndef GOGO_SRC_TRACEBACK_HPP
#define GOGO_SRC_TRACEBACK_HPP

#include "fiber.hpp"

#include <cstddef>
#include <cstdint>

namespace gogo::detail {

class report_writer;

// Program counters, innermost first, each one inside the instruction it
// stands for (a return address minus one), ready for symbolizing.
struct stack_trace {
  static constexpr int max_frames = 100;  // as Go's traceback
  std::uintptr_t pc[max_frames];
  int n = 0;
  bool truncated = false;
};

// The calling thread's stack, from the caller of capture_here outwards.
// Through a signal frame too: called in a signal handler, it goes on into
// the interrupted code.
void capture_here(stack_trace& t) noexcept;
// A suspended goroutine's stack (fiber_walk); `stack_top` bounds the walk.
// False if it has none to walk (it never ran) or the walk faulted.
bool capture_fiber(const fiber& f, const void* stack_top, stack_trace& t) noexcept;
// A blocked plain thread's stack, from what run_with_saved_context saved.
bool capture_saved(void* saved, stack_trace& t) noexcept;

// Prints t Go's way, a function line and a "\tfile:line" line per frame,
// inlined frames included. Unless `system`, gogo's own frames are left
// out, and so are the exception machinery above a throw and the program's
// or goroutine's start below user code.
void print_trace(report_writer& out, const stack_trace& t, bool system) noexcept;
// "created by F in goroutine N" and the go statement's file:line, from a
// return address in the function that ran it.
void print_created_by(report_writer& out, std::uintptr_t pc, std::uint64_t parent) noexcept;

// While a walk that may read a changing stack runs on this thread, a fault
// in it abandons the walk: the SIGSEGV handler calls this first, and it does
// not return if it took the fault.
void escape_faulted_walk() noexcept;

}  // namespace gogo::detail

#endif
