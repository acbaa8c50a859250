// global_queue: owns the scheduler's global run queue (Go's sched.runq):
// goroutines readied by plain threads, timers and the netpoller, yields,
// and the spill of full local queues. A ring of goroutine pointers, not a list
// linked through the goroutines: each g sits at the top of its own stack,
// on a page of its own, and following links through them would cost a
// cache and TLB miss per goroutine while the lock is held. Moving pointers
// between the rings touches no goroutine. The ring grows by doubling and
// never shrinks.
//
// The scheduler lock (runtime::mu) guards it: every call needs it held,
// except size(), a snapshot any thread may read.
#ifndef GOGO_SRC_GLOBAL_QUEUE_HPP
#define GOGO_SRC_GLOBAL_QUEUE_HPP

#include "run_queue.hpp"

#include <atomic>
#include <cstddef>

namespace gogo::detail {

struct g;

class global_queue {
 public:
  std::size_t size() const noexcept { return size_.load(std::memory_order_relaxed); }

  // Appends gs[0..n).
  void put(g* const* gs, std::size_t n) {
    // The ring's capacity (mask_ + 1) is 0 until the first put allocates it.
    if (!ring_ || size() + n > mask_ + 1) grow(n);
    std::size_t size = this->size();
    std::size_t tail = head_ + size;
    for (std::size_t i = 0; i < n; i++) ring_[(tail + i) & mask_] = gs[i];
    // Changed only under the lock: a plain store, not a locked
    // read-modify-write.
    size_.store(size + n, std::memory_order_relaxed);
  }

  // Takes a fair share for one of `nworkers` workers (Go's globrunqget):
  // the oldest goroutine, returned to run now, and up to size / nworkers
  // more (at most half a local queue) into `into`. nullptr when empty.
  g* get(run_queue& into, unsigned nworkers) noexcept {
    std::size_t size = this->size();
    if (size == 0) return nullptr;
    std::size_t n = size / nworkers + 1;
    if (n > size) n = size;
    if (n > run_queue::capacity / 2) n = run_queue::capacity / 2;
    g* gp = ring_[head_ & mask_];
    std::size_t taken = 1;
    // The local queue may be partly full (the periodic global check runs
    // with local work pending): move only what fits.
    while (taken < n && into.push(ring_[(head_ + taken) & mask_])) taken++;
    head_ = (head_ + taken) & mask_;
    size_.store(size - taken, std::memory_order_relaxed);
    return gp;
  }

 private:
  // Makes room for n more goroutines (out of line: rare).
  void grow(std::size_t n);

  g** ring_ = nullptr;
  std::size_t mask_ = 0;  // capacity - 1; capacity is a power of two
  std::size_t head_ = 0;
  std::atomic<std::size_t> size_{0};
};

}  // namespace gogo::detail

#endif
