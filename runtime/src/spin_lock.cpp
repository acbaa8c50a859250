// spin_lock's slow path: how a thread waits for a spin_lock that another
// holds.
#include "spin_lock.hpp"

#include "cpu_relax.hpp"

#include <sched.h>

namespace gogo::detail {

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
