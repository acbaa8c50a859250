// rw_mutex: Go's RWMutex algorithm. A writer first takes writer_ (so
// writers queue one at a time), then announces itself by subtracting
// max_readers from readers_: from then on new readers wait on reader_sem_.
// The readers that held the lock at that moment are counted into
// departing_; the last of them to unlock releases writer_sem_. Unlock adds
// max_readers back and releases one reader_sem_ count per reader that
// arrived meanwhile.
#include "fatal.hpp"

#include <gogo/rw_mutex.hpp>

namespace gogo {

void rw_mutex::lock() {
  writer_.lock();
  std::int32_t r = readers_.fetch_sub(max_readers, std::memory_order_acq_rel);
  if (r != 0 && departing_.fetch_add(r, std::memory_order_acq_rel) + r != 0)
    writer_sem_.acquire(detail::sema_wait::rw_lock);
}

bool rw_mutex::try_lock() {
  if (!writer_.try_lock()) return false;
  std::int32_t none = 0;
  if (!readers_.compare_exchange_strong(none, -max_readers, std::memory_order_acquire,
                                        std::memory_order_relaxed)) {
    writer_.unlock();
    return false;
  }
  return true;
}

void rw_mutex::unlock() {
  std::int32_t r = readers_.fetch_add(max_readers, std::memory_order_release) + max_readers;
  if (r >= max_readers) detail::fatal_error("sync: Unlock of unlocked RWMutex");
  for (std::int32_t i = 0; i < r; i++) reader_sem_.release();
  writer_.unlock();
}

void rw_mutex::unlock_shared_slow(std::int32_t r) {
  if (r + 1 == 0 || r + 1 == -max_readers) detail::fatal_error("sync: RUnlock of unlocked RWMutex");
  // A writer is waiting: the last reader it waits for lets it in.
  if (departing_.fetch_sub(1, std::memory_order_acq_rel) == 1) writer_sem_.release();
}

}  // namespace gogo
