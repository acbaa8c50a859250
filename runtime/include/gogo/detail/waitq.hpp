// gogo::detail::waitq: the FIFO of blocked waiters that channels,
// wait_group and mutex keep, and lock_word, the state of the lock that
// guards it. The queue's records (sudog) live on the waiters' own stacks and
// the lock's code is the runtime's (its spin_lock); public types only hold a
// list head and a lock word, so this header is all they see.
#ifndef GOGO_DETAIL_WAITQ_HPP
#define GOGO_DETAIL_WAITQ_HPP

#include <atomic>

namespace gogo::detail {

struct sudog;

struct waitq {
  sudog* first = nullptr;
  sudog* last = nullptr;
};

// Only the runtime locks and unlocks it; true while held.
struct lock_word {
  std::atomic<bool> held{false};
};

}  // namespace gogo::detail

#endif
