// gogo::detail::chan_core: the channel as public headers see it, an opaque
// core that lives in the runtime, with the runtime's entry points; and
// chan_access, through which other public headers (select, time) reach a
// chan<T>'s core, or make a chan<T> of a core the runtime made. A null core
// is the nil channel.
#ifndef GOGO_DETAIL_CHAN_CORE_HPP
#define GOGO_DETAIL_CHAN_CORE_HPP

#include <gogo/detail/elem_ops.hpp>

#include <cstddef>

namespace gogo {

template <class T>
class chan;

namespace detail {

struct chan_core;
chan_core* chan_make(std::size_t capacity, const elem_ops* ops);  // throws on a capacity out of range
void chan_retain(chan_core* c) noexcept;
void chan_release(chan_core* c) noexcept;
void chan_send(chan_core* c, void* value);     // moves from *value
bool chan_recv(chan_core* c, void* out);       // true: constructed a T at out
bool chan_try_send(chan_core* c, void* value); // moves from *value only if true
bool chan_try_recv(chan_core* c, void* out, bool* closed);  // false: *closed, or would block
void chan_close(chan_core* c);
std::size_t chan_len(const chan_core* c) noexcept;
std::size_t chan_cap(const chan_core* c) noexcept;

struct chan_access {
  template <class T>
  static chan_core* core(const chan<T>& ch) noexcept { return ch.core_; }
  // A handle that takes over a reference to c.
  template <class T>
  static chan<T> adopt(chan_core* c) noexcept { return chan<T>(c); }
};

}  // namespace detail
}  // namespace gogo

#endif
