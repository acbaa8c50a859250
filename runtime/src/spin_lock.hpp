// spin_lock: owns the runtime's lock for short critical sections (wait
// queues, channels, the scheduler's global queue and idle list, timers): a
// test-and-test-and-set lock on a lock_word, which backs off and then
// yields the CPU while another thread holds it (lock_slow, spin_lock.cpp).
// Public types that keep a waitq (mutex, wait_group) hold a bare lock_word;
// the runtime locks theirs through the static functions here.
#ifndef GOGO_SRC_SPIN_LOCK_HPP
#define GOGO_SRC_SPIN_LOCK_HPP

#include "thread_safety.hpp"

#include <gogo/detail/waitq.hpp>

#include <atomic>

namespace gogo::detail {

class GOGO_CAPABILITY("spin_lock") spin_lock {
 public:
  void lock() noexcept GOGO_ACQUIRE() { lock(word_); }
  void unlock() noexcept GOGO_RELEASE() { unlock(word_); }
  bool try_lock() noexcept GOGO_TRY_ACQUIRE(true) { return try_lock(word_); }

  static void lock(lock_word& w) noexcept {
    if (!w.held.exchange(true, std::memory_order_acquire)) return;
    lock_slow(w);
  }
  static void unlock(lock_word& w) noexcept { w.held.store(false, std::memory_order_release); }
  static bool try_lock(lock_word& w) noexcept {
    return !w.held.load(std::memory_order_relaxed) &&
           !w.held.exchange(true, std::memory_order_acquire);
  }

 private:
  static void lock_slow(lock_word& w) noexcept;
  lock_word word_;
};

// Holds a spin_lock for its scope, as std::lock_guard does; unlike
// std::lock_guard, the thread-safety analysis understands it.
class GOGO_SCOPED_CAPABILITY spin_lock_guard {
 public:
  explicit spin_lock_guard(spin_lock& l) noexcept GOGO_ACQUIRE(l) : l_(l) { l_.lock(); }
  ~spin_lock_guard() GOGO_RELEASE() { l_.unlock(); }
  spin_lock_guard(const spin_lock_guard&) = delete;
  spin_lock_guard& operator=(const spin_lock_guard&) = delete;

 private:
  spin_lock& l_;
};

// block()'s unlock callbacks: for a spin_lock, and for a public type's
// lock_word. They release a lock that block()'s caller took.
inline void unlock_spin_lock(void* l) noexcept GOGO_NO_THREAD_SAFETY_ANALYSIS {
  static_cast<spin_lock*>(l)->unlock();
}
inline void unlock_lock_word(void* w) noexcept { spin_lock::unlock(*static_cast<lock_word*>(w)); }

}  // namespace gogo::detail

#endif
