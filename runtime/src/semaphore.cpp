// semaphore: x/sync/semaphore's algorithm. A waiter that cannot take its
// units at once queues a record on its own stack and selects on its ready
// channel and its context's done channel. Whoever frees units (release, or
// a waiter leaving the front of the queue) grants them to the waiters at the
// front in order while they fit, closing each one's ready channel under
// lock_: so a waiter that finds its context ended can tell, under lock_,
// whether it was granted meanwhile, and gives the units back if it was.
#include "spin_lock.hpp"

#include <gogo/chan.hpp>
#include <gogo/select.hpp>
#include <gogo/semaphore.hpp>

#include <stdexcept>
#include <variant>

namespace gogo {
namespace detail {

struct semaphore_waiter {
  std::int64_t n;
  chan<std::monostate> ready = make_chan<std::monostate>();
  bool granted = false;  // guarded by the semaphore's lock
  semaphore_waiter* prev = nullptr;
  semaphore_waiter* next = nullptr;
};

}  // namespace detail

namespace {

void unlink(detail::semaphore_waiter*& first, detail::semaphore_waiter*& last,
            detail::semaphore_waiter* w) noexcept {
  (w->prev ? w->prev->next : first) = w->next;
  (w->next ? w->next->prev : last) = w->prev;
}

}  // namespace

void semaphore::wake_waiters_locked() {
  while (detail::semaphore_waiter* w = first_) {
    if (size_ - used_ < w->n) break;  // the front waits; so do all behind it
    used_ += w->n;
    unlink(first_, last_, w);
    w->granted = true;
    w->ready.close();
  }
}

std::error_code semaphore::acquire(const context& ctx, std::int64_t n) {
  // A context that has ended fails the call even if the units are free, as
  // in Go: its ending happened before this acquire.
  if (std::error_code err = ctx.err()) return err;
  recv_chan<std::monostate> done = ctx.done();
  detail::spin_lock::lock(lock_);
  if (size_ - used_ >= n && !first_) {
    used_ += n;
    detail::spin_lock::unlock(lock_);
    return {};
  }
  if (n > size_) {
    // Would never fit: wait for ctx without holding back anyone else (for
    // background(), done is nil and this waits forever).
    detail::spin_lock::unlock(lock_);
    done.recv();
    return ctx.err();
  }
  detail::semaphore_waiter me{n};
  me.prev = last_;
  (last_ ? last_->next : first_) = &me;
  last_ = &me;
  detail::spin_lock::unlock(lock_);

  bool ended = false;
  select{on_recv(me.ready, [](std::optional<std::monostate>) {}),
         on_recv(done, [&](std::optional<std::monostate>) { ended = true; })};
  if (!ended) {
    // Granted; but if ctx ended too, select may have picked either: fail
    // the same way whichever it picked.
    if (std::error_code err = ctx.err()) {
      release(n);
      return err;
    }
    return {};
  }
  detail::spin_lock::lock(lock_);
  if (me.granted) {
    // Granted while the context ended: give the units back.
    used_ -= n;
    wake_waiters_locked();
  } else {
    bool was_first = first_ == &me;
    unlink(first_, last_, &me);
    if (was_first && size_ > used_) wake_waiters_locked();
  }
  detail::spin_lock::unlock(lock_);
  return ctx.err();
}

bool semaphore::try_acquire(std::int64_t n) {
  detail::spin_lock::lock(lock_);
  bool ok = size_ - used_ >= n && !first_;
  if (ok) used_ += n;
  detail::spin_lock::unlock(lock_);
  return ok;
}

void semaphore::release(std::int64_t n) {
  detail::spin_lock::lock(lock_);
  if (used_ - n < 0) {
    detail::spin_lock::unlock(lock_);
    throw std::logic_error("semaphore: released more than held");
  }
  used_ -= n;
  wake_waiters_locked();
  detail::spin_lock::unlock(lock_);
}

}  // namespace gogo
