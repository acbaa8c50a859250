// gogo::detail::waitq: the FIFO of blocked waiters that channels,
// wait_group and mutex keep. Its records (sudog) live on the waiters' own
// stacks and are defined in the runtime sources; public types only need to
// hold the list head, so this header is all they see.
#ifndef GOGO_DETAIL_WAITQ_HPP
#define GOGO_DETAIL_WAITQ_HPP

#include <atomic>

namespace gogo::detail {

struct sudog;

struct waitq {
  sudog* first = nullptr;
  sudog* last = nullptr;
};

// A test-and-test-and-set lock for the short critical sections around a
// waitq. Implemented in the runtime (it backs off to the OS when contended).
class spin_lock {
 public:
  void lock() noexcept {
    if (!flag_.exchange(true, std::memory_order_acquire)) return;
    lock_slow();
  }
  void unlock() noexcept { flag_.store(false, std::memory_order_release); }
  bool try_lock() noexcept {
    return !flag_.load(std::memory_order_relaxed) && !flag_.exchange(true, std::memory_order_acquire);
  }

 private:
  void lock_slow() noexcept;
  std::atomic<bool> flag_{false};
};

}  // namespace gogo::detail

#endif
