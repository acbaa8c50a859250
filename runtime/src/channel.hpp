// channel: owns chan_core, the type-erased channel behind gogo::chan<T>,
// and the steps that move one element into or out of it under its lock,
// which the channel operations (channel.cpp) and select (select.cpp) share.
// Go's hchan and its send/recv helpers (chan.go).
#ifndef GOGO_SRC_CHANNEL_HPP
#define GOGO_SRC_CHANNEL_HPP

#include "scheduler.hpp"
#include "spin_lock.hpp"
#include "wait.hpp"

#include <gogo/chan.hpp>

#include <atomic>
#include <cstddef>

namespace gogo::detail {

// One channel. `lock` guards everything but `refs`. Invariants (as in Go):
// recvq non-empty => the buffer is empty; sendq non-empty => the buffer is
// full (for unbuffered channels: both "empty" and "full"); after close both
// queues stay empty.
// Blocks the caller for good (a nil channel, an empty select), saying why.
[[noreturn]] void wait_forever(wait_reason why);

// The distance between a channel's elements: their size rounded up to their
// alignment.
inline std::size_t elem_stride(const elem_ops* ops) noexcept {
  return (ops->size + ops->align - 1) / ops->align * ops->align;
}

struct chan_core {
  // A channel of `capacity` elements of ops's type, buffered at `buffer`
  // (aligned for them; unused for capacity 0).
  chan_core(const elem_ops* o, std::size_t capacity, unsigned char* buffer) noexcept
      : ops(o), cap(capacity), buf(capacity ? buffer : nullptr), stride(elem_stride(o)) {}

  spin_lock lock;
  const elem_ops* ops;
  std::size_t cap;
  std::size_t count = 0;
  std::size_t recvx = 0;  // next slot to receive from
  std::size_t sendx = 0;  // next slot to send into
  bool closed = false;
  waitq recvq;
  waitq sendq;
  unsigned char* buf;  // in the core's own allocation
  std::size_t stride;
  std::size_t alloc_shift = 0;  // the core's address minus its allocation's
  // Frees the allocation once the last reference is gone; null: it came
  // from ::operator new (chan_make).
  void (*free_storage)(void* allocation) noexcept = nullptr;
  // Handles copied or dropped (a goroutine capturing the channel, say) must
  // not contend with the lock and queues that senders and receivers use:
  // a line of its own.
  alignas(64) std::atomic<long> refs{1};

  void* slot(std::size_t i) noexcept { return buf + i * stride; }
};

// Takes the oldest buffered value into out.
inline void buffer_take(chan_core* c, void* out) noexcept {
  void* s = c->slot(c->recvx);
  c->ops->move_construct(out, s);
  c->ops->destroy(s);
  if (++c->recvx == c->cap) c->recvx = 0;
  c->count--;
}

inline void buffer_put(chan_core* c, void* value) noexcept {
  c->ops->move_construct(c->slot(c->sendx), value);
  if (++c->sendx == c->cap) c->sendx = 0;
  c->count++;
}

// Completes a receive from the blocked sender s (already dequeued). On an
// unbuffered channel the value passes directly; on a full buffer the
// receiver takes the oldest value and s's value takes its slot.
inline void recv_from_sender(chan_core* c, sudog* s, void* out) noexcept {
  if (c->cap == 0) {
    c->ops->move_construct(out, s->elem);
  } else {
    void* slot = c->slot(c->recvx);
    c->ops->move_construct(out, slot);
    c->ops->destroy(slot);
    c->ops->move_construct(slot, s->elem);
    if (++c->recvx == c->cap) c->recvx = 0;
    c->sendx = c->recvx;
  }
  s->success = true;
}

inline void send_to_receiver(chan_core* c, sudog* r, void* value) noexcept {
  c->ops->move_construct(r->elem, value);
  r->success = true;
}

[[noreturn]] inline void throw_closed_send() { throw channel_error("send on closed channel"); }

}  // namespace gogo::detail

#endif
