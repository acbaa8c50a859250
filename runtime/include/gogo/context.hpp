// gogo::context: Go's context package. A context carries a cancellation
// signal, maybe a deadline, and typed values down a tree of calls and
// goroutines; cancelling one cancels everything derived from it.
//
//   auto [ctx, cancel] = gogo::with_timeout(gogo::background(), 100ms);
//   gogo::select{
//       gogo::on_recv(results, [&](std::optional<int> v) { ... }),
//       gogo::on_recv(ctx.done(), [&](auto) { /* ctx.err() says why */ }),
//   };
//   cancel();
#ifndef GOGO_CONTEXT_HPP
#define GOGO_CONTEXT_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/directional_chan.hpp>

#include <chrono>
#include <optional>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

namespace gogo {

// Why a context ended: Go's context.Canceled ("context canceled") and
// context.DeadlineExceeded ("context deadline exceeded"). Compare an err()
// with them: `ctx.err() == gogo::context_errc::canceled`.
enum class context_errc { canceled = 1, deadline_exceeded = 2 };
const std::error_category& context_category() noexcept;
inline std::error_code make_error_code(context_errc e) noexcept {
  return {static_cast<int>(e), context_category()};
}

}  // namespace gogo

template <>
struct std::is_error_code_enum<gogo::context_errc> : std::true_type {};

namespace gogo {

// A key for with_value, whose values have type T. Keys are compared by
// identity: declare each once (`const gogo::context_key<user> current_user;`)
// and pass that object; two keys never clash, whatever their types.
template <class T>
class context_key {
 public:
  constexpr context_key() noexcept = default;
  context_key(const context_key&) = delete;
  context_key& operator=(const context_key&) = delete;
};

namespace detail {

// The runtime's side of a context (context.cpp). A null node is
// background().
struct context_node;
struct context_access;
void context_retain(context_node* n) noexcept;
void context_release(context_node* n) noexcept;
recv_chan<std::monostate> context_done(context_node* n);
std::error_code context_err(context_node* n);
std::optional<std::chrono::steady_clock::time_point> context_deadline(context_node* n);
const void* context_value(context_node* n, const void* key) noexcept;

// A counted reference to a node.
class context_ref {
 public:
  context_ref() noexcept = default;
  explicit context_ref(context_node* n) noexcept : n_(n) {}
  context_ref(const context_ref& o) noexcept : n_(o.n_) {
    if (n_) context_retain(n_);
  }
  context_ref(context_ref&& o) noexcept : n_(std::exchange(o.n_, nullptr)) {}
  context_ref& operator=(context_ref o) noexcept {
    std::swap(n_, o.n_);
    return *this;
  }
  ~context_ref() {
    if (n_) context_release(n_);
  }
  context_node* get() const noexcept { return n_; }

 private:
  context_node* n_ = nullptr;
};

}  // namespace detail

// A handle to a context: copyable and cheap; copies are the same context.
// Safe to use from any goroutine or thread. The default-constructed one is
// background().
class context {
 public:
  context() noexcept = default;

  // Closed when the context ends (cancelled, or its deadline passed);
  // never ready for a context that cannot end (background() and contexts
  // only with values on it): that one is the nil channel.
  recv_chan<std::monostate> done() const { return detail::context_done(node_.get()); }

  // Empty while the context has not ended; afterwards why it ended
  // (context_errc::canceled or ::deadline_exceeded), the same every time.
  std::error_code err() const { return detail::context_err(node_.get()); }

  // When the context will end by itself, if it has a deadline.
  std::optional<std::chrono::steady_clock::time_point> deadline() const {
    return detail::context_deadline(node_.get());
  }

  // The value of `key` set by with_value on this context or the nearest
  // one it derives from; nullptr if none. It lives as long as any handle
  // to that context or to one derived from it.
  template <class T>
  const T* value(const context_key<T>& key) const noexcept {
    return static_cast<const T*>(detail::context_value(node_.get(), &key));
  }

 private:
  explicit context(detail::context_node* n) noexcept : node_(n) {}
  friend struct detail::context_access;

  detail::context_ref node_;
};

// Ends the context it came with (and everything derived from it) with
// context_errc::canceled, and releases what it holds (its timer, its place
// in its parent). Calling it again, or after the context ended, does
// nothing. Call it once the work under the context is done: until then a
// context derived from one that never ends stays registered with it.
class cancel_func {
 public:
  cancel_func() noexcept = default;
  void operator()() const noexcept;

 private:
  explicit cancel_func(detail::context_node* n) noexcept : node_(n) {}
  friend struct detail::context_access;

  detail::context_ref node_;
};

// The root context: never ends, no deadline, no values (Go's Background
// and TODO).
inline context background() noexcept { return context(); }

// A context that ends when `cancel` is called or when parent ends (Go's
// WithCancel): `auto [ctx, cancel] = gogo::with_cancel(parent);`.
std::pair<context, cancel_func> with_cancel(const context& parent);

// with_cancel, and the context also ends at `deadline` with
// context_errc::deadline_exceeded (Go's WithDeadline). A parent's earlier
// deadline stays in force.
std::pair<context, cancel_func> with_deadline(const context& parent,
                                              std::chrono::steady_clock::time_point deadline);

// with_deadline(parent, now + timeout) (Go's WithTimeout).
std::pair<context, cancel_func> with_timeout(const context& parent,
                                             std::chrono::nanoseconds timeout);

namespace detail {

context_node* context_with_value(context_node* parent, const void* key, void* value,
                                 void (*destroy)(void*) noexcept);

struct context_access {
  static context_node* node(const context& c) noexcept { return c.node_.get(); }
  static context make(context_node* n) noexcept { return context(n); }
  static cancel_func make_cancel(context_node* n) noexcept { return cancel_func(n); }
};

}  // namespace detail

// A context carrying `value` under `key`, derived from parent (Go's
// WithValue): it ends when parent ends. value is decay-copied.
template <class T, class U>
context with_value(const context& parent, const context_key<T>& key, U&& value) {
  static_assert(std::is_constructible_v<T, U&&>, "gogo::with_value: the value must convert to T");
  T* copy = new T(std::forward<U>(value));
  detail::context_node* n;
  try {
    n = detail::context_with_value(detail::context_access::node(parent), &key, copy,
                                   [](void* p) noexcept { delete static_cast<T*>(p); });
  } catch (...) {
    delete copy;
    throw;
  }
  return detail::context_access::make(n);
}

}  // namespace gogo

#endif
