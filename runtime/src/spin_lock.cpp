// spin_lock's slow path: how a thread waits for a spin_lock that another
// holds.
#include "spin_lock.hpp"

#include "cpu_relax.hpp"

#include <sched.h>

namespace gogo::detail {

// Critical sections under a spin_lock are a few dozen instructions, but the
// holder's thread can be preempted by the OS: a waiter spins briefly, then
// gives its CPU away instead of burning it.
//
// The spin backs off (1, 2, 4 ... 256 pauses between looks): each look
// pulls the lock's cache line to the waiter's core, so looking often keeps
// the line bouncing between the cores, while a waiter that stays away
// longer lets the holder's side run several operations in a row (a channel
// hammered from two workers). The cap is a compromise: a longer one helps
// such a channel further but delays gogo::mutex handoffs. After 16 looks
// (about 2,300 pauses in all) the waiter yields: with more runnable threads
// than CPUs (a plain thread spawning in a loop beside busy workers) the
// holder may be waiting for exactly this CPU, and spinning longer only
// delays it.
void spin_lock::lock_slow(lock_word& w) noexcept {
  unsigned backoff = 1;
  for (unsigned spins = 0;; spins++) {
    if (!w.held.load(std::memory_order_relaxed) &&
        !w.held.exchange(true, std::memory_order_acquire))
      return;
    if (spins < 16) {
      for (unsigned i = 0; i < backoff; i++) cpu_relax();
      if (backoff < 256) backoff *= 2;
    } else {
      sched_yield();
    }
  }
}

}  // namespace gogo::detail
