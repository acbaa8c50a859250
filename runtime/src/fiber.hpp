// fiber: owns every stack switch in the runtime. On x86-64 Linux it switches
// with a few instructions of its own (gogo_switch in fiber.cpp); elsewhere it
// wraps Boost.Context's fcontext (jump_fcontext/make_fcontext). Either way
// it puts the ASan and TSan fiber annotations around each switch, so the
// rest of the runtime never sees them. Nothing else may switch stacks.
#ifndef GOGO_SRC_FIBER_HPP
#define GOGO_SRC_FIBER_HPP

#include "sanitizer.hpp"

#include <cstddef>

namespace gogo::detail {

// One execution context: a goroutine, or a worker thread's own stack (the
// scheduler loop). `ctx` is only meaningful while the fiber is suspended.
// Sanitizer state only in sanitizer builds: otherwise a fiber is one word,
// and a goroutine's control block (g) leaves room for its closure in one
// cache line.
struct fiber {
  void* ctx = nullptr;
#if GOGO_ASAN
  const void* stack_lo = nullptr;  // the usable stack
  std::size_t stack_size = 0;
  void* asan_fake_stack = nullptr;
#endif
#if GOGO_TSAN
  void* tsan_fiber = nullptr;
#endif
};

// Prepares f to run fiber_main(arg) on [lo, lo + size) when first switched
// to; `arg` is the payload of that first fiber_switch.
void fiber_init(fiber& f, void* lo, std::size_t size);
// The first code of every fiber made by fiber_init. The scheduler defines it
// (goroutines are the only such fibers); one entry point for all, rather
// than one per fiber, keeps a fiber one word in normal builds.
void fiber_main(void* payload);
// Describes the calling thread's own stack as a fiber (a worker's scheduler).
void fiber_init_thread(fiber& f);
// Releases sanitizer state of a finished fiber.
void fiber_destroy(fiber& f);

// Suspends `from` (the running fiber) and runs `to`, handing it `payload`.
// Returns the payload of the switch that later resumes `from`, which may
// happen on another thread: callers must re-read thread-local state after.
void* fiber_switch(fiber& from, fiber& to, void* payload);
// Like fiber_switch, but `from` has finished and is never resumed.
[[noreturn]] void fiber_exit(fiber& from, fiber& to, void* payload);

}  // namespace gogo::detail

#endif
