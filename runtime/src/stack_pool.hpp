// stack_pool: owns goroutine stack memory. Stacks are carved from large
// MAP_NORESERVE reservations (so a million stacks cost a handful of memory
// mappings), committed lazily by touch, given a guard page each, reused
// after a goroutine exits, and trimmed with MADV_DONTNEED when a goroutine
// used a deep stack. See docs/design/scheduler.md, "Stack pool".
#ifndef GOGO_SRC_STACK_POOL_HPP
#define GOGO_SRC_STACK_POOL_HPP

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstddef>
#include <deque>
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

  // Fills out[0..n) with free stacks (their lowest address). Prefers stacks
  // that were just given back (warm), then clean ones, then carves fresh
  // ones. Exits the process with a message when address space runs out.
  void take(void** out, std::size_t n);
  // Returns stacks to the pool. They are trimmed later, in idle time.
  void give(void* const* stacks, std::size_t n);

  // Work for a worker that has nothing to run: prepares a batch of fresh
  // stacks (guard installed, top page touched) so that spawning does not pay
  // for it, or, once no stack has been taken or given back for `quiet` (a
  // burst of goroutines is over), trims a batch of returned stacks, or, past
  // `release_after` and the first warm_keep free stacks, releases them whole
  // (a process that once parked a million goroutines does not keep their
  // 4 GB). Returns false when there was nothing to do now. Takes a few
  // dozen microseconds at most.
  bool idle_work();
  // How long until idle_work() has trimming to do (zero: none pending).
  std::chrono::nanoseconds chores_due_in();

  // Every stack carved so far, in use or free, for the reports' walk over
  // all goroutines: a list of reservations, each carved from its start up
  // to `carved`. Lock-free to read (only appended to, and `carved` only
  // grows), so a report may walk it while a stopped thread holds mu_.
  struct chunk {
    char* base;
    std::atomic<char*> carved;
    chunk* next;
  };
  const chunk* chunks() const noexcept { return chunks_.load(std::memory_order_acquire); }
  // Where the list's head is, for debuggers (gogo_debug_layout).
  const void* chunk_list_head() const noexcept { return &chunks_; }

  // Trimming waits this long after the last take() or give(): a stack
  // reused soon needs no trim, and trimming one costs a page fault (trim()'s
  // probe) that, in the middle of a burst, would compete with the goroutines
  // of the burst.
  static constexpr std::chrono::milliseconds quiet{20};
  // Free stacks beyond the warm reserve are released whole only after this
  // long without takes or gives: bursts that come more often than that find
  // their stacks still committed.
  static constexpr std::chrono::milliseconds release_after{1000};

 private:
  // Releases the pages of a free stack that its goroutine used below the hot
  // top region, if any.
  void trim(void* stack) noexcept;
  // Releases all of a free stack's pages but its guard.
  void release(void* stack) noexcept;
  // Reserves n > 0 fresh stacks (needs mu_), the last one guarded;
  // guard() then makes the others usable.
  void reserve(void** out, std::size_t n);
  void guard(void* const* stacks, std::size_t n) noexcept;

  std::size_t stack_size_;
  std::size_t guard_size_;
  std::size_t hot_size_;  // top bytes never trimmed
  std::mutex mu_;
  std::deque<void*> returned_;   // given back, not yet trimmed (newest last)
  std::vector<void*> clean_;     // trimmed, or prepared and never used (top page committed)
  std::vector<void*> cold_;      // released whole: only the guard is left
  bool releasing_ = false;       // a worker is releasing a batch (guarded by mu_)
  char* chunk_next_ = nullptr;
  char* chunk_end_ = nullptr;
  std::atomic<chunk*> chunks_{nullptr};  // newest first; never freed
  std::atomic<std::int64_t> last_use_ns_{0};  // steady_clock, at take() and give()
};

// A worker's private cache of free stacks in front of the shared pool.
class stack_cache {
 public:
  void* get(stack_pool& pool) {
    if (n_ == 0) {
      pool.take(stacks_, refill);
      n_ = refill;
    }
    return stacks_[--n_];
  }
  void put(stack_pool& pool, void* stack) {
    if (n_ == capacity) {
      pool.give(stacks_ + (capacity - refill), refill);
      n_ -= refill;
    }
    stacks_[n_++] = stack;
  }
  // The stack the (k+1)-th next get() returns, if cached (to prefetch it).
  void* peek(std::size_t k) const noexcept { return k < n_ ? stacks_[n_ - 1 - k] : nullptr; }
  // Gives every cached stack back to the pool.
  void drain(stack_pool& pool) {
    if (n_ != 0) pool.give(stacks_, n_);
    n_ = 0;
  }

 private:
  static constexpr std::size_t capacity = 64;
  static constexpr std::size_t refill = 32;
  void* stacks_[capacity];
  std::size_t n_ = 0;
};

}  // namespace gogo::detail

#endif
