// gogo::errgroup: golang.org/x/sync/errgroup's Group. Goroutines that work
// on parts of one task; the first one to fail (throw) fails the task and
// ends the group's context, so the others can stop early.
//
//   gogo::errgroup g(ctx);
//   for (auto& url : urls)
//     g.spawn([&g, url] { fetch(g.context(), url); });  // may throw
//   g.wait();  // rethrows the first exception
#ifndef GOGO_ERRGROUP_HPP
#define GOGO_ERRGROUP_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/chan.hpp>
#include <gogo/context.hpp>
#include <gogo/go.hpp>
#include <gogo/once.hpp>
#include <gogo/wait_group.hpp>

#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace gogo {

class errgroup {
 public:
  // A group without a context: a failure only shows in wait().
  errgroup() = default;
  // A group whose context() derives from parent and ends (canceled) when a
  // function of the group throws or wait() returns, whichever comes first.
  explicit errgroup(const gogo::context& parent) {
    auto [ctx, cancel] = with_cancel(parent);
    ctx_ = std::move(ctx);
    cancel_ = std::move(cancel);
  }
  errgroup(const errgroup&) = delete;
  errgroup& operator=(const errgroup&) = delete;
  // Waits for the group's goroutines (they use it) without rethrowing.
  ~errgroup() {
    wg_.wait();
    cancel_();
  }

  const gogo::context& context() const noexcept { return ctx_; }

  // Runs f() on a new goroutine; an exception escaping it is the group's
  // error if it is the first. With a limit, waits first until fewer than
  // that many of the group's goroutines run. f is decay-copied. (Go's
  // g.Go; `go` is the go statement's keyword here.)
  template <class F>
  void spawn(F&& f) {
    static_assert(std::is_invocable_v<std::decay_t<F>&>,
                  "gogo::errgroup::spawn: f() must be callable");
    chan<std::monostate> slots = slots_;
    if (slots) slots.send({});
    start(std::forward<F>(f), std::move(slots));
  }

  // spawn(f) if the limit allows one more goroutine now; false (and f not
  // run) otherwise.
  template <class F>
  bool try_spawn(F&& f) {
    static_assert(std::is_invocable_v<std::decay_t<F>&>,
                  "gogo::errgroup::try_spawn: f() must be callable");
    chan<std::monostate> slots = slots_;
    if (slots && !slots.try_send({})) return false;
    start(std::forward<F>(f), std::move(slots));
    return true;
  }

  // Waits for every goroutine spawned so far, ends the context, and
  // rethrows the first exception any of them threw. Calling it again
  // rethrows the same one.
  void wait() {
    wg_.wait();
    cancel_();
    if (first_error_) std::rethrow_exception(first_error_);
  }

  // At most n of the group's goroutines at once; n < 0: no limit (the
  // default). Throws std::logic_error while goroutines started under a
  // limit still run (as Go panics).
  void set_limit(long n) {
    if (n < 0) {
      slots_ = chan<std::monostate>();
      return;
    }
    if (std::size_t active = slots_.len())
      throw std::logic_error("errgroup: modify limit while " + std::to_string(active) +
                             " goroutines in the group are still active");
    slots_ = make_chan<std::monostate>(std::size_t(n));
  }

 private:
  template <class F>
  void start(F&& f, chan<std::monostate> slots) {
    wg_.add(1);
    try {
      detail::start_goroutine(
          [this](std::decay_t<F>&& fn, chan<std::monostate>&& slots) { run(fn, slots); },
          std::forward<F>(f), std::move(slots));
    } catch (...) {
      wg_.done();
      throw;
    }
  }

  // The goroutine's body. wg_.done() is its last touch of the group.
  template <class F>
  void run(F& fn, const chan<std::monostate>& slots) {
    try {
      std::invoke(fn);
    } catch (...) {
      std::exception_ptr e = std::current_exception();
      first_failure_.call([&] {
        first_error_ = e;
        cancel_();
      });
    }
    if (slots) slots.recv();
    wg_.done();
  }

  wait_group wg_;
  once first_failure_;
  std::exception_ptr first_error_;  // written once, before wg_.done()
  cancel_func cancel_;
  gogo::context ctx_;
  chan<std::monostate> slots_;  // one value per running goroutine, under a limit
};

}  // namespace gogo

#endif
