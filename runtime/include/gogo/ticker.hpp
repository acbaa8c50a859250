// Tickers: gogo::ticker, gogo::new_ticker and gogo::tick (Go's time.Ticker,
// time.NewTicker and time.Tick).
#ifndef GOGO_TICKER_HPP
#define GOGO_TICKER_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/chan.hpp>
#include <gogo/detail/timer_ref.hpp>
#include <gogo/directional_chan.hpp>

#include <chrono>
#include <stdexcept>
#include <utility>

namespace gogo {

// A handle to a ticker: copyable and cheap; copies control the same ticker.
// A ticker runs until stopped, whether or not handles to it remain (as in
// Go): stop the ones you are done with. The default-constructed handle has
// no ticker: stop() does nothing and reset() throws std::logic_error. Safe
// to use from any goroutine or thread.
class ticker {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  ticker() noexcept = default;

  // Receives the time at every tick: capacity 1, so a slow receiver misses
  // ticks instead of queueing them.
  recv_chan<time_point> c() const {
    if (!ref_.get()) return {};
    return detail::chan_access::adopt<time_point>(detail::user_timer_chan(ref_.get()));
  }

  // No more ticks (one already being sent may still arrive). The channel is
  // not closed. Stopping twice is harmless.
  void stop() const {
    if (ref_.get()) detail::user_timer_stop(ref_.get());
  }

  // Ticks every d from now on, also after stop(). Throws
  // std::invalid_argument for d <= 0.
  void reset(std::chrono::nanoseconds d) const {
    if (d.count() <= 0) throw std::invalid_argument("non-positive interval for Ticker.Reset");
    if (!ref_.get()) throw std::logic_error("time: Reset called on uninitialized Ticker");
    detail::user_timer_reset(ref_.get(), d, d);
  }

 private:
  explicit ticker(detail::user_timer* t) noexcept : ref_(t) {}
  friend ticker new_ticker(std::chrono::nanoseconds d);

  detail::timer_ref ref_;  // the ticker keeps its channel alive
};

// A ticker sending the time every d, the first time after d (Go's
// time.NewTicker). Throws std::invalid_argument for d <= 0.
inline ticker new_ticker(std::chrono::nanoseconds d) {
  if (d.count() <= 0) throw std::invalid_argument("non-positive interval for NewTicker");
  return ticker(detail::chan_timer_start(d, d, nullptr));
}

// new_ticker(d).c() for a ticker that is never stopped (Go's time.Tick);
// the nil channel for d <= 0.
inline recv_chan<ticker::time_point> tick(std::chrono::nanoseconds d) {
  if (d.count() <= 0) return {};
  return new_ticker(d).c();
}

}  // namespace gogo

#endif
