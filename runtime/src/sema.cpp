// detail::sema, the semaphore rw_mutex parks its readers and writer on.
#include "spin_lock.hpp"
#include "wait.hpp"

#include <gogo/detail/sema.hpp>

namespace gogo::detail {

void sema::acquire() {
  spin_lock::lock(lock_);
  if (count_ > 0) {
    count_--;
    spin_lock::unlock(lock_);
    return;
  }
  sudog me;
  me.who = current_parker();
  enqueue(waiters_, &me);
  block(me.who, &unlock_lock_word, &lock_);
}

void sema::release() {
  spin_lock::lock(lock_);
  sudog* w = dequeue(waiters_);
  if (!w) count_++;
  spin_lock::unlock(lock_);
  if (w) wake(w->who);
}

}  // namespace gogo::detail
