// gogo::select with on_recv / on_send / on_default cases, like Go's select.
//
//   gogo::select{
//       gogo::on_recv(in, [&](std::optional<int> v) { ... }),
//       gogo::on_send(out, x, [&] { ... }),
//       gogo::on_default([&] { ... }),
//   };
//
// Go evaluates the cases' channel and value operands once, in source order,
// before choosing. C++ leaves the order of a function call's arguments
// unspecified (g++ evaluates them right to left), but evaluates the
// elements of a braced list left to right, whatever they initialise
// ([dcl.init.list]). So select is a class constructed from a braced list of
// cases, and `gogo::select(case, case)` does not compile: no constructor
// takes cases as separate arguments. Within one case, the channel and the
// value are arguments of one call: their order is unspecified, so a value
// expression must not change the channel variable of its own case.
#ifndef GOGO_SELECT_HPP
#define GOGO_SELECT_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/chan.hpp>
#include <gogo/directional_chan.hpp>

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
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

// select with no cases: blocks the caller forever.
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
struct is_select_case : std::false_type {};
template <class T, class F>
struct is_select_case<recv_case<T, F>> : std::true_type {};
template <class T, class F>
struct is_select_case<send_case<T, F>> : std::true_type {};
template <class F>
struct is_select_case<default_case<F>> : std::true_type {};

// A case of one select statement, type-erased. It points at the case
// object, a temporary of the select's full-expression, which therefore
// lives until the select has finished.
class select_arm {
 public:
  template <class Case, class = std::enable_if_t<is_select_case<std::decay_t<Case>>::value>>
  select_arm(Case&& c) noexcept  // implicit: the braced list's elements convert
      : case_(std::addressof(c)), description_(c.describe()), finish_(&finish_case<std::decay_t<Case>>) {}

  select_case description() const noexcept { return description_; }
  void finish(bool received) const { finish_(case_, received); }

 private:
  template <class Case>
  static void finish_case(void* c, bool received) {
    static_cast<Case*>(c)->finish(received);
  }

  void* case_;
  select_case description_;
  void (*finish_)(void*, bool);
};

}  // namespace detail

// Ready when ch has a value or is closed; runs f(std::optional<T>), where
// std::nullopt means the channel is closed.
template <class T, class F>
detail::recv_case<T, std::decay_t<F>> on_recv(chan<T> ch, F&& f) {
  return {std::move(ch), std::forward<F>(f), {}};
}
template <class T, class F>
detail::recv_case<T, std::decay_t<F>> on_recv(const recv_chan<T>& ch, F&& f) {
  return {detail::direction_access::base(ch), std::forward<F>(f), {}};
}

// Ready when v can be sent on ch now; runs f() after the send happened.
// Selecting a send on a closed channel throws channel_error.
template <class T, class F = detail::no_action>
detail::send_case<T, std::decay_t<F>> on_send(chan<T> ch,
                                             typename detail::type_identity<T>::type v,
                                             F&& f = F{}) {
  return {std::move(ch), std::move(v), std::forward<F>(f)};
}
template <class T, class F = detail::no_action>
detail::send_case<T, std::decay_t<F>> on_send(const send_chan<T>& ch,
                                             typename detail::type_identity<T>::type v,
                                             F&& f = F{}) {
  return {detail::direction_access::base(ch), std::move(v), std::forward<F>(f)};
}

// Runs f() when no other case is ready now.
template <class F>
detail::default_case<std::decay_t<F>> on_default(F&& f) {
  return {std::forward<F>(f)};
}

// A select statement: constructing one blocks until one case can proceed
// and runs it; among ready cases it picks one uniformly at random.
// Nil-channel cases are never ready. `gogo::select{}` blocks forever (Go's
// `select {}`). More than one on_default throws std::logic_error. Converts
// to the index, in the braces, of the case that ran.
class select {
 public:
  [[noreturn]] select() { detail::block_forever(); }

  select(std::initializer_list<detail::select_arm> arms) {
    if (arms.size() == 0) detail::block_forever();
    constexpr std::size_t on_stack = 8;
    detail::select_case local[on_stack];
    std::unique_ptr<detail::select_case[]> heap;
    detail::select_case* cases = local;
    if (arms.size() > on_stack) {
      heap = std::make_unique<detail::select_case[]>(arms.size());
      cases = heap.get();
    }
    std::size_t n = 0;
    bool have_default = false;
    for (const detail::select_arm& arm : arms) {
      cases[n] = arm.description();
      if (cases[n].kind == detail::select_case::fallback) {
        if (have_default) throw std::logic_error("gogo::select: more than one on_default case");
        have_default = true;
      }
      n++;
    }
    bool received = false;
    index_ = detail::select_run(cases, n, &received);
    arms.begin()[index_].finish(received);
  }

  // The old spelling, gogo::select(case, ...): refused, since the cases'
  // operands would be evaluated in an unspecified order.
  template <class... Cases,
            class = std::enable_if_t<(detail::is_select_case<std::decay_t<Cases>>::value && ...)>>
  select(Cases&&...) {
    static_assert(sizeof...(Cases) == 0,
                  "write gogo::select{case, ...} with braces: in gogo::select(case, ...) "
                  "C++ evaluates the cases in an unspecified order, Go in source order");
  }

  operator std::size_t() const noexcept { return index_; }

 private:
  std::size_t index_ = 0;
};

}  // namespace gogo

#endif
