#include "stack_pool.hpp"

#include "sanitizer.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102  // Linux >= 6.13
#endif

namespace gogo::detail {
namespace {

enum guard_mode { guard_unknown, guard_madvise, guard_mprotect, guard_none };

// One reservation holds this many bytes of stacks (address space only:
// MAP_NORESERVE, nothing is committed until touched).
constexpr std::size_t chunk_bytes = std::size_t(1) << 30;
constexpr std::size_t carve_batch = 64;

std::size_t page_size() {
  static const std::size_t p = std::size_t(sysconf(_SC_PAGESIZE));
  return p;
}

}  // namespace

stack_pool::stack_pool(std::size_t stack_size)
    : stack_size_(stack_size),
      // More than one page, where the stack is big enough, so that a frame
      // larger than a page is less likely to jump over the guard.
      guard_size_(stack_size >= 64 * 1024 ? 16 * 1024 : page_size()) {
  // A goroutine touches the top of its stack every time it runs; keep that
  // part warm and trim only what lies below it.
  hot_size_ = stack_size_ / 4 < 32 * 1024 ? stack_size_ / 4 : 32 * 1024;
  hot_size_ -= hot_size_ % page_size();
#if GOGO_ASAN
  // LeakSanitizer must scan goroutine stacks (parked goroutines may be the
  // only holders of heap pointers), and it cannot read MADV_GUARD_INSTALL
  // guards; ASan builds are small, so they use mprotect guards.
  guard_mode_ = guard_mprotect;
#endif
}

const char* stack_pool::guard_method() const noexcept {
  switch (guard_mode_) {
    case guard_madvise: return "madvise";
    case guard_mprotect: return "mprotect";
    case guard_none: return "none";
    default: return "unknown";
  }
}

void stack_pool::carve(std::size_t n) {
  for (std::size_t i = 0; i < n; i++) {
    if (chunk_next_ == chunk_end_) {
      std::size_t bytes = chunk_bytes - chunk_bytes % stack_size_;
      if (bytes == 0) bytes = stack_size_;
#if GOGO_ASAN
      bytes = stack_size_ * carve_batch;
#endif
      void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (p == MAP_FAILED) {
        std::fprintf(stderr, "fatal error: gogo: cannot reserve goroutine stacks: %s\n",
                     std::strerror(errno));
        std::_Exit(2);
      }
#if GOGO_ASAN
      __lsan_register_root_region(p, bytes);
#endif
      chunk_next_ = static_cast<char*>(p);
      chunk_end_ = chunk_next_ + bytes;
    }
    char* stack = chunk_next_;
    chunk_next_ += stack_size_;
    if (guard_mode_ == guard_unknown || guard_mode_ == guard_madvise) {
      if (madvise(stack, guard_size_, MADV_GUARD_INSTALL) == 0) {
        guard_mode_ = guard_madvise;
      } else {
        guard_mode_ = guard_mprotect;  // kernel < 6.13
      }
    }
    if (guard_mode_ == guard_mprotect && mprotect(stack, guard_size_, PROT_NONE) != 0) {
      // Out of memory mappings (vm.max_map_count): further stacks go
      // without a guard page rather than failing the spawn.
      guard_mode_ = guard_none;
    }
    free_.push_back(stack);
  }
}

std::size_t stack_pool::take(void** out, std::size_t n) {
  std::lock_guard<std::mutex> lock(mu_);
  if (free_.size() < n) carve(n - free_.size() < carve_batch ? carve_batch : n - free_.size());
  for (std::size_t i = 0; i < n; i++) {
    out[i] = free_.back();
    free_.pop_back();
  }
  return n;
}

void stack_pool::give(void* const* stacks, std::size_t n) {
  for (std::size_t i = 0; i < n; i++) trim(stacks[i]);
  std::lock_guard<std::mutex> lock(mu_);
  free_.insert(free_.end(), stacks, stacks + n);
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
