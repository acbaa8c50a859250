#include "own_stacks.hpp"

#include "spin_lock.hpp"
#include "stack_memory.hpp"

#include <unistd.h>

namespace gogo::detail {
namespace {

// The list runs through the goroutines' g_info lines; its lock is held
// briefly by spawns and exits, and for a whole report by the reports.
spin_lock list_lock;
g* list_head = nullptr;

}  // namespace

void add_own_stack(g* gp, std::size_t bytes) noexcept {
  gp->own_stack = true;
  g_info* info = g_info_of(gp);
  info->own_stack_size = bytes;
  info->own_prev = nullptr;
  spin_lock_guard lock(list_lock);
  info->own_next = list_head;
  if (list_head) g_info_of(list_head)->own_prev = gp;
  list_head = gp;
}

void release_own_stack(g* gp) noexcept {
  g_info* info = g_info_of(gp);
  const std::size_t bytes = info->own_stack_size;
  {
    spin_lock_guard lock(list_lock);
    if (info->own_prev) {
      g_info_of(info->own_prev)->own_next = info->own_next;
    } else {
      list_head = info->own_next;
    }
    if (info->own_next) g_info_of(info->own_next)->own_prev = info->own_prev;
  }
  unmap_stack(stack_of(gp, bytes), bytes);
}

std::size_t own_stack_size(const g* gp) noexcept { return g_info_of(gp)->own_stack_size; }

g* hold_own_stacks(bool& held) noexcept GOGO_NO_THREAD_SAFETY_ANALYSIS {
  held = false;
  for (int i = 0; i < 100 && !held; i++) {
    held = list_lock.try_lock();
    if (!held) usleep(1000);
  }
  return held ? list_head : nullptr;
}

g* next_own_stack(const g* gp) noexcept { return g_info_of(gp)->own_next; }

void release_own_stacks() noexcept GOGO_NO_THREAD_SAFETY_ANALYSIS { list_lock.unlock(); }

}  // namespace gogo::detail
