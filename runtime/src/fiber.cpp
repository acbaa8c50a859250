#include "fiber.hpp"

#include "sanitizer.hpp"

#include <cstdint>

// On x86-64 the runtime switches stacks with the few instructions below
// rather than Boost's jump_fcontext, which also saves and restores the x87
// and SSE control words on every jump (fnstcw/stmxcsr, fldcw/ldmxcsr: slow,
// and the runtime never changes them per goroutine, like Go). Everything
// else (the switch_message protocol, sanitizer annotations) is shared.
//
//   void* gogo_switch(void** save_sp, void* to_sp, void* payload)
// saves the callee-saved registers on the current stack, stores the stack
// pointer in *save_sp, switches to to_sp, restores its registers and
// returns `payload` there.
//   void* gogo_start(void** save_sp, void* top, void* payload, void (*entry)(void*))
// saves the same way, then starts a new stack at `top` in gogo_fiber_entry,
// which calls entry(payload). A new fiber's ctx is its top with the low bit
// set, so spawning writes nothing onto the new stack (the worker that runs
// a goroutine is usually not the one that spawned it: every line written at
// spawn is a cache miss there).
// Configuring with -DGOGO_BOOST_CONTEXT_SWITCH=ON (GOGO_BOOST_SWITCH) uses
// Boost's jump_fcontext everywhere; CI runs the runtime tests both ways.
// The build links Boost.Context only when it defines GOGO_BOOST_SWITCH, so
// both must agree on which switch this target gets.
#if defined(__x86_64__) && defined(__linux__) && !GOGO_BOOST_SWITCH
#define GOGO_OWN_SWITCH 1
extern "C" void* gogo_switch(void** save_sp, void* to_sp, void* payload);
extern "C" void* gogo_start(void** save_sp, void* top, void* payload, void (*entry)(void*));
asm(R"(
  // Both entries suspend the caller the same way: callee-saved registers
  // onto its stack, its stack pointer into *save_sp (rdi); then onto the
  // stack in rsi.
  .macro gogo_suspend_and_load_stack
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  movq %rsp, (%rdi)
  movq %rsi, %rsp
  .endm

  .text
  .globl gogo_switch
  .hidden gogo_switch
  .type gogo_switch, @function
  .p2align 4
gogo_switch:
  gogo_suspend_and_load_stack
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  movq %rdx, %rax
  ret
  .size gogo_switch, .-gogo_switch

  .globl gogo_start
  .hidden gogo_start
  .type gogo_start, @function
  .p2align 4
gogo_start:
  gogo_suspend_and_load_stack
  movq %rcx, %rbx
  movq %rdx, %rax
  jmp gogo_fiber_entry
  .size gogo_start, .-gogo_start

  .globl gogo_fiber_entry
  .hidden gogo_fiber_entry
  .type gogo_fiber_entry, @function
  .p2align 4
gogo_fiber_entry:
  .cfi_startproc
  .cfi_undefined rip
  movq %rax, %rdi
  xorl %ebp, %ebp
  callq *%rbx
  ud2
  .cfi_endproc
  .size gogo_fiber_entry, .-gogo_fiber_entry
  .purgem gogo_suspend_and_load_stack
)");
extern "C" void gogo_fiber_entry();
#elif GOGO_BOOST_SWITCH
#include <boost/context/detail/fcontext.hpp>
#else
#error "no own stack switch for this target: build with GOGO_BOOST_SWITCH=1 (CMake does off x86-64 Linux)"
#endif

// Stack walking (fiber_walk, run_with_saved_context). Each walker entry
// pushes the saved stack pointer it is given and describes, in its CFI, its
// own caller as the suspended context: CFA = that pointer + the size of the
// saved block, every saved register at its slot. An unwinder that steps out
// of the walker therefore lands in the suspended stack; nothing is copied
// or switched. gogo_park_thread saves a plain thread the way gogo_switch
// saves a goroutine, so one walker serves both.
#if defined(__x86_64__) && defined(__linux__)
#define GOGO_WALK_X86_64 1
extern "C" void gogo_walk_switch_frame(void* saved_sp, void (*fn)(void*), void* arg);
extern "C" void gogo_walk_fcontext_frame(void* saved_sp, void (*fn)(void*), void* arg);
extern "C" void gogo_park_thread(void** saved, void (*fn)(void*), void* arg);
extern "C" char gogo_walk_switch_return[], gogo_walk_fcontext_return[];
asm(R"(
  .text
  // Saved by gogo_switch / gogo_park_thread: r15 r14 r13 r12 rbx rbp, then
  // the return address; 56 bytes.
  .globl gogo_walk_switch_frame
  .hidden gogo_walk_switch_frame
  .type gogo_walk_switch_frame, @function
  .p2align 4
gogo_walk_switch_frame:
  .cfi_startproc
  pushq %rdi
  // DW_CFA_def_cfa_expression: DW_OP_breg7 (rsp) 0; DW_OP_deref; DW_OP_plus_uconst 56
  .cfi_escape 0x0f, 5, 0x77, 0x00, 0x06, 0x23, 56
  .cfi_offset 16, -8
  .cfi_offset %rbp, -16
  .cfi_offset %rbx, -24
  .cfi_offset %r12, -32
  .cfi_offset %r13, -40
  .cfi_offset %r14, -48
  .cfi_offset %r15, -56
  movq %rdx, %rdi
  callq *%rsi
  .globl gogo_walk_switch_return
  .hidden gogo_walk_switch_return
gogo_walk_switch_return:
  popq %rdi
  ret
  .cfi_endproc
  .size gogo_walk_switch_frame, .-gogo_walk_switch_frame

  // Saved by Boost's jump_fcontext: mxcsr and x87 control word, r12 r13
  // r14 r15 rbx rbp, then the return address; 64 bytes.
  .globl gogo_walk_fcontext_frame
  .hidden gogo_walk_fcontext_frame
  .type gogo_walk_fcontext_frame, @function
  .p2align 4
gogo_walk_fcontext_frame:
  .cfi_startproc
  pushq %rdi
  .cfi_escape 0x0f, 5, 0x77, 0x00, 0x06, 0x23, 64
  .cfi_offset 16, -8
  .cfi_offset %rbp, -16
  .cfi_offset %rbx, -24
  .cfi_offset %r15, -32
  .cfi_offset %r14, -40
  .cfi_offset %r13, -48
  .cfi_offset %r12, -56
  movq %rdx, %rdi
  callq *%rsi
  .globl gogo_walk_fcontext_return
  .hidden gogo_walk_fcontext_return
gogo_walk_fcontext_return:
  popq %rdi
  ret
  .cfi_endproc
  .size gogo_walk_fcontext_frame, .-gogo_walk_fcontext_frame

  // void gogo_park_thread(void** saved, void (*fn)(void*), void* arg)
  .globl gogo_park_thread
  .hidden gogo_park_thread
  .type gogo_park_thread, @function
  .p2align 4
gogo_park_thread:
  .cfi_startproc
  pushq %rbp
  .cfi_adjust_cfa_offset 8
  .cfi_rel_offset %rbp, 0
  pushq %rbx
  .cfi_adjust_cfa_offset 8
  .cfi_rel_offset %rbx, 0
  pushq %r12
  .cfi_adjust_cfa_offset 8
  .cfi_rel_offset %r12, 0
  pushq %r13
  .cfi_adjust_cfa_offset 8
  .cfi_rel_offset %r13, 0
  pushq %r14
  .cfi_adjust_cfa_offset 8
  .cfi_rel_offset %r14, 0
  pushq %r15
  .cfi_adjust_cfa_offset 8
  .cfi_rel_offset %r15, 0
  movq %rsp, (%rdi)
  pushq %rdi
  .cfi_adjust_cfa_offset 8
  movq %rdx, %rdi
  callq *%rsi
  popq %rdi
  .cfi_adjust_cfa_offset -8
  movq $0, (%rdi)
  popq %r15
  .cfi_adjust_cfa_offset -8
  .cfi_restore %r15
  popq %r14
  .cfi_adjust_cfa_offset -8
  .cfi_restore %r14
  popq %r13
  .cfi_adjust_cfa_offset -8
  .cfi_restore %r13
  popq %r12
  .cfi_adjust_cfa_offset -8
  .cfi_restore %r12
  popq %rbx
  .cfi_adjust_cfa_offset -8
  .cfi_restore %rbx
  popq %rbp
  .cfi_adjust_cfa_offset -8
  .cfi_restore %rbp
  ret
  .cfi_endproc
  .size gogo_park_thread, .-gogo_park_thread
)");
#endif

namespace gogo::detail {
namespace {

// What travels with every jump: who was suspended, who runs now (for the
// sanitizer annotations, and with Boost so that the resumed side can store
// the suspended context, which fcontext only hands to the *next* runner),
// and the caller's payload.
struct switch_message {
  fiber* from;
  fiber* to;
  void* payload;
};

// Runs first on the fiber that was just switched to; `from`'s context is
// stored by then.
void* arrive(switch_message* m) {
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

#if GOGO_OWN_SWITCH

void trampoline(void* data) {
  auto* m = static_cast<switch_message*>(data);
  fiber_main(arrive(m));
  __builtin_trap();  // fiber_main() must leave through fiber_exit
}

// Suspends `from` (its stack pointer goes to from.ctx) and resumes `to`,
// or starts it if it never ran; returns the message of the switch that
// later resumes `from`.
switch_message* jump(fiber& from, fiber& to, switch_message* m) {
  auto ctx = reinterpret_cast<std::uintptr_t>(to.ctx);
  if (ctx & 1) {
    return static_cast<switch_message*>(
        gogo_start(&from.ctx, reinterpret_cast<void*>(ctx - 1), m, &trampoline));
  }
  return static_cast<switch_message*>(gogo_switch(&from.ctx, to.ctx, m));
}

// A fiber that has not run yet: its stack top (16-byte aligned, as before a
// call), tagged with the low bit for jump().
void* initial_context(void* lo, std::size_t size) {
  auto top = (reinterpret_cast<std::uintptr_t>(lo) + size) & ~std::uintptr_t(15);
  return reinterpret_cast<void*>(top | 1);
}

#else

namespace fc = boost::context::detail;

switch_message* jump(fiber& from, fiber& to, switch_message* m) {
  (void)from;
  fc::transfer_t t = fc::jump_fcontext(to.ctx, m);
  auto* in = static_cast<switch_message*>(t.data);
  in->from->ctx = t.fctx;
  return in;
}

void trampoline(fc::transfer_t t) {
  auto* m = static_cast<switch_message*>(t.data);
  m->from->ctx = t.fctx;
  fiber_main(arrive(m));
  __builtin_trap();  // fiber_main() must leave through fiber_exit
}

void* initial_context(void* lo, std::size_t size) {
  return fc::make_fcontext(static_cast<char*>(lo) + size, size, &trampoline);
}

#endif

}  // namespace

void fiber_init(fiber& f, void* lo, std::size_t size) {
#if GOGO_ASAN
  f.stack_lo = lo;
  f.stack_size = size;
  f.asan_fake_stack = nullptr;
  __asan_unpoison_memory_region(lo, size);
#endif
  f.ctx = initial_context(lo, size);
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
  return arrive(jump(from, to, &m));
}

void fiber_exit(fiber& from, fiber& to, void* payload) {
  switch_message m{&from, &to, payload};
  before_switch(from, to, true);
  jump(from, to, &m);
  __builtin_trap();
}

bool fiber_walk(const fiber& f, void (*fn)(void*), void* arg) {
#if GOGO_OWN_SWITCH
  if (reinterpret_cast<std::uintptr_t>(f.ctx) & 1) return false;  // never ran
  gogo_walk_switch_frame(f.ctx, fn, arg);
  return true;
#elif GOGO_WALK_X86_64
  if (!f.ctx) return false;
  gogo_walk_fcontext_frame(f.ctx, fn, arg);
  return true;
#else
  (void)f, (void)fn, (void)arg;
  return false;
#endif
}

bool is_walk_frame(std::uintptr_t pc) noexcept {
#if GOGO_WALK_X86_64
  return pc == reinterpret_cast<std::uintptr_t>(gogo_walk_switch_return) ||
         pc == reinterpret_cast<std::uintptr_t>(gogo_walk_fcontext_return);
#else
  (void)pc;
  return false;
#endif
}

void run_with_saved_context(void** saved, void (*fn)(void*), void* arg) {
#if GOGO_WALK_X86_64
  gogo_park_thread(saved, fn, arg);
#else
  *saved = nullptr;
  fn(arg);
#endif
}

bool saved_context_walk(void* saved, void (*fn)(void*), void* arg) {
#if GOGO_WALK_X86_64
  if (!saved) return false;
  gogo_walk_switch_frame(saved, fn, arg);
  return true;
#else
  (void)saved, (void)fn, (void)arg;
  return false;
#endif
}

}  // namespace gogo::detail
