#include "stack_pool.hpp"

#include "sanitizer.hpp"
#include "stack_memory.hpp"

#include <cstdint>
#include <mutex>
#include <sys/mman.h>

namespace gogo::detail {
namespace {

// One reservation holds this many bytes of stacks (address space only:
// MAP_NORESERVE, nothing is committed until touched).
constexpr std::size_t chunk_bytes = std::size_t(1) << 30;
constexpr std::size_t carve_batch = 32;
// Fresh stacks idle workers keep prepared for spawning.
constexpr std::size_t prepared_target = 256;
// Free stacks kept warm (top page committed) once a burst is over; the
// rest are released whole (see idle_work).
constexpr std::size_t warm_keep = 1024;

}  // namespace

stack_pool::stack_pool(std::size_t stack_size)
    : stack_size_(stack_size), guard_size_(guard_size_for(stack_size)) {
  // A goroutine touches the top of its stack every time it runs; keep that
  // part warm and trim only what lies below it.
  hot_size_ = stack_size_ / 4 < 32 * 1024 ? stack_size_ / 4 : 32 * 1024;
  hot_size_ -= hot_size_ % page_size();
}

// Each reservation starts with one stack's worth of guard, so that below
// every stack lies a guarded stack slot: a frame that skips a stack's own
// guard (code without stack probes) faults in the next guard down rather
// than in whatever mapping lies below the reservation, if it reaches that
// far (docs/runtime.md, "Stack sizes and overflow").
void stack_pool::reserve(void** out, std::size_t n) {
  for (std::size_t i = 0; i < n; i++) {
    if (chunk_next_ == chunk_end_) {
      std::size_t bytes = chunk_bytes - chunk_bytes % stack_size_;
      if (bytes < 2 * stack_size_) bytes = 2 * stack_size_;
#if GOGO_ASAN
      bytes = stack_size_ * (carve_batch + 1);
#endif
      char* p = static_cast<char*>(reserve_stack_memory(bytes));
      install_guard(p, stack_size_);
      chunk_next_ = p + stack_size_;
      chunk_end_ = p + bytes;
      chunks_.store(new chunk{chunk_next_, {chunk_next_}, chunks_.load(std::memory_order_relaxed)},
                    std::memory_order_release);
    }
    out[i] = chunk_next_;
    chunk_next_ += stack_size_;
    chunks_.load(std::memory_order_relaxed)->carved.store(chunk_next_, std::memory_order_release);
  }
  // The highest stack carved here lies just below the next one carved, which
  // another thread may hand out before this batch is guarded (guard() runs
  // outside mu_). So that every stack handed out has a guarded slot below
  // it, that one stack's guard goes in now, under mu_.
  install_guard(out[n - 1], guard_size_);
}

// Installs the guard of each stack, outside mu_ (one system call each).
void stack_pool::guard(void* const* stacks, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; i++) install_guard(stacks[i], guard_size_);
}

namespace {
std::int64_t now_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

void stack_pool::take(void** out, std::size_t n) {
  last_use_ns_.store(now_ns(), std::memory_order_relaxed);
  std::size_t got = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    while (got < n && !returned_.empty()) {
      out[got++] = returned_.back();
      returned_.pop_back();
    }
    while (got < n && !clean_.empty()) {
      out[got++] = clean_.back();
      clean_.pop_back();
    }
    while (got < n && !cold_.empty()) {
      out[got++] = cold_.back();
      cold_.pop_back();
    }
    if (got == n) return;
    reserve(out + got, n - got);
  }
  guard(out + got, n - got - 1);
}

void stack_pool::give(void* const* stacks, std::size_t n) {
  // No trimming here: a returned stack holds no more memory than it did
  // while its goroutine lived, so the process never exceeds its peak; idle
  // workers trim later (like Go's background scavenger). Trimming here
  // would cost a page fault per stack (the probe in trim()) right when a
  // burst of goroutines exits.
  last_use_ns_.store(now_ns(), std::memory_order_relaxed);
  std::lock_guard<std::mutex> lock(mu_);
  returned_.insert(returned_.end(), stacks, stacks + n);
}

std::chrono::nanoseconds stack_pool::chores_due_in() {
  std::chrono::nanoseconds wait_for;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!returned_.empty()) {
      wait_for = quiet;
    } else if (clean_.size() > warm_keep && !releasing_) {
      wait_for = release_after;
    } else {
      return std::chrono::nanoseconds::zero();
    }
  }
  auto since = std::chrono::nanoseconds(now_ns() - last_use_ns_.load(std::memory_order_relaxed));
  auto left = wait_for - since;
  // At least a microsecond: zero means "nothing pending".
  return left < std::chrono::microseconds(1) ? std::chrono::microseconds(1) : left;
}

bool stack_pool::idle_work() {
  void* batch[carve_batch];
  std::size_t n = 0;
  enum { prepare, trim_returned, release_surplus } job = trim_returned;
  const auto since = std::chrono::nanoseconds(now_ns() - last_use_ns_.load(std::memory_order_relaxed));
  const bool quiet_now = since >= quiet;
  const bool release_now = since >= release_after;
  {
    std::lock_guard<std::mutex> lock(mu_);
    // One worker at a time releases: releasing a committed page makes the
    // kernel flush the TLBs of every CPU running this process, so a second
    // releaser would mostly interrupt the first.
    const bool may_release = release_now && !releasing_;
    if (quiet_now && !returned_.empty()) {
      while (n < carve_batch && !returned_.empty()) {
        batch[n++] = returned_.back();
        returned_.pop_back();
      }
      // Beyond warm_keep free stacks, release them whole instead.
      if (may_release && clean_.size() >= warm_keep) job = release_surplus;
    } else if (may_release && clean_.size() > warm_keep) {
      while (n < carve_batch && clean_.size() > warm_keep) {
        batch[n++] = clean_.back();
        clean_.pop_back();
      }
      job = release_surplus;
    } else if (returned_.empty() && clean_.size() + cold_.size() < prepared_target) {
      reserve(batch, carve_batch);
      n = carve_batch;
      job = prepare;
    }
    if (n != 0 && job == release_surplus) releasing_ = true;
  }
  if (n == 0) return false;
  switch (job) {
    case prepare:
      guard(batch, n - 1);
      // Commit the top page now, in idle time, rather than in spawn.
      for (std::size_t i = 0; i < n; i++)
        static_cast<volatile char*>(batch[i])[stack_size_ - 1] = 0;
      break;
    case trim_returned:
      for (std::size_t i = 0; i < n; i++) trim(batch[i]);
      break;
    case release_surplus:
      for (std::size_t i = 0; i < n; i++) release(batch[i]);
      break;
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto& into = job == release_surplus ? cold_ : clean_;
  into.insert(into.end(), batch, batch + n);
  if (job == release_surplus) releasing_ = false;
  return true;
}

// Everything above the guard goes back to the kernel; the guard stays
// (MADV_DONTNEED keeps MADV_GUARD_INSTALL markers, and an mprotect guard is
// not in the range). The next goroutine on this stack faults its top page
// in again.
void stack_pool::release(void* stack) noexcept {
  madvise(static_cast<char*>(stack) + guard_size_, stack_size_ - guard_size_, MADV_DONTNEED);
}

// Stack memory that was never written reads as zero. If the cache line just
// below the hot region holds anything else, the goroutine went deeper than
// the hot region since the last trim, so release everything below it. A
// false "clean" only delays the trim; it never loses data (the stack is free).
GOGO_NO_ASAN void stack_pool::trim(void* stack) noexcept {
  if (stack_size_ < 4 * hot_size_ || hot_size_ == 0) return;
  char* lo = static_cast<char*>(stack) + guard_size_;
  char* hot_lo = static_cast<char*>(stack) + stack_size_ - hot_size_;
  const volatile std::uint64_t* probe =
      reinterpret_cast<const volatile std::uint64_t*>(hot_lo - 64);
  std::uint64_t any = 0;
  for (int i = 0; i < 8; i++) any |= probe[i];
  if (any == 0) return;
  madvise(lo, std::size_t(hot_lo - lo), MADV_DONTNEED);
}

}  // namespace gogo::detail
