// gogo::select with on_recv / on_send / on_default cases, like Go's select.
#ifndef GOGO_SELECT_HPP
#define GOGO_SELECT_HPP

#include <gogo/chan.hpp>

#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>

namespace gogo {

namespace detail {

// One case as the runtime sees it. For a receive, `value` is room for one
// element; for a send, the element to move from.
struct select_case {
  enum kind_t : unsigned char { recv, send, fallback };
  chan_core* ch;
  void* value;
  kind_t kind;
};

// Runs one case: a ready one chosen uniformly at random, else the default
// case, else blocks. Returns the index of the case that ran; *received tells
// a receive case whether it got a value (false: channel closed).
std::size_t select_run(select_case* cases, std::size_t n, bool* received);

// select() with no cases: blocks the caller forever.
[[noreturn]] void block_forever();

template <class T>
struct type_identity {
  using type = T;
};

struct no_action {
  void operator()() const noexcept {}
};

template <class T, class F>
struct recv_case {
  chan<T> ch;
  F f;
  value_slot<T> slot;

  select_case describe() { return {chan_access::core(ch), slot.raw(), select_case::recv}; }
  void finish(bool received) {
    if (received) {
      f(slot.take());
    } else {
      f(std::optional<T>());
    }
  }
};

template <class T, class F>
struct send_case {
  chan<T> ch;
  T value;
  F f;

  select_case describe() { return {chan_access::core(ch), &value, select_case::send}; }
  void finish(bool) { f(); }
};

template <class F>
struct default_case {
  F f;

  select_case describe() { return {nullptr, nullptr, select_case::fallback}; }
  void finish(bool) { f(); }
};

template <class C>
struct is_default_case : std::false_type {};
template <class F>
struct is_default_case<default_case<F>> : std::true_type {};

}  // namespace detail

// Ready when ch has a value or is closed; runs f(std::optional<T>), where
// std::nullopt means the channel is closed.
template <class T, class F>
detail::recv_case<T, std::decay_t<F>> on_recv(chan<T> ch, F&& f) {
  return {std::move(ch), std::forward<F>(f), {}};
}

// Ready when v can be sent on ch now; runs f() after the send happened.
// Selecting a send on a closed channel throws channel_error.
template <class T, class F = detail::no_action>
detail::send_case<T, std::decay_t<F>> on_send(chan<T> ch,
                                             typename detail::type_identity<T>::type v,
                                             F&& f = F{}) {
  return {std::move(ch), std::move(v), std::forward<F>(f)};
}

// Runs f() when no other case is ready now.
template <class F>
detail::default_case<std::decay_t<F>> on_default(F&& f) {
  return {std::forward<F>(f)};
}

// Blocks until one case can proceed and runs it; among ready cases picks
// one uniformly at random. Nil-channel cases are never ready. Returns the
// index of the case that ran. select() with no cases blocks forever.
template <class... Cases>
std::size_t select(Cases&&... cases) {
  constexpr std::size_t n = sizeof...(Cases);
  static_assert((0 + ... + detail::is_default_case<std::decay_t<Cases>>::value) <= 1,
                "gogo::select: at most one on_default case");
  if constexpr (n == 0) {
    detail::block_forever();
  } else {
    detail::select_case described[n] = {cases.describe()...};
    bool received = false;
    const std::size_t chosen = detail::select_run(described, n, &received);
    std::size_t i = 0;
    ((i++ == chosen ? cases.finish(received) : void()), ...);
    return chosen;
  }
}

}  // namespace gogo

#endif
