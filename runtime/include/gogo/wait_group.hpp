// gogo::wait_group: Go's sync.WaitGroup.
#ifndef GOGO_WAIT_GROUP_HPP
#define GOGO_WAIT_GROUP_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/detail/waitq.hpp>

#include <atomic>
#include <cstdint>

namespace gogo {

class wait_group {
 public:
  wait_group() = default;
  wait_group(const wait_group&) = delete;
  wait_group& operator=(const wait_group&) = delete;

  // Adds n (may be negative) to the counter; when it reaches zero every
  // waiter is released. Throws std::logic_error
  // "sync: negative WaitGroup counter" if it would go below zero.
  void add(long n);
  void done() { add(-1); }
  // Blocks (parks the goroutine, or blocks the OS thread) until the counter
  // is zero.
  void wait();

 private:
  // High 32 bits: the counter; low 32 bits: how many waiters are queued.
  std::atomic<std::uint64_t> state_{0};
  detail::lock_word lock_;  // guards waiters_
  detail::waitq waiters_;
};

}  // namespace gogo

#endif
