// once: the first caller runs the function; the others park until it
// returns. state_ moves not_started -> running -> done under lock_, so a
// caller that saw `running` and queued itself is woken by finish(), which
// takes lock_ to set `done`.
#include "spin_lock.hpp"
#include "wait.hpp"

#include <gogo/once.hpp>

namespace gogo {

void once::call_slow(void (*run)(void*), void* f) {
  detail::spin_lock::lock(lock_);
  switch (state_.load(std::memory_order_relaxed)) {
    case done:
      detail::spin_lock::unlock(lock_);
      return;
    case running: {
      detail::sudog me;
      me.who = detail::current_parker();
      detail::enqueue(waiters_, &me);
      // Go's Once waits in a Mutex: its reports say so.
      detail::park(me.who, detail::wait_reason::mutex, &detail::unlock_lock_word, &lock_);
      return;
    }
    default:
      break;
  }
  state_.store(running, std::memory_order_relaxed);
  detail::spin_lock::unlock(lock_);
  struct finish_on_exit {
    once* self;
    ~finish_on_exit() { self->finish(); }
  } guard{this};
  run(f);
}

void once::finish() noexcept {
  detail::spin_lock::lock(lock_);
  state_.store(done, std::memory_order_release);
  detail::sudog* list = detail::take_all(waiters_);
  detail::spin_lock::unlock(lock_);
  detail::wake_list(list);
}

}  // namespace gogo
