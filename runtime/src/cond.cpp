// cond: Go's notifyList. Tickets and notified_ wrap around; comparisons
// are modular (before()), which holds while fewer than 2^31 waiters are
// outstanding at once. A queued waiter's ticket is in its sudog's `elem`.
#include "spin_lock.hpp"
#include "wait.hpp"

#include <gogo/cond.hpp>

namespace gogo {
namespace {

bool before(std::uint32_t a, std::uint32_t b) noexcept { return std::int32_t(a - b) < 0; }

std::uint32_t ticket_of(const detail::sudog* s) noexcept {
  return *static_cast<const std::uint32_t*>(s->elem);
}

}  // namespace

void cond::wait_for_turn(std::uint32_t ticket) {
  detail::spin_lock::lock(lock_);
  if (before(ticket, notified_.load(std::memory_order_relaxed))) {
    detail::spin_lock::unlock(lock_);  // signalled between enter() and here
    return;
  }
  detail::sudog me;
  me.who = detail::current_parker();
  me.elem = &ticket;
  detail::enqueue(waiters_, &me);
  detail::park(me.who, detail::wait_reason::cond_wait, &detail::unlock_lock_word, &lock_);
}

void cond::signal() {
  // Fast path: nobody has taken a ticket that was not signalled yet.
  if (next_ticket_.load(std::memory_order_acquire) == notified_.load(std::memory_order_relaxed))
    return;
  detail::spin_lock::lock(lock_);
  std::uint32_t t = notified_.load(std::memory_order_relaxed);
  if (t == next_ticket_.load(std::memory_order_acquire)) {
    detail::spin_lock::unlock(lock_);
    return;
  }
  notified_.store(t + 1, std::memory_order_relaxed);
  // The waiter holding ticket t may not have queued itself yet; then it
  // sees notified_ past its ticket and does not park.
  detail::sudog* found = nullptr;
  for (detail::sudog* s = waiters_.first; s; s = s->next) {
    if (ticket_of(s) == t) {
      found = s;
      break;
    }
  }
  if (found) detail::unlink(waiters_, found);
  detail::spin_lock::unlock(lock_);
  if (found) detail::wake(found->who);
}

void cond::broadcast() {
  if (next_ticket_.load(std::memory_order_acquire) == notified_.load(std::memory_order_relaxed))
    return;
  detail::spin_lock::lock(lock_);
  notified_.store(next_ticket_.load(std::memory_order_acquire), std::memory_order_relaxed);
  detail::sudog* list = detail::take_all(waiters_);
  detail::spin_lock::unlock(lock_);
  detail::wake_list(list);
}

}  // namespace gogo
