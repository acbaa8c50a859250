#include "stack_memory.hpp"

#include "fatal.hpp"
#include "sanitizer.hpp"

#include <atomic>
#include <cerrno>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102  // Linux >= 6.13
#endif

namespace gogo::detail {
namespace {

enum guard_mode { guard_unknown, guard_madvise, guard_mprotect, guard_none };
std::atomic<int> mode{guard_unknown};

// Finds out once whether the kernel has MADV_GUARD_INSTALL (>= 6.13).
int probe_guard_mode() noexcept {
#if GOGO_ASAN
  // LeakSanitizer must scan goroutine stacks (parked goroutines may be the
  // only holders of heap pointers), and it cannot read MADV_GUARD_INSTALL
  // guards; ASan builds are small, so they use mprotect guards.
  return guard_mprotect;
#else
  const std::size_t len = page_size();
  void* p = mmap(nullptr, 2 * len, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  bool ok = p != MAP_FAILED && madvise(p, len, MADV_GUARD_INSTALL) == 0;
  if (p != MAP_FAILED) munmap(p, 2 * len);
  return ok ? guard_madvise : guard_mprotect;
#endif
}

}  // namespace

std::size_t page_size() noexcept {
  static const std::size_t p = std::size_t(sysconf(_SC_PAGESIZE));
  return p;
}

// Code compiled with stack probes needs one guard page: its frames touch
// every page on their way down. Code compiled without them (glibc, or any
// library built without -fstack-clash-protection) moves the stack pointer
// by a whole frame at once, and such a frame overflows into the stack below
// without a fault unless the guard is at least as large as the frame. So a
// quarter of the stack, between 16 KiB and 64 KiB: 64 KiB is glibc's own
// limit for a stack allocation (alloca) and above its largest frame
// (docs/runtime.md, "Stack sizes and overflow").
std::size_t guard_size_for(std::size_t stack_size) noexcept {
  constexpr std::size_t least = 16 * 1024, most = 64 * 1024;
  if (stack_size < 64 * 1024) return page_size();
  std::size_t g = stack_size / 4;
  g = g < least ? least : g > most ? most : g;
  return g - g % page_size();
}

std::size_t round_stack_size(std::size_t bytes) {
  if (bytes > max_stack_size) fatal_error("gogo::stack_size: more than 1 TiB");
  if (bytes < min_stack_size) bytes = min_stack_size;
  return (bytes + page_size() - 1) / page_size() * page_size();
}

void* reserve_stack_memory(std::size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) fatal_errno("gogo: cannot reserve goroutine stacks", errno);
  // With transparent huge pages on "always", touching one stack's top page
  // could commit a 2 MiB page shared with its neighbours' untouched memory.
  madvise(p, bytes, MADV_NOHUGEPAGE);
#if GOGO_ASAN
  __lsan_register_root_region(p, bytes);
#endif
  return p;
}

void install_guard(void* p, std::size_t len) noexcept {
  int m = mode.load(std::memory_order_relaxed);
  if (m == guard_unknown) {
    m = probe_guard_mode();
    mode.store(m, std::memory_order_relaxed);
  }
  if (m == guard_madvise) {
    madvise(p, len, MADV_GUARD_INSTALL);
  } else if (m == guard_mprotect) {
    // Out of memory mappings (vm.max_map_count): later stacks go without
    // a guard rather than failing the spawn (see docs/design/scheduler.md).
    if (mprotect(p, len, PROT_NONE) != 0) mode.store(guard_none, std::memory_order_relaxed);
  }
}

void* map_stack(std::size_t stack_size) {
  void* lo = reserve_stack_memory(stack_size);
  install_guard(lo, guard_size_for(stack_size));
  return lo;
}

void unmap_stack(void* lo, std::size_t stack_size) noexcept {
#if GOGO_ASAN
  __lsan_unregister_root_region(lo, stack_size);
#endif
  munmap(lo, stack_size);
}

}  // namespace gogo::detail
