// detail::sema, the semaphore rw_mutex parks its readers and writer on.
#include "spin_lock.hpp"
#include "wait.hpp"

#include <gogo/detail/sema.hpp>

namespace gogo::detail {
namespace {

wait_reason reason_of(sema_wait why) noexcept {
  switch (why) {
    case sema_wait::rw_lock: return wait_reason::rw_lock;
    case sema_wait::rw_rlock: return wait_reason::rw_rlock;
    case sema_wait::semacquire: break;
  }
  return wait_reason::semacquire;
}

}  // namespace

void sema::acquire(sema_wait why) {
  spin_lock::lock(lock_);
  if (count_ > 0) {
    count_--;
    spin_lock::unlock(lock_);
    return;
  }
  sudog me;
  me.who = current_parker();
  enqueue(waiters_, &me);
  park(me.who, reason_of(why), &unlock_lock_word, &lock_);
}

void sema::release() {
  spin_lock::lock(lock_);
  sudog* w = dequeue(waiters_);
  if (!w) count_++;
  spin_lock::unlock(lock_);
  if (w) wake(w->who);
}

}  // namespace gogo::detail
