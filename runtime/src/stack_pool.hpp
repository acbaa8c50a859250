// stack_pool: owns goroutine stack memory. Stacks are carved from large
// MAP_NORESERVE reservations (so a million stacks cost a handful of memory
// mappings), committed lazily by touch, given a guard page each, reused
// after a goroutine exits, and trimmed with MADV_DONTNEED when a goroutine
// used a deep stack. See docs/design/scheduler.md, "Stack pool".
#ifndef GOGO_SRC_STACK_POOL_HPP
#define GOGO_SRC_STACK_POOL_HPP

#include <cstddef>
#include <mutex>
#include <vector>

namespace gogo::detail {

class stack_pool {
 public:
  // Every stack is stack_size bytes; the lowest guard_size of them are the
  // guard. stack_size must be a multiple of the page size.
  explicit stack_pool(std::size_t stack_size);

  std::size_t stack_size() const noexcept { return stack_size_; }
  std::size_t guard_size() const noexcept { return guard_size_; }

  // Fills `out` with up to n free stacks (their lowest address); returns how
  // many. Carves fresh stacks when no free ones are left; exits the process
  // with a message when the address space is exhausted.
  std::size_t take(void** out, std::size_t n);
  // Returns stacks to the pool, trimming each one (see trim()). Stacks
  // cycling through a worker's cache are not trimmed: that cache is small
  // and bounded, so what it can pin is bounded too.
  void give(void* const* stacks, std::size_t n);

  // Releases the pages of a free stack that its goroutine used below the hot
  // top region, if any; cheap when the stack stayed shallow.
  void trim(void* stack) noexcept;

  // How the guard pages are made: "madvise" (MADV_GUARD_INSTALL, no extra
  // mapping), "mprotect" (one mapping per stack) or "none".
  const char* guard_method() const noexcept;

 private:
  void carve(std::size_t n);  // needs mu_

  std::size_t stack_size_;
  std::size_t guard_size_;
  std::size_t hot_size_;  // top bytes never trimmed
  std::mutex mu_;
  std::vector<void*> free_;
  char* chunk_next_ = nullptr;
  char* chunk_end_ = nullptr;
  int guard_mode_ = 0;
};

// A worker's private cache of free stacks in front of the shared pool.
class stack_cache {
 public:
  void* get(stack_pool& pool) {
    if (n_ == 0) n_ = pool.take(stacks_, refill);
    return stacks_[--n_];
  }
  void put(stack_pool& pool, void* stack) {
    if (n_ == capacity) {
      pool.give(stacks_ + (capacity - refill), refill);
      n_ -= refill;
    }
    stacks_[n_++] = stack;
  }

 private:
  static constexpr std::size_t capacity = 64;
  static constexpr std::size_t refill = 32;
  void* stacks_[capacity];
  std::size_t n_ = 0;
};

}  // namespace gogo::detail

#endif
