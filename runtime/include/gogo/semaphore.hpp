// gogo::semaphore: a weighted semaphore, golang.org/x/sync/semaphore's
// Weighted. Waiters are served in arrival order: one waiting for more than
// is free holds back those behind it, so large requests are not starved.
#ifndef GOGO_SEMAPHORE_HPP
#define GOGO_SEMAPHORE_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/context.hpp>
#include <gogo/detail/waitq.hpp>

#include <cstdint>
#include <system_error>

namespace gogo {

namespace detail {
struct semaphore_waiter;
}

class semaphore {
 public:
  // A semaphore of `size` units, all free.
  explicit semaphore(std::int64_t size) noexcept : size_(size) {}
  semaphore(const semaphore&) = delete;
  semaphore& operator=(const semaphore&) = delete;

  // Takes n units, waiting (parked, or blocking a plain thread) until they
  // are free; waits forever if n exceeds the size.
  void acquire(std::int64_t n = 1) { acquire(background(), n); }

  // Takes n units, or gives up when ctx ends first: then it returns
  // ctx.err() and has taken nothing (also when ctx had already ended).
  // An empty error_code on success.
  std::error_code acquire(const context& ctx, std::int64_t n = 1);

  // Takes n units if they are free now and nobody waits; never blocks.
  bool try_acquire(std::int64_t n = 1);

  // Gives back n units. Throws std::logic_error "semaphore: released more
  // than held" when more units would be free than the size.
  void release(std::int64_t n = 1);

 private:
  void wake_waiters_locked();

  const std::int64_t size_;
  detail::lock_word lock_;
  std::int64_t used_ = 0;                        // guarded by lock_
  detail::semaphore_waiter* first_ = nullptr;  // guarded by lock_
  detail::semaphore_waiter* last_ = nullptr;
};

}  // namespace gogo

#endif
