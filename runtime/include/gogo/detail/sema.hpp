// gogo::detail::sema: a counting semaphore that parks goroutines (or blocks
// plain threads), Go's runtime_Semacquire/Semrelease. A release with nobody
// waiting is remembered in the count; one with waiters hands the count
// straight to the first of them (FIFO).
#ifndef GOGO_DETAIL_SEMA_HPP
#define GOGO_DETAIL_SEMA_HPP

#include <gogo/detail/waitq.hpp>

#include <cstdint>

namespace gogo::detail {

// What a goroutine waiting in sema::acquire() waits for, in the reports.
enum class sema_wait : std::uint8_t { semacquire, rw_lock, rw_rlock };

class sema {
 public:
  void acquire(sema_wait why = sema_wait::semacquire);
  void release();

 private:
  lock_word lock_;
  std::uint32_t count_ = 0;  // guarded by lock_; nonzero only while waiters_ is empty
  waitq waiters_;
};

}  // namespace gogo::detail

#endif
