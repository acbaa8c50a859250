// gogo::rw_mutex: Go's sync.RWMutex, a SharedLockable (works with
// std::unique_lock and std::shared_lock). Writers are preferred: once a
// writer waits for the lock, new readers wait behind it, so a steady stream
// of readers cannot starve it. Blocking parks the goroutine and frees its
// worker; on a plain thread it blocks the thread.
#ifndef GOGO_RW_MUTEX_HPP
#define GOGO_RW_MUTEX_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/detail/sema.hpp>
#include <gogo/mutex.hpp>

#include <atomic>
#include <cstdint>

namespace gogo {

class rw_mutex {
 public:
  rw_mutex() = default;
  rw_mutex(const rw_mutex&) = delete;
  rw_mutex& operator=(const rw_mutex&) = delete;

  // Exclusive (writer) locking, Go's Lock/TryLock/Unlock. Unlocking a
  // rw_mutex that is not write-locked is a fatal error, as in Go.
  void lock();
  bool try_lock();
  void unlock();

  // Shared (reader) locking, Go's RLock/TryRLock/RUnlock. A reader that
  // already holds the lock must not lock it again: a writer waiting in
  // between would deadlock them both (as in Go).
  void lock_shared() {
    if (readers_.fetch_add(1, std::memory_order_acquire) < 0) reader_sem_.acquire(detail::sema_wait::rw_rlock);
  }
  bool try_lock_shared() noexcept {
    std::int32_t r = readers_.load(std::memory_order_relaxed);
    while (r >= 0) {
      if (readers_.compare_exchange_weak(r, r + 1, std::memory_order_acquire,
                                         std::memory_order_relaxed))
        return true;
    }
    return false;
  }
  void unlock_shared() {
    std::int32_t r = readers_.fetch_sub(1, std::memory_order_release) - 1;
    if (r < 0) unlock_shared_slow(r);
  }

 private:
  // readers_ counts readers holding or waiting for the lock; a writer that
  // wants the lock subtracts max_readers, so readers arriving after it see
  // a negative count and wait on reader_sem_.
  static constexpr std::int32_t max_readers = 1 << 30;
  void unlock_shared_slow(std::int32_t r);

  mutex writer_;                           // held by the writer wanting or holding the lock
  std::atomic<std::int32_t> readers_{0};
  std::atomic<std::int32_t> departing_{0};  // readers the writer still waits for
  detail::sema writer_sem_;
  detail::sema reader_sem_;
};

}  // namespace gogo

#endif
