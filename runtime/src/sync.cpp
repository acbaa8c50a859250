// wait_group, mutex and the spin_lock behind every wait queue.
#include "cpu_relax.hpp"
#include "fatal.hpp"
#include "scheduler.hpp"
#include "wait.hpp"

#include <gogo/mutex.hpp>
#include <gogo/wait_group.hpp>

#include <sched.h>
#include <stdexcept>

namespace gogo {
namespace detail {
// Critical sections under a spin_lock are a few dozen instructions, but the
// holder's thread can be preempted by the OS; after a short spin, give the
// CPU away instead of burning it. The spin backs off (1, 2, 4 ... 256
// pauses between looks): with producers and a consumer on two workers
// hammering one channel, looking at the lock's cache line often kept it
// bouncing between the cores, while a waiter that stays away longer lets
// the holder's side run several operations in a row. On an otherwise idle
// 2-core machine, fanin 4M on 2 workers took 68-78 ns per item with a cap
// of 16 pauses and 32-54 ns with 256 (4096: ~22 ns, but gogo::mutex's
// handoffs slowed down; 256 is the compromise). Without backoff it was
// 85-120 ns. After 16 looks (about 2,300 pauses in all) the waiter yields:
// with more threads than CPUs (a plain thread spawning in a loop plus two
// workers on two CPUs) the holder may be waiting for exactly this CPU, and
// spinning longer (64 looks, ~14,600 pauses) made spawn 1M 15% and a warm
// park 1M burst 9% slower, with fanin, mutex, pingpong, sieve and skynet
// unchanged (alternating A/B, 4-8 pairs each).
void spin_lock::lock_slow() noexcept {
  unsigned backoff = 1;
  for (unsigned spins = 0;; spins++) {
    if (!flag_.load(std::memory_order_relaxed) &&
        !flag_.exchange(true, std::memory_order_acquire))
      return;
    if (spins < 16) {
      for (unsigned i = 0; i < backoff; i++) cpu_relax();
      if (backoff < 256) backoff *= 2;
    } else {
      sched_yield();
    }
  }
}

}  // namespace detail

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
  lock_.lock();
  detail::sudog* list = nullptr;
  std::uint32_t taken = 0;
  while (detail::sudog* w = detail::dequeue_last(waiters_)) {
    w->next = list;
    list = w;
    taken++;
  }
  state_.fetch_sub(taken, std::memory_order_relaxed);
  lock_.unlock();
  while (list) {
    detail::sudog* next = list->next;
    detail::wake(list->who);
    list = next;
  }
}

void wait_group::wait() {
  for (;;) {
    std::uint64_t s = state_.load(std::memory_order_acquire);
    if ((s >> 32) == 0) return;
    lock_.lock();
    if (!state_.compare_exchange_strong(s, s + 1, std::memory_order_acq_rel)) {
      lock_.unlock();
      continue;
    }
    detail::sudog me;
    me.who = detail::current_parker();
    detail::enqueue(waiters_, &me);
    detail::block(me.who, &detail::unlock_spin_lock, &lock_);
    return;
  }
}

// mutex: a barging lock like Go's normal mode. The fast paths are one CAS.
// waiters_bit is set while waiters_ may be non-empty, which sends unlock()
// to unlock_slow to wake one of them; the woken waiter competes again (at
// the front of the queue if it loses).
void mutex::lock_slow() {
  bool requeue_front = false;
  for (;;) {
    for (int i = 0; i < 64; i++) {
      if (try_lock()) return;
      detail::cpu_relax();
    }
    lock_.lock();
    std::uint32_t s = state_.fetch_or(waiters_bit, std::memory_order_acq_rel);
    if (!(s & locked_bit)) {
      // Free now. Under lock_ only a barging try_lock can change state_.
      std::uint32_t cur = s | waiters_bit;
      std::uint32_t want = locked_bit | (waiters_.first ? waiters_bit : 0);
      if (state_.compare_exchange_strong(cur, want, std::memory_order_acquire)) {
        lock_.unlock();
        return;
      }
    }
    detail::sudog me;
    me.who = detail::current_parker();
    if (requeue_front) {
      detail::enqueue_front(waiters_, &me);
    } else {
      detail::enqueue(waiters_, &me);
    }
    detail::block(me.who, &detail::unlock_spin_lock, &lock_);
    requeue_front = true;
  }
}

void mutex::unlock_slow() {
  lock_.lock();
  std::uint32_t s = state_.load(std::memory_order_relaxed);
  if (!(s & locked_bit)) {
    lock_.unlock();
    detail::fatal_error("sync: unlock of unlocked mutex");
  }
  detail::sudog* w = detail::dequeue(waiters_);
  // While locked_bit is set nobody else changes state_, so a store is safe.
  state_.store(waiters_.first ? waiters_bit : 0, std::memory_order_release);
  lock_.unlock();
  if (w) detail::wake(w->who);
}

}  // namespace gogo
