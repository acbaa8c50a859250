// own_stacks: owns the goroutines that run on stacks of their own
// (gogo::go_with) rather than on the pool's: the list of them, which the
// reports walk (the pool's chunks hold every other goroutine), and giving
// such a stack back when its goroutine has exited. The scheduler builds the
// goroutine on a stack from map_stack (stack_memory).
#ifndef GOGO_SRC_OWN_STACKS_HPP
#define GOGO_SRC_OWN_STACKS_HPP

#include "scheduler.hpp"

#include <cstddef>

namespace gogo::detail {

// Lists gp, a goroutine not yet runnable on a stack of its own of `bytes`.
void add_own_stack(g* gp, std::size_t bytes) noexcept;
// Unlists gp and unmaps its stack. Runs off that stack (release_goroutine).
void release_own_stack(g* gp) noexcept;
// The size of gp's stack of its own.
std::size_t own_stack_size(const g* gp) noexcept;

// For the reports: while a report holds the list, no goroutine on a stack
// of its own unmaps it (their exits wait), so the report may read them.
// hold_own_stacks() returns the first of them, or nullptr if there is none
// or the list's lock stayed taken for a while (a thread stopped while
// holding it: then nothing is held and `held` is false).
g* hold_own_stacks(bool& held) noexcept;
g* next_own_stack(const g* gp) noexcept;
void release_own_stacks() noexcept;

}  // namespace gogo::detail

#endif
