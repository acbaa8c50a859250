// gogo::mutex: Go's sync.Mutex, a Lockable (works with std::lock_guard and
// std::unique_lock). Blocking parks the goroutine and frees its worker.
#ifndef GOGO_MUTEX_HPP
#define GOGO_MUTEX_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/detail/waitq.hpp>

#include <atomic>
#include <cstdint>

namespace gogo {

class mutex {
 public:
  mutex() = default;
  mutex(const mutex&) = delete;
  mutex& operator=(const mutex&) = delete;

  void lock() {
    std::uint32_t expected = 0;
    if (state_.compare_exchange_weak(expected, locked_bit, std::memory_order_acquire,
                                     std::memory_order_relaxed))
      return;
    lock_slow();
  }
  bool try_lock() noexcept {
    std::uint32_t s = state_.load(std::memory_order_relaxed);
    return !(s & locked_bit) &&
           state_.compare_exchange_strong(s, s | locked_bit, std::memory_order_acquire,
                                          std::memory_order_relaxed);
  }
  // Unlocking a mutex that is not locked is a fatal error (as in Go).
  void unlock() {
    std::uint32_t expected = locked_bit;
    if (state_.compare_exchange_strong(expected, 0, std::memory_order_release,
                                       std::memory_order_relaxed))
      return;
    unlock_slow();
  }

 private:
  static constexpr std::uint32_t locked_bit = 1;
  static constexpr std::uint32_t waiters_bit = 2;   // waiters_ may be non-empty
  static constexpr std::uint32_t starving_bit = 4;  // unlock hands the lock to the first waiter
  void lock_slow();
  void unlock_slow();

  std::atomic<std::uint32_t> state_{0};
  detail::lock_word lock_;  // guards waiters_
  detail::waitq waiters_;
};

}  // namespace gogo

#endif
