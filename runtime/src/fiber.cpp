#include "fiber.hpp"

#include "sanitizer.hpp"

#include <boost/context/detail/fcontext.hpp>

namespace gogo::detail {
namespace {

namespace fc = boost::context::detail;

// What travels with every jump: who was suspended (so the resumed side can
// store its context, which fcontext only hands to the *next* runner), who
// runs now, and the caller's payload.
struct switch_message {
  fiber* from;
  fiber* to;
  void* payload;
};

// Runs first on the fiber that was just switched to.
void* arrive(fc::transfer_t t) {
  auto* m = static_cast<switch_message*>(t.data);
  m->from->ctx = t.fctx;
#if GOGO_ASAN
  __sanitizer_finish_switch_fiber(m->to->asan_fake_stack, &m->from->stack_lo,
                                  &m->from->stack_size);
#endif
  return m->payload;
}

void before_switch(fiber& from, fiber& to, bool from_finished) {
#if GOGO_ASAN
  __sanitizer_start_switch_fiber(from_finished ? nullptr : &from.asan_fake_stack, to.stack_lo,
                                 to.stack_size);
#else
  (void)from;
  (void)from_finished;
#endif
#if GOGO_TSAN
  __tsan_switch_to_fiber(to.tsan_fiber, 0);
#else
  (void)to;
#endif
}

void trampoline(fc::transfer_t t) {
  auto* m = static_cast<switch_message*>(t.data);
  fiber* self = m->to;
  void* payload = arrive(t);
  self->start(payload);
  __builtin_trap();  // start() must leave through fiber_exit
}

}  // namespace

void fiber_init(fiber& f, void* lo, std::size_t size, void (*start)(void*)) {
  f.start = start;
  f.stack_lo = lo;
  f.stack_size = size;
  f.asan_fake_stack = nullptr;
  f.ctx = fc::make_fcontext(static_cast<char*>(lo) + size, size, &trampoline);
#if GOGO_ASAN
  __asan_unpoison_memory_region(lo, size);
#endif
#if GOGO_TSAN
  f.tsan_fiber = __tsan_create_fiber(0);
#endif
}

void fiber_init_thread(fiber& f) {
#if GOGO_TSAN
  f.tsan_fiber = __tsan_get_current_fiber();
#else
  (void)f;
#endif
}

void fiber_destroy(fiber& f) {
#if GOGO_TSAN
  if (f.tsan_fiber) __tsan_destroy_fiber(f.tsan_fiber);
  f.tsan_fiber = nullptr;
#else
  (void)f;
#endif
}

void* fiber_switch(fiber& from, fiber& to, void* payload) {
  switch_message m{&from, &to, payload};
  before_switch(from, to, false);
  fc::transfer_t t = fc::jump_fcontext(to.ctx, &m);
  return arrive(t);
}

void fiber_exit(fiber& from, fiber& to, void* payload) {
  switch_message m{&from, &to, payload};
  before_switch(from, to, true);
  fc::jump_fcontext(to.ctx, &m);
  __builtin_trap();
}

}  // namespace gogo::detail
