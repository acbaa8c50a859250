// gogo::blocking: runs a call known to block or compute for long (Go's
// entersyscall/exitsyscall) without holding up other goroutines.
#ifndef GOGO_BLOCKING_HPP
#define GOGO_BLOCKING_HPP

#include <gogo/detail/cxx17.hpp>

#include <utility>

namespace gogo {

namespace detail {
void* blocking_enter() noexcept;
void blocking_exit(void* token) noexcept;
}  // namespace detail

// Calls f() and returns what it returns. While it runs, the goroutine's
// worker counts as blocked: if other goroutines are runnable, another
// thread takes them at once, instead of after the monitor's threshold
// (docs/runtime.md, "Blocking calls"). On a plain thread it just calls f.
template <class F>
decltype(auto) blocking(F&& f) {
  struct scope {
    void* token;
    ~scope() { detail::blocking_exit(token); }
  } s{detail::blocking_enter()};
  return std::forward<F>(f)();
}

}  // namespace gogo

#endif
