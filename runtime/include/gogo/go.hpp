// Goroutines: gogo::spawn (also named gogo::go; gogo::go_with for a stack
// size of its own), gogo::yield, gogo::goroutine_id.
#ifndef GOGO_GO_HPP
#define GOGO_GO_HPP

#include <gogo/detail/cxx17.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <new>
#include <tuple>
#include <type_traits>
#include <utility>

namespace gogo {

namespace detail {

// Where go() constructs the callable and its arguments: normally the top of
// the new goroutine's own stack (no heap allocation), or the heap for very
// large closures. `handle` is the goroutine, not yet runnable.
struct spawn_slot {
  void* closure;
  void* handle;
};
spawn_slot spawn_begin(std::size_t size, std::size_t align);
// spawn_begin() on a stack of stack_bytes of the goroutine's own.
spawn_slot spawn_begin_own_stack(std::size_t size, std::size_t align, std::size_t stack_bytes);
void spawn_commit(void* handle, void (*run)(void*));
void spawn_abort(void* handle) noexcept;

// The decay-copied callable and arguments of one go() call.
template <class F, class... Args>
struct closure {
  std::tuple<F, Args...> parts;

  template <class FF, class... AA>
  explicit closure(FF&& f, AA&&... args)
      : parts(std::forward<FF>(f), std::forward<AA>(args)...) {}

  // Invokes the callable once, then destroys the closure (also when the
  // callable throws: the exception then becomes a panic).
  static void run(void* p) {
    auto* self = static_cast<closure*>(p);
    struct destroy_on_exit {
      closure* c;
      ~destroy_on_exit() { c->~closure(); }
    } guard{self};
    std::apply(
        [](auto& fn, auto&... args) {
          std::invoke(std::move(fn), std::move(args)...);
        },
        self->parts);
  }
};

template <class F, class... Args>
using closure_of = closure<std::decay_t<F>, std::decay_t<Args>...>;

// Constructs the closure in the goroutine spawn_begin*() prepared, then
// makes the goroutine runnable. Always inlined, at -O0 too, like all that
// calls it: the runtime records where the goroutine was created (`created
// by` in panic and deadlock reports) from the address spawn_commit returns
// to, which must lie in the function that called go() or go_with().
template <class Closure, class F, class... Args>
__attribute__((always_inline)) inline void start(spawn_slot slot, F&& f, Args&&... args) {
  try {
    ::new (slot.closure) Closure(std::forward<F>(f), std::forward<Args>(args)...);
  } catch (...) {
    spawn_abort(slot.handle);
    throw;
  }
  spawn_commit(slot.handle, &Closure::run);
}

// What gogo::spawn and gogo::go do (the library's own headers, such as
// errgroup.hpp, call it directly).
template <class F, class... Args>
__attribute__((always_inline)) inline void start_goroutine(F&& f, Args&&... args) {
  using closure_t = closure_of<F, Args...>;
  static_assert(std::is_invocable_v<std::decay_t<F>, std::decay_t<Args>...>,
                "gogo::spawn: f is not callable with these arguments");
  start<closure_t>(spawn_begin(sizeof(closure_t), alignof(closure_t)), std::forward<F>(f),
                   std::forward<Args>(args)...);
}

}  // namespace detail

// Starts f(args...) on a new goroutine. f and args are decay-copied (moved
// when rvalues) here, in the caller; spawn() never waits for the goroutine.
// The name works in every file: <gogo/gogo.hpp> makes `go` a macro.
// Always inlined, at -O0 too: the runtime records where the goroutine was
// created (`created by` in panic and deadlock reports) from the address its
// spawn call returns to, which must lie in the caller's function.
template <class F, class... Args>
__attribute__((always_inline)) inline void spawn(F&& f, Args&&... args) {
  detail::start_goroutine(std::forward<F>(f), std::forward<Args>(args)...);
}

// gogo::spawn under Go's name. It can be named only where the `go` keyword
// macro is not defined: files that include <gogo/go.hpp> but not
// <gogo/gogo.hpp>, or define GOGO_NO_GO_KEYWORD first. Always inlined, as
// spawn() is.
template <class F, class... Args>
__attribute__((always_inline)) inline void go(F&& f, Args&&... args) {
  detail::start_goroutine(std::forward<F>(f), std::forward<Args>(args)...);
}

// A goroutine's stack size in bytes, its guard included (go_with); rounded
// up to whole pages, at least 16 KiB.
struct stack_size {
  constexpr explicit stack_size(std::size_t b) noexcept : bytes(b) {}
  std::size_t bytes;
};

// spawn(f, args...) on a stack of the given size instead of the default
// (GOGO_STACK_SIZE), for the rare goroutine that needs a deep one:
//
//   gogo::go_with(gogo::stack_size(16 << 20), parse, std::move(text));
//
// The stack is reserved like any goroutine's (memory committed only where
// touched) but on its own, outside the pool of default-size stacks, and
// given back to the system when the goroutine returns: spawning one costs a
// few system calls more than spawn(). Always inlined, as spawn() is.
template <class F, class... Args>
__attribute__((always_inline)) inline void go_with(stack_size stack, F&& f, Args&&... args) {
  using closure_t = detail::closure_of<F, Args...>;
  static_assert(std::is_invocable_v<std::decay_t<F>, std::decay_t<Args>...>,
                "gogo::go_with: f is not callable with these arguments");
  detail::start<closure_t>(
      detail::spawn_begin_own_stack(sizeof(closure_t), alignof(closure_t), stack.bytes),
      std::forward<F>(f), std::forward<Args>(args)...);
}

// Lets other goroutines run (Go's runtime.Gosched). On a plain OS thread it
// is std::this_thread::yield().
void yield();

// The running goroutine's id; 0 outside a goroutine. Ids are unique in the
// process; 1 is main's, as in Go, and spawned goroutines start at 2. Like
// Go's, they are not consecutive across threads that spawn (each takes
// them in blocks).
std::uint64_t goroutine_id();

// The number of goroutines that exist, main included (Go's
// runtime.NumGoroutine): spawned and not yet returned, whether running,
// runnable or blocked.
std::size_t num_goroutine();

}  // namespace gogo

#endif
