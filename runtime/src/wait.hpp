// wait: owns sudog, the record a blocked goroutine or thread leaves in a
// wait queue (channels, select, wait_group, mutex), and the queue operations
// on it. A sudog lives on its waiter's stack for exactly one wait, so waits
// allocate nothing. Every queue is guarded by the lock of its owner.
#ifndef GOGO_SRC_WAIT_HPP
#define GOGO_SRC_WAIT_HPP

#include "goroutines.hpp"
#include "scheduler.hpp"

#include <gogo/detail/waitq.hpp>

#include <atomic>
#include <cstdint>

namespace gogo::detail {

// Shared by the sudogs of one blocked select: the first waker to flip `done`
// owns the select and records which case it completed.
struct select_state {
  std::atomic<int> done{0};
  sudog* fired = nullptr;
};

struct sudog {
  parker who;
  void* elem = nullptr;  // value to send, or room for the received value
  sudog* prev = nullptr;
  sudog* next = nullptr;
  // The waiters queued 2, 3, ... hint_depth places before this one, when it
  // was queued: prefetch hints only, never dereferenced (any of them may
  // have left the queue since). A waitq drained from the back (close, a
  // wait_group reaching zero) walks a list whose every node is on another
  // goroutine's stack, one cache and TLB miss each; with these it has the
  // next several in flight at once.
  static constexpr int hint_depth = 4;
  sudog* hint[hint_depth - 1] = {};
  select_state* sel = nullptr;  // non-null when part of a select
  std::uint32_t case_index = 0;
  bool success = false;  // set by the waker: the operation completed
  bool queued = false;   // still linked in a waitq
};

inline void enqueue(waitq& q, sudog* s) noexcept {
  s->next = nullptr;
  s->prev = q.last;
  if (q.last) {
    s->hint[0] = q.last->prev;
    for (int i = 1; i < sudog::hint_depth - 1; i++) s->hint[i] = q.last->hint[i - 1];
    q.last->next = s;
  } else {
    q.first = s;
  }
  q.last = s;
  s->queued = true;
}

inline void enqueue_front(waitq& q, sudog* s) noexcept {
  s->prev = nullptr;
  s->next = q.first;
  if (q.first) {
    q.first->prev = s;
  } else {
    q.last = s;
  }
  q.first = s;
  s->queued = true;
}

inline void unlink(waitq& q, sudog* s) noexcept {
  if (s->prev) {
    s->prev->next = s->next;
  } else {
    q.first = s->next;
  }
  if (s->next) {
    s->next->prev = s->prev;
  } else {
    q.last = s->prev;
  }
  s->prev = s->next = nullptr;
  s->queued = false;
}

// Blocks p like block(), saying why for the reports.
inline void park(const parker& p, wait_reason why, void (*unlock)(void*), void* arg) {
  note_wait(p, why);
  block(p, unlock, arg);
}

// Whether the caller, having just unlinked s, may wake it: always, unless s
// is a case of a select, where only the waker that wins the CAS on `done`
// may (and records the case); a losing case is just dropped.
inline bool claim(sudog* s) noexcept {
  if (!s->sel) return true;
  int expected = 0;
  if (!s->sel->done.compare_exchange_strong(expected, 1, std::memory_order_acq_rel)) return false;
  s->sel->fired = s;
  return true;
}

// Removes and returns the first waiter that can still be woken (claim()).
inline sudog* dequeue(waitq& q) noexcept {
  while (sudog* s = q.first) {
    unlink(q, s);
    if (claim(s)) return s;
  }
  return nullptr;
}

// dequeue() from the back: the last waiter that can still be woken. For
// draining a whole queue, where the order does not matter.
inline sudog* dequeue_last(waitq& q) noexcept {
  while (sudog* s = q.last) {
    __builtin_prefetch(s->hint[sudog::hint_depth - 2], 1);
    unlink(q, s);
    if (claim(s)) return s;
  }
  return nullptr;
}

// Takes every waiter that can still be woken off q, as a list linked
// through `next`, for wake_list() once q's lock is released; *taken (if
// given) gets their number.
inline sudog* take_all(waitq& q, std::uint32_t* taken = nullptr) noexcept {
  sudog* list = nullptr;
  std::uint32_t n = 0;
  while (sudog* w = dequeue_last(q)) {
    w->next = list;
    list = w;
    n++;
  }
  if (taken) *taken = n;
  return list;
}

// Wakes every waiter of a take_all() list. Each sudog is read before its
// owner is woken: after that it may be gone.
inline void wake_list(sudog* list) noexcept {
  while (list) {
    sudog* next = list->next;
    wake(list->who);
    list = next;
  }
}

}  // namespace gogo::detail

#endif
