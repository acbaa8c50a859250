// gogo::wait_group and gogo::mutex (Go's sync.WaitGroup and sync.Mutex).
#include "cpu_relax.hpp"
#include "fatal.hpp"
#include "scheduler.hpp"
#include "spin_lock.hpp"
#include "wait.hpp"

#include <gogo/mutex.hpp>
#include <gogo/wait_group.hpp>

#include <chrono>
#include <stdexcept>

namespace gogo {
// wait_group: the counter and the number of queued waiters share one atomic
// word, so add/done without waiters is a single fetch_add. Waiters register
// (waiter count + queue) under lock_, and the add that brings the counter to
// zero takes lock_ before releasing them, so it cannot miss one.
void wait_group::add(long n) {
  const std::uint64_t delta = std::uint64_t(std::int64_t(n)) << 32;
  std::uint64_t s = state_.fetch_add(delta, std::memory_order_acq_rel) + delta;
  auto count = std::int32_t(s >> 32);
  auto waiters = std::uint32_t(s);
  if (count < 0) {
    state_.fetch_sub(delta, std::memory_order_relaxed);
    throw std::logic_error("sync: negative WaitGroup counter");
  }
  if (count > 0 || waiters == 0) return;
  detail::spin_lock::lock(lock_);
  std::uint32_t taken = 0;
  detail::sudog* list = detail::take_all(waiters_, &taken);
  state_.fetch_sub(taken, std::memory_order_relaxed);
  detail::spin_lock::unlock(lock_);
  detail::wake_list(list);
}

void wait_group::wait() {
  for (;;) {
    std::uint64_t s = state_.load(std::memory_order_acquire);
    if ((s >> 32) == 0) return;
    detail::spin_lock::lock(lock_);
    if (!state_.compare_exchange_strong(s, s + 1, std::memory_order_acq_rel)) {
      detail::spin_lock::unlock(lock_);
      continue;
    }
    detail::sudog me;
    me.who = detail::current_parker();
    detail::enqueue(waiters_, &me);
    detail::park(me.who, detail::wait_reason::wait_group, &detail::unlock_lock_word, &lock_);
    return;
  }
}

// mutex: a barging lock like Go's normal mode. The fast paths are one CAS.
// waiters_bit is set while waiters_ may be non-empty, which sends unlock()
// to unlock_slow to wake one of them; the woken waiter competes again (at
// the front of the queue if it loses). Barging lets a goroutine that
// unlocks and relocks in a loop starve a waiter forever, so, as in Go, a
// waiter that has waited more than starvation_threshold sets starving_bit:
// from then on unlock_slow hands the lock straight to the first waiter
// (locked_bit stays set, so nobody can barge in) until the queue is empty
// or a waiter is handed the lock after waiting less than the threshold,
// as in Go. Without the second way out, a mutex whose queue never empties
// (every holder relocks at once) would hand over forever, a goroutine
// switch per lock. Nobody spins on a starving mutex: it cannot be won.
// Slow paths change state_ only under lock_; the fast paths' CAS expects an
// exact word, so it fails whenever a slow path's bits are set.
namespace {
constexpr std::chrono::milliseconds starvation_threshold{1};
}

void mutex::lock_slow() {
  bool requeue_front = false;
  bool starving = false;
  std::chrono::steady_clock::time_point queued_at{};
  for (;;) {
    if (!starving) {
      for (int i = 0; i < 64; i++) {
        if (state_.load(std::memory_order_relaxed) & starving_bit) break;
        if (try_lock()) return;
        detail::cpu_relax();
      }
    }
    detail::spin_lock::lock(lock_);
    std::uint32_t s =
        state_.fetch_or(waiters_bit | (starving ? starving_bit : 0), std::memory_order_acq_rel);
    if (!(s & locked_bit)) {
      // Free now. Under lock_ only a barging try_lock can change state_.
      std::uint32_t cur = s | waiters_bit | (starving ? starving_bit : 0);
      std::uint32_t want =
          locked_bit | (waiters_.first ? waiters_bit | (cur & starving_bit) : 0);
      if (state_.compare_exchange_strong(cur, want, std::memory_order_acquire)) {
        detail::spin_lock::unlock(lock_);
        return;
      }
    }
    detail::sudog me;
    me.who = detail::current_parker();
    if (requeue_front) {
      detail::enqueue_front(waiters_, &me);
    } else {
      queued_at = std::chrono::steady_clock::now();
      detail::enqueue(waiters_, &me);
    }
    detail::park(me.who, detail::wait_reason::mutex, &detail::unlock_lock_word, &lock_);
    const bool waited_long =
        std::chrono::steady_clock::now() - queued_at > starvation_threshold;
    if (me.success) {  // handed over by unlock_slow in starvation mode
      if (!waited_long) {
        detail::spin_lock::lock(lock_);
        state_.fetch_and(~starving_bit, std::memory_order_relaxed);
        detail::spin_lock::unlock(lock_);
      }
      return;
    }
    starving = waited_long;
    requeue_front = true;
  }
}

void mutex::unlock_slow() {
  detail::spin_lock::lock(lock_);
  std::uint32_t s = state_.load(std::memory_order_relaxed);
  if (!(s & locked_bit)) {
    detail::spin_lock::unlock(lock_);
    detail::fatal_error("sync: unlock of unlocked mutex");
  }
  detail::sudog* w = detail::dequeue(waiters_);
  // While locked_bit is set nobody else changes state_, so a store is safe.
  if (w && (s & starving_bit)) {
    w->success = true;  // w owns the lock from here: locked_bit stays set
    state_.store(locked_bit | (waiters_.first ? waiters_bit | starving_bit : 0),
                 std::memory_order_release);
  } else {
    state_.store(waiters_.first ? waiters_bit : 0, std::memory_order_release);
  }
  detail::spin_lock::unlock(lock_);
  if (w) detail::wake(w->who);
}

}  // namespace gogo
