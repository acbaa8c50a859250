// Timers: gogo::timer, gogo::new_timer and gogo::after_func (Go's
// time.Timer, time.NewTimer and time.AfterFunc).
#ifndef GOGO_TIMER_HPP
#define GOGO_TIMER_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/chan.hpp>
#include <gogo/detail/timer_ref.hpp>
#include <gogo/directional_chan.hpp>

#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

namespace gogo {

// A handle to a one-shot timer: copyable and cheap; copies control the same
// timer. The default-constructed handle has no timer: stop() and reset()
// on it throw std::logic_error. Safe to use from any goroutine or thread.
class timer {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  timer() noexcept = default;

  // Receives the time when the timer fires: capacity 1, and a fire that
  // finds it full drops its value. The nil channel for after_func timers.
  recv_chan<time_point> c() const {
    if (!ref_.get()) return {};
    return detail::chan_access::adopt<time_point>(detail::user_timer_chan(ref_.get()));
  }

  // Keeps the timer from firing. True if this call stopped it; false if it
  // had already fired, or been stopped. The channel is neither closed nor
  // drained: `if (!t.stop()) t.c().recv();` takes a value a fire sent (when
  // nobody else receives from c()). For after_func, false means f has been
  // started (or will be, on its own goroutine) and stop does not wait for it.
  bool stop() const { return detail::user_timer_stop(checked("Stop")); }

  // Makes the timer fire once after d (at once for d <= 0), whether it is
  // pending, fired or stopped. True if it was pending. A value already in
  // c() stays there: stop and drain first for a clean restart.
  bool reset(std::chrono::nanoseconds d) const {
    return detail::user_timer_reset(checked("Reset"), d, std::chrono::nanoseconds(0));
  }

 private:
  explicit timer(detail::user_timer* t) noexcept : ref_(t) {}
  friend timer new_timer(std::chrono::nanoseconds d);
  template <class F>
  friend timer after_func(std::chrono::nanoseconds d, F&& f);

  detail::user_timer* checked(const char* what) const {
    if (!ref_.get())
      throw std::logic_error(std::string("time: ") + what + " called on uninitialized Timer");
    return ref_.get();
  }

  detail::timer_ref ref_;  // the timer keeps its channel alive
};

// A timer that sends the time on its channel once, after at least d
// (Go's time.NewTimer).
inline timer new_timer(std::chrono::nanoseconds d) {
  return timer(detail::chan_timer_start(d, std::chrono::nanoseconds(0), nullptr));
}

// A timer that runs f() on a new goroutine after at least d (Go's
// time.AfterFunc); reset() schedules it again, and a run may then overlap
// the previous one. f is decay-copied here; an exception escaping f is a
// panic, as for any goroutine. Dropping the handle does not cancel f.
template <class F>
timer after_func(std::chrono::nanoseconds d, F&& f) {
  using fn_t = std::decay_t<F>;
  static_assert(std::is_invocable_v<fn_t&>, "gogo::after_func: f() must be callable");
  auto* fn = new fn_t(std::forward<F>(f));
  detail::user_timer* t;
  try {
    t = detail::func_timer_start(
        [](void* p) { std::invoke(*static_cast<fn_t*>(p)); }, fn,
        [](void* p) noexcept { delete static_cast<fn_t*>(p); }, d);
  } catch (...) {
    delete fn;
    throw;
  }
  return timer(t);
}

}  // namespace gogo

#endif
