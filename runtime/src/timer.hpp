// timer: owns the runtime's timers (sleep_for, after): a min-heap served by
// one timer thread that sleeps until the earliest deadline. Timers pending or
// firing keep deadlock detection quiet (a timer can still wake someone).
#ifndef GOGO_SRC_TIMER_HPP
#define GOGO_SRC_TIMER_HPP

#include "scheduler.hpp"

#include <chrono>
#include <cstdint>

namespace gogo::detail {

struct timer {
  std::chrono::steady_clock::time_point when;
  // Runs on the timer thread, without timer locks held. The timer is not
  // touched again by the runtime once fire() starts.
  void (*fire)(timer*) = nullptr;
  std::uint64_t seq = 0;
};

// Schedules t. t must stay alive until it fires.
void timer_add(timer* t);
// Schedules t and blocks `who` until t's fire() wakes it; no wakeup can be
// lost between the two.
void timer_add_and_block(timer* t, const parker& who);

// True while a timer is scheduled or firing.
bool timers_pending() noexcept;
// How many threads the timers use (0 until the first timer, then 1).
int timer_threads() noexcept;

}  // namespace gogo::detail

#endif
