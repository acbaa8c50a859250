// scheduler: owns goroutines (g), workers and the run queues between them:
// spawning, running, parking and readying goroutines, idle workers and their
// wakeup, and global deadlock detection. Also owns how a plain OS thread
// blocks on a gogo primitive (thread_parker). See docs/design/scheduler.md.
#ifndef GOGO_SRC_SCHEDULER_HPP
#define GOGO_SRC_SCHEDULER_HPP

#include "fiber.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace gogo::detail {

// A goroutine's control block. It lives at the top of the goroutine's own
// stack, so a goroutine costs no heap allocation and its block shares the
// stack's first touched page.
struct g {
  fiber f;
  std::uint64_t id = 0;
  void (*run)(void*) = nullptr;
  void* closure = nullptr;
  std::size_t heap_closure_align = 0;  // nonzero: closure is on the heap
};
#if !GOGO_ASAN && !GOGO_TSAN
// A goroutine usually runs on another worker than the one that spawned it:
// every line of g it reads there is a miss from the spawner's cache.
static_assert(sizeof(g) <= 40, "g and a 24-byte closure should fit one cache line");
#endif

// A g sits in the topmost g_slot bytes of its stack; a closure that fits in
// what g leaves of that slot goes there too (see spawn_begin).
constexpr std::size_t g_slot = (sizeof(g) + 63) & ~std::size_t(63);

// The stack a g lives on (its lowest address, the guard page), given the
// runtime's stack size.
inline void* stack_of(const g* gp, std::size_t stack_size) noexcept {
  return const_cast<char*>(reinterpret_cast<const char*>(gp)) + g_slot - stack_size;
}


// A plain OS thread (main included) blocked on a gogo primitive waits here.
struct thread_parker {
  std::atomic<std::uint32_t> word{0};
  void prepare() noexcept { word.store(0, std::memory_order_relaxed); }
  void wait() noexcept;
  void post() noexcept;
};

// Who waits: a goroutine or a plain thread (exactly one is set).
struct parker {
  g* gp = nullptr;
  thread_parker* tp = nullptr;
};

// The calling goroutine, or (on a plain thread) the thread's parker, prepared
// for one wait.
parker current_parker() noexcept;

// Blocks the caller described by p, which was just registered with a waker
// while holding some lock; `unlock(arg)` releases that lock once the caller
// can no longer miss its wakeup. Returns after wake(p).
void block(const parker& p, void (*unlock)(void*), void* arg);

// Makes p runnable again. For a goroutine woken by a worker it runs next on
// that worker (the runnext slot), so a handoff keeps the cache warm; an idle
// worker steals it if the waker keeps running instead of blocking.
void wake(const parker& p) noexcept;

// wake() for many at once (channel close): goroutines go into the run
// queues as one batch, with one lock and one wakeup instead of one each.
void wake_all(const parker* ps, std::size_t n) noexcept;

// The goroutine running on this thread, or nullptr on a plain thread.
// Never inlined: a goroutine may resume on another thread after any switch,
// and the compiler must not reuse a thread-local address across one.
g* current_g() noexcept;

// Reports a global deadlock (and exits) if every worker is idle with no
// runnable goroutine, every plain thread that uses gogo is blocked in it,
// and no timer is pending. Called whenever one of those becomes true.
void check_deadlock() noexcept;

// A fast per-thread random number (select's case order).
std::uint32_t fast_rand() noexcept;

// The configured stack size and guard size (bytes), for messages and the
// stack overflow handler; 0 before the runtime started.
std::size_t configured_stack_size() noexcept;
std::size_t configured_guard_size() noexcept;

}  // namespace gogo::detail

#endif
