// Channels: gogo::chan<T> and gogo::make_chan, with Go's semantics.
#ifndef GOGO_CHAN_HPP
#define GOGO_CHAN_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/detail/chan_core.hpp>
#include <gogo/detail/elem_ops.hpp>
#include <gogo/errors.hpp>

#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>

namespace gogo {

// What a non-blocking receive found: Go's
// `select { case v, ok := <-c: ...; default: ... }` in one call.
enum class recv_status {
  received,     // a value
  closed,       // closed and drained (Go: ok == false)
  would_block,  // nothing now (Go: the default case); always, on a nil channel
};

// chan::poll()'s result: `auto [status, value] = ch.poll();`. value holds
// the element exactly when status is recv_status::received.
template <class T>
struct poll_result {
  recv_status status;
  std::optional<T> value;
};

// A channel handle: copyable and cheap (a reference-counted pointer to the
// channel); copies refer to the same channel and compare equal. The
// default-constructed handle is the nil channel. T's move constructor must
// not throw.
template <class T>
class chan {
  static_assert(std::is_move_constructible_v<T>, "chan<T> needs a movable T");

 public:
  using value_type = T;

  chan() noexcept = default;
  chan(const chan& o) noexcept : core_(o.core_) {
    if (core_) detail::chan_retain(core_);
  }
  chan(chan&& o) noexcept : core_(std::exchange(o.core_, nullptr)) {}
  chan& operator=(chan o) noexcept {
    std::swap(core_, o.core_);
    return *this;
  }
  ~chan() {
    if (core_) detail::chan_release(core_);
  }

  // Blocks until a receiver takes v (unbuffered) or v is buffered.
  // Throws channel_error "send on closed channel".
  void send(T v) const { detail::chan_send(core_, &v); }

  // Blocks for a value; std::nullopt once the channel is closed and drained.
  std::optional<T> recv() const {
    detail::value_slot<T> slot;
    if (!detail::chan_recv(core_, slot.raw())) return std::nullopt;
    return slot.take();
  }

  // Never block. try_send returns false (and drops v) when it cannot send
  // now; it throws channel_error on a closed channel, like send.
  // try_recv's std::nullopt means either "closed and drained" or "nothing
  // now"; poll() tells them apart.
  bool try_send(T v) const { return detail::chan_try_send(core_, &v); }
  std::optional<T> try_recv() const { return poll().value; }
  poll_result<T> poll() const {
    detail::value_slot<T> slot;
    bool closed = false;
    if (!detail::chan_try_recv(core_, slot.raw(), &closed))
      return {closed ? recv_status::closed : recv_status::would_block, std::nullopt};
    return {recv_status::received, slot.take()};
  }

  // Wakes every receiver (they get nullopt once the buffer is drained) and
  // every blocked sender (they throw). Throws channel_error on a nil or
  // closed channel.
  void close() const { detail::chan_close(core_); }

  std::size_t len() const noexcept { return detail::chan_len(core_); }
  std::size_t cap() const noexcept { return detail::chan_cap(core_); }
  explicit operator bool() const noexcept { return core_ != nullptr; }

  friend bool operator==(const chan& a, const chan& b) noexcept { return a.core_ == b.core_; }
  friend bool operator!=(const chan& a, const chan& b) noexcept { return a.core_ != b.core_; }

  // `for (T v : ch)` receives until the channel is closed and drained.
  struct sentinel {};
  class iterator {
   public:
    explicit iterator(const chan& ch) : ch_(ch), cur_(ch.recv()) {}
    T&& operator*() { return std::move(*cur_); }
    iterator& operator++() {
      cur_ = ch_.recv();
      return *this;
    }
    friend bool operator==(const iterator& it, sentinel) noexcept { return !it.cur_; }
    friend bool operator!=(const iterator& it, sentinel) noexcept { return bool(it.cur_); }

   private:
    chan ch_;
    std::optional<T> cur_;
  };
  iterator begin() const { return iterator(*this); }
  sentinel end() const noexcept { return {}; }

 private:
  explicit chan(detail::chan_core* c) noexcept : core_(c) {}
  template <class U>
  friend chan<U> make_chan(std::size_t);
  friend struct detail::chan_access;

  detail::chan_core* core_ = nullptr;
};

// A new channel; capacity 0 is unbuffered. Throws channel_error
// "makechan: size out of range" when the buffer would exceed 2^48 bytes
// (Go's limit), as for std::size_t(-1).
template <class T>
chan<T> make_chan(std::size_t capacity = 0) {
  return chan<T>(detail::chan_make(capacity, &detail::elem_ops_of<T>::ops));
}

}  // namespace gogo

#endif
