// stack_memory: owns how stack memory is reserved and guarded: address space
// reserved lazily (MAP_NORESERVE, no transparent huge pages), guard regions
// (MADV_GUARD_INSTALL, or mprotect where the kernel lacks it), the guard size
// of a stack, and stacks mapped on their own, outside the pool (a goroutine
// with a stack size of its own). stack_pool carves its stacks from
// reservations made here. See docs/design/scheduler.md, "Stack pool".
#ifndef GOGO_SRC_STACK_MEMORY_HPP
#define GOGO_SRC_STACK_MEMORY_HPP

#include <cstddef>

namespace gogo::detail {

std::size_t page_size() noexcept;

// The smallest goroutine stack (GOGO_STACK_SIZE, gogo::stack_size).
constexpr std::size_t min_stack_size = 16 * 1024;
// The largest one that go_with() maps.
constexpr std::size_t max_stack_size = std::size_t(1) << 40;

// A goroutine stack size as go_with() maps it: at least min_stack_size,
// rounded up to whole pages. Above max_stack_size the process dies with a
// message.
std::size_t round_stack_size(std::size_t bytes);

// The guard at the bottom of a stack of stack_size bytes (part of them).
std::size_t guard_size_for(std::size_t stack_size) noexcept;

// Reserves `bytes` (a multiple of the page size) of address space for stacks:
// nothing is committed until touched. Exits the process with a message when
// address space runs out.
void* reserve_stack_memory(std::size_t bytes);

// Makes [p, p + len) fault on every access, without committing memory.
// Where neither way works (out of memory mappings), it stays unguarded.
void install_guard(void* p, std::size_t len) noexcept;

// A stack of its own: stack_size bytes (a multiple of the page size),
// reserved like the pool's, its lowest guard_size_for(stack_size) bytes a
// guard. Returns its lowest address.
void* map_stack(std::size_t stack_size);
// Gives back everything of a stack made by map_stack.
void unmap_stack(void* lo, std::size_t stack_size) noexcept;

}  // namespace gogo::detail

#endif
