// gogo::cond: Go's sync.Cond, a condition variable whose waiters park
// (goroutines) or block (plain threads).
#ifndef GOGO_COND_HPP
#define GOGO_COND_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/detail/waitq.hpp>

#include <atomic>
#include <cstdint>

namespace gogo {

class cond {
 public:
  cond() = default;
  cond(const cond&) = delete;
  cond& operator=(const cond&) = delete;

  // Unlocks l (a gogo::mutex, a std::unique_lock of one, or any other
  // BasicLockable the caller holds), waits for signal() or broadcast(),
  // and locks l again before returning. Go's c.Wait() with c.L = l. As in
  // Go, a waiter must recheck its condition in a loop: another goroutine
  // may have changed it again before this one runs.
  template <class Lock>
  void wait(Lock& l) {
    std::uint32_t ticket = enter();
    l.unlock();
    wait_for_turn(ticket);
    l.lock();
  }

  // Wakes one waiter, if any (the one waiting longest).
  void signal();
  // Wakes every waiter.
  void broadcast();

 private:
  // Tickets (Go's notifyList): a waiter takes one before it unlocks l, so
  // a signal between its unlock and its parking still counts for it.
  // Waiters with tickets below notified_ have been signalled.
  std::uint32_t enter() noexcept { return next_ticket_.fetch_add(1, std::memory_order_relaxed); }
  void wait_for_turn(std::uint32_t ticket);

  std::atomic<std::uint32_t> next_ticket_{0};
  std::atomic<std::uint32_t> notified_{0};  // written under lock_
  detail::lock_word lock_;
  detail::waitq waiters_;
};

}  // namespace gogo

#endif
