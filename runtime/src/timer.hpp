// timer: owns the runtime's timers (sleep_for, after, I/O deadlines, and the
// user's timers, tickers and after_func): a min-heap. There is no timer
// thread: the scheduler fires due timers (timers_run) from workers out of
// work, from the idle worker that sleeps in the netpoller until the
// earliest deadline (timers_next), and from the monitor when every worker
// is busy. Timers pending or firing keep deadlock detection quiet (a timer
// can still wake someone).
#ifndef GOGO_SRC_TIMER_HPP
#define GOGO_SRC_TIMER_HPP

#include "scheduler.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace gogo::detail {

struct timer {
  std::chrono::steady_clock::time_point when;
  // Nonzero: periodic. The timer stays scheduled when it fires, next due a
  // whole number of periods later (periods missed are skipped, as Go's
  // tickers drop ticks for slow receivers).
  std::chrono::nanoseconds period{0};
  // Runs on a worker's scheduler loop or the monitor, without timer locks
  // held. The runtime does
  // not touch an uncounted timer once its fire() starts (a sleeper's timer
  // lives on the goroutine's stack, which may be gone by then).
  void (*fire)(timer*) = nullptr;
  // Counted timers (those behind the user's handles) have destroy set: each
  // heap entry for the timer holds a reference, and a fire in progress one
  // more, so a handle dropping its last reference meanwhile frees nothing
  // under whoever fires it.
  void (*destroy)(timer*) noexcept = nullptr;
  // Guarded by the heap's lock: the sequence number of the timer's live
  // heap entry (stop and reset leave older entries behind, told apart by
  // this number), and whether it is scheduled.
  std::uint64_t seq = 0;
  // Beside `scheduled`, so that a timer is 48 bytes and fits in a
  // channel's tail padding (user_timer.cpp).
  std::atomic<int> refs{0};
  bool scheduled = false;
};

inline void timer_retain(timer* t) noexcept { t->refs.fetch_add(1, std::memory_order_relaxed); }
inline void timer_release(timer* t) noexcept {
  if (t->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) t->destroy(t);
}
// Drops a reference unless it may be the last (then false, and nothing
// changed): never destroys t, so callable under any lock.
inline bool timer_release_not_last(timer* t) noexcept {
  int r = t->refs.load(std::memory_order_relaxed);
  while (r > 1) {
    if (t->refs.compare_exchange_weak(r, r - 1, std::memory_order_release,
                                      std::memory_order_relaxed))
      return true;
  }
  return false;
}

// now + d, at least now and at most the latest time_point: a huge d means
// "never", as in Go, not a sum that wraps around into the past.
inline std::chrono::steady_clock::time_point deadline_after(std::chrono::nanoseconds d) {
  auto now = std::chrono::steady_clock::now();
  if (d.count() <= 0) return now;
  if (d > std::chrono::steady_clock::time_point::max() - now)
    return std::chrono::steady_clock::time_point::max();
  return now + d;
}

// Schedules t (not scheduled now) at t->when. An uncounted t must stay alive
// until it fires.
void timer_add(timer* t);
// Schedules t and blocks `who` until t's fire() wakes it; no wakeup can be
// lost between the two.
void timer_add_and_block(timer* t, const parker& who);
// Unschedules t in O(1); true if it was scheduled (false: never scheduled,
// already stopped, or popped to fire). A fire already in progress still
// completes.
bool timer_del(timer* t);
// Schedules t at `when` with `period` whether or not it is scheduled now;
// true if it was.
bool timer_mod(timer* t, std::chrono::steady_clock::time_point when,
               std::chrono::nanoseconds period);

// True while a timer is scheduled or firing.
bool timers_pending() noexcept;
// The earliest deadline on the heap (maybe of a stopped timer: early, never
// late); time_point::max() when there is none. No lock.
std::chrono::steady_clock::time_point timers_next() noexcept;
inline bool timers_due() noexcept {
  auto next = timers_next();
  return next != std::chrono::steady_clock::time_point::max() &&
         next <= std::chrono::steady_clock::now();
}
// Fires the timers due now; true if there were any.
bool timers_run() noexcept;

}  // namespace gogo::detail

#endif
