// fiber: owns every stack switch in the runtime. On x86-64 Linux it switches
// with a few instructions of its own (gogo_switch in fiber.cpp); elsewhere it
// wraps Boost.Context's fcontext (jump_fcontext/make_fcontext). Either way
// it puts the ASan and TSan fiber annotations around each switch, so the
// rest of the runtime never sees them. Nothing else may switch stacks.
#ifndef GOGO_SRC_FIBER_HPP
#define GOGO_SRC_FIBER_HPP

#include "sanitizer.hpp"

#include <cstddef>
#include <cstdint>

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

// Stack walking, for the runtime's reports (traceback.cpp).
//
// fiber_walk calls fn(arg) in a frame that an unwinder (libgcc's, or gdb)
// sees as called from the suspended fiber f: a backtrace taken in fn goes on
// into f's stack, as if f had called fn where it stopped. f must stay
// suspended until fn returns. Returns false, without calling fn, when f has
// no stack to walk (it never ran) or this target has no walker.
bool fiber_walk(const fiber& f, void (*fn)(void*), void* arg);
// Whether pc is the return address of the frame that fiber_walk (or
// saved_context_walk) adds: the first frame of the walked stack follows it.
bool is_walk_frame(std::uintptr_t pc) noexcept;

// A plain thread's counterpart: runs fn(arg) on the calling thread's stack
// with its callee-saved registers pushed as a suspended fiber's would be,
// and *saved pointing at them until fn returns, so that another thread can
// walk the caller's stack meanwhile (saved_context_walk). For a thread that
// blocks in fn. Without a walker for this target, just calls fn.
void run_with_saved_context(void** saved, void (*fn)(void*), void* arg);
bool saved_context_walk(void* saved, void (*fn)(void*), void* arg);

}  // namespace gogo::detail

#endif
