// gogo::once: Go's sync.Once.
#ifndef GOGO_ONCE_HPP
#define GOGO_ONCE_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/detail/waitq.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <type_traits>

namespace gogo {

class once {
 public:
  once() = default;
  once(const once&) = delete;
  once& operator=(const once&) = delete;

  // Runs f() if no call() on this once has run its function yet; every
  // call returns only after that first function has returned, so what it
  // did is visible to all of them. As in Go, a function that throws counts
  // as having run: the exception reaches its caller, later calls return at
  // once. A function that calls call() on its own once deadlocks.
  template <class F>
  void call(F&& f) {
    static_assert(std::is_invocable_v<F&>, "gogo::once::call: f() must be callable");
    if (state_.load(std::memory_order_acquire) == done) return;
    // Through a lambda: a function's address does not convert to void*.
    auto run = [&f] { std::invoke(f); };
    call_slow([](void* p) { (*static_cast<decltype(run)*>(p))(); }, &run);
  }

 private:
  enum : std::uint32_t { not_started, running, done };
  void call_slow(void (*run)(void*), void* f);
  void finish() noexcept;

  std::atomic<std::uint32_t> state_{not_started};
  detail::lock_word lock_;
  detail::waitq waiters_;  // callers waiting for the running function
};

}  // namespace gogo

#endif
