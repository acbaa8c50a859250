// Time: gogo::sleep_for and gogo::after.
#ifndef GOGO_TIME_HPP
#define GOGO_TIME_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/chan.hpp>

#include <chrono>

namespace gogo {

namespace detail {
chan_core* after_start(std::chrono::nanoseconds d);  // a reference for the caller
}

// Parks the calling goroutine (not its worker thread) for at least d. On a
// plain OS thread it is std::this_thread::sleep_for. d <= 0 returns at once.
void sleep_for(std::chrono::nanoseconds d);

// A channel that receives the time once, after at least d (Go's time.After).
inline chan<std::chrono::steady_clock::time_point> after(std::chrono::nanoseconds d) {
  return detail::chan_access::adopt<std::chrono::steady_clock::time_point>(detail::after_start(d));
}

}  // namespace gogo

#endif
