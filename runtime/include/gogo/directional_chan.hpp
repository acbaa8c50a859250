// Directional channel handles: gogo::send_chan<T> and gogo::recv_chan<T>,
// Go's `chan<- T` and `<-chan T`. A chan<T> converts to either implicitly,
// so a function's signature can state what it does with a channel; neither
// converts back, and the operations of the other direction do not exist
// (a send on a recv_chan, or closing it, fails to compile).
#ifndef GOGO_DIRECTIONAL_CHAN_HPP
#define GOGO_DIRECTIONAL_CHAN_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/chan.hpp>

#include <cstddef>
#include <optional>
#include <utility>

namespace gogo {

template <class T>
class send_chan;
template <class T>
class recv_chan;

namespace detail {

// What select needs from a directional handle: the channel underneath.
struct direction_access {
  template <class T>
  static const chan<T>& base(const send_chan<T>& ch) noexcept {
    return ch.ch_;
  }
  template <class T>
  static const chan<T>& base(const recv_chan<T>& ch) noexcept {
    return ch.ch_;
  }
};

}  // namespace detail

// The sending end of a channel. The default-constructed handle is the nil
// channel.
template <class T>
class send_chan {
 public:
  using value_type = T;

  send_chan() noexcept = default;
  send_chan(chan<T> ch) noexcept : ch_(std::move(ch)) {}  // implicit, as in Go

  void send(T v) const { ch_.send(std::move(v)); }
  bool try_send(T v) const { return ch_.try_send(std::move(v)); }
  void close() const { ch_.close(); }

  std::size_t len() const noexcept { return ch_.len(); }
  std::size_t cap() const noexcept { return ch_.cap(); }
  explicit operator bool() const noexcept { return bool(ch_); }

  friend bool operator==(const send_chan& a, const send_chan& b) noexcept {
    return a.ch_ == b.ch_;
  }
  friend bool operator!=(const send_chan& a, const send_chan& b) noexcept {
    return a.ch_ != b.ch_;
  }

 private:
  friend struct detail::direction_access;
  chan<T> ch_;
};

// The receiving end of a channel. The default-constructed handle is the nil
// channel.
template <class T>
class recv_chan {
 public:
  using value_type = T;

  recv_chan() noexcept = default;
  recv_chan(chan<T> ch) noexcept : ch_(std::move(ch)) {}  // implicit, as in Go

  std::optional<T> recv() const { return ch_.recv(); }
  std::optional<T> try_recv() const { return ch_.try_recv(); }
  poll_result<T> poll() const { return ch_.poll(); }

  std::size_t len() const noexcept { return ch_.len(); }
  std::size_t cap() const noexcept { return ch_.cap(); }
  explicit operator bool() const noexcept { return bool(ch_); }

  friend bool operator==(const recv_chan& a, const recv_chan& b) noexcept {
    return a.ch_ == b.ch_;
  }
  friend bool operator!=(const recv_chan& a, const recv_chan& b) noexcept {
    return a.ch_ != b.ch_;
  }

  // `for (T v : ch)` receives until the channel is closed and drained.
  typename chan<T>::iterator begin() const { return ch_.begin(); }
  typename chan<T>::sentinel end() const noexcept { return {}; }

 private:
  friend struct detail::direction_access;
  chan<T> ch_;
};

}  // namespace gogo

#endif
