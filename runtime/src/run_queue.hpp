// run_queue: a worker's bounded local queue of runnable goroutines (Go's
// runq). Only the owning worker pushes; the owner and thieves pop, so
// removal is a CAS on `head` and insertion a release store of `tail`.
#ifndef GOGO_SRC_RUN_QUEUE_HPP
#define GOGO_SRC_RUN_QUEUE_HPP

#include <atomic>
#include <cstdint>

namespace gogo::detail {

struct g;

class run_queue {
 public:
  static constexpr std::uint32_t capacity = 256;

  // Owner only. False when full (the caller moves work to the global queue).
  bool push(g* gp) noexcept {
    std::uint32_t h = head_.load(std::memory_order_acquire);
    std::uint32_t t = tail_.load(std::memory_order_relaxed);
    if (t - h >= capacity) return false;
    slots_[t % capacity].store(gp, std::memory_order_relaxed);
    tail_.store(t + 1, std::memory_order_release);
    return true;
  }

  // Owner only: takes the oldest goroutine.
  g* pop() noexcept {
    for (;;) {
      std::uint32_t h = head_.load(std::memory_order_acquire);
      std::uint32_t t = tail_.load(std::memory_order_relaxed);
      if (h == t) return nullptr;
      g* gp = slots_[h % capacity].load(std::memory_order_relaxed);
      if (head_.compare_exchange_weak(h, h + 1, std::memory_order_release,
                                      std::memory_order_relaxed))
        return gp;
    }
  }

  // Owner only: removes up to half of the queue into out[] (for spilling a
  // full queue into the global one). Returns how many.
  std::uint32_t pop_half(g** out) noexcept {
    for (;;) {
      std::uint32_t h = head_.load(std::memory_order_acquire);
      std::uint32_t t = tail_.load(std::memory_order_relaxed);
      std::uint32_t n = (t - h) / 2;
      if (n == 0) return 0;
      for (std::uint32_t i = 0; i < n; i++)
        out[i] = slots_[(h + i) % capacity].load(std::memory_order_relaxed);
      if (head_.compare_exchange_weak(h, h + n, std::memory_order_release,
                                      std::memory_order_relaxed))
        return n;
    }
  }

  // Called by the thief that owns `this`: moves half of victim's goroutines
  // here and returns one of them to run now (nullptr if there was nothing).
  g* steal_from(run_queue& victim) noexcept {
    std::uint32_t t = tail_.load(std::memory_order_relaxed);
    std::uint32_t n;
    for (;;) {
      std::uint32_t h = victim.head_.load(std::memory_order_acquire);
      std::uint32_t vt = victim.tail_.load(std::memory_order_acquire);
      n = vt - h;
      n -= n / 2;
      if (n == 0) return nullptr;
      if (n > capacity / 2) continue;  // inconsistent snapshot; retry
      for (std::uint32_t i = 0; i < n; i++) {
        g* gp = victim.slots_[(h + i) % capacity].load(std::memory_order_relaxed);
        slots_[(t + i) % capacity].store(gp, std::memory_order_relaxed);
      }
      if (victim.head_.compare_exchange_weak(h, h + n, std::memory_order_release,
                                             std::memory_order_relaxed))
        break;
    }
    n--;
    g* gp = slots_[(t + n) % capacity].load(std::memory_order_relaxed);
    if (n != 0) tail_.store(t + n, std::memory_order_release);
    return gp;
  }

  // Owner only: the goroutine pop() would return next, left in the queue
  // (a thief may take it meanwhile), or nullptr.
  g* peek() const noexcept {
    std::uint32_t h = head_.load(std::memory_order_relaxed);
    if (h == tail_.load(std::memory_order_relaxed)) return nullptr;
    return slots_[h % capacity].load(std::memory_order_relaxed);
  }

  // Any thread; a snapshot.
  bool empty() const noexcept {
    return head_.load(std::memory_order_acquire) == tail_.load(std::memory_order_acquire);
  }

 private:
  alignas(64) std::atomic<std::uint32_t> head_{0};
  std::atomic<std::uint32_t> tail_{0};
  std::atomic<g*> slots_[capacity] = {};
};

}  // namespace gogo::detail

#endif
