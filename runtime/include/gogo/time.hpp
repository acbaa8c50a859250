// Time: gogo::sleep_for and gogo::after.
#ifndef GOGO_TIME_HPP
#define GOGO_TIME_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/chan.hpp>

#include <chrono>

namespace gogo {

namespace detail {
void after_start(chan_core* ch, std::chrono::nanoseconds d);
}

// Parks the calling goroutine (not its worker thread) for at least d. On a
// plain OS thread it is std::this_thread::sleep_for. d <= 0 returns at once.
void sleep_for(std::chrono::nanoseconds d);

// A channel that receives the time once, after at least d (Go's time.After).
inline chan<std::chrono::steady_clock::time_point> after(std::chrono::nanoseconds d) {
  auto ch = make_chan<std::chrono::steady_clock::time_point>(1);
  detail::after_start(detail::chan_access::core(ch), d);
  return ch;
}

}  // namespace gogo

#endif
