// The channel operations behind gogo::chan<T> (Go's chan.go): make, send,
// receive, close, len, cap, and the reference count of a channel's handles.
#include "channel.hpp"

#include <gogo/select.hpp>

#include <cstdint>
#include <memory>
#include <new>
#include <string>

namespace gogo::detail {

namespace {

std::size_t buffer_align(const elem_ops* ops) {
  return ops->align < alignof(std::max_align_t) ? alignof(std::max_align_t) : ops->align;
}

// A channel is one plain allocation: the core, aligned by hand, then its
// buffer. One malloc instead of two per buffered channel (a timer's
// included), and no aligned allocation, which glibc serves by splitting a
// larger chunk: together the slower half of making a timer.
std::size_t core_align(const elem_ops* ops) {
  std::size_t a = buffer_align(ops);
  return a > alignof(chan_core) ? a : alignof(chan_core);
}

std::size_t buffer_offset(const elem_ops* ops) {
  std::size_t a = buffer_align(ops);
  return (sizeof(chan_core) + a - 1) / a * a;
}

// The largest buffer a channel may have, Go's maxAlloc on 64-bit Linux.
// Checked before multiplying, so capacity * stride never wraps around to
// an undersized buffer.
constexpr std::size_t max_buffer_bytes = std::size_t(1) << 48;

[[noreturn]] void throw_size_out_of_range(std::size_t capacity, std::size_t stride) {
  throw channel_error("makechan: size out of range (capacity " + std::to_string(capacity) +
                      " of " + std::to_string(stride) + "-byte elements; at most " +
                      std::to_string(max_buffer_bytes / stride) + ")");
}

}  // namespace

chan_core* chan_make(std::size_t capacity, const elem_ops* ops) {
  const std::size_t stride = elem_stride(ops);
  if (capacity > max_buffer_bytes / stride) throw_size_out_of_range(capacity, stride);
  const std::size_t align = core_align(ops);
  const std::size_t offset = buffer_offset(ops);
  auto* raw = static_cast<unsigned char*>(
      ::operator new(align - alignof(std::max_align_t) + offset + capacity * stride));
  auto at = reinterpret_cast<std::uintptr_t>(raw);
  std::size_t shift = (align - at % align) % align;
  auto* c = ::new (raw + shift) chan_core(ops, capacity, raw + shift + offset);
  c->alloc_shift = shift;
  return c;
}

void chan_retain(chan_core* c) noexcept { c->refs.fetch_add(1, std::memory_order_relaxed); }

void chan_release(chan_core* c) noexcept {
  if (c->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  while (c->count) {
    c->ops->destroy(c->slot(c->recvx));
    if (++c->recvx == c->cap) c->recvx = 0;
    c->count--;
  }
  unsigned char* raw = reinterpret_cast<unsigned char*>(c) - c->alloc_shift;
  void (*free_storage)(void*) noexcept = c->free_storage;
  c->~chan_core();
  if (free_storage) free_storage(raw);
  else ::operator delete(raw);
}

namespace {

// The non-blocking part of a send, shared by send and try_send: with c's
// lock held, hands value to a waiting receiver or puts it in the buffer,
// then unlocks and returns true. Returns false, still holding the lock,
// when the send would block. Throws (unlocked) on a closed channel.
__attribute__((always_inline)) inline bool send_now_locked(chan_core* c, void* value) {
  if (c->closed) {
    c->lock.unlock();
    throw_closed_send();
  }
  if (sudog* r = dequeue(c->recvq)) {
    send_to_receiver(c, r, value);
    c->lock.unlock();
    wake(r->who);
    return true;
  }
  if (c->count < c->cap) {
    buffer_put(c, value);
    c->lock.unlock();
    return true;
  }
  return false;
}

enum class recv_result { would_block, received, closed };

// The non-blocking part of a receive, shared by recv and try_recv: with c's
// lock held, takes a value from a waiting sender or the buffer, or sees the
// channel closed and drained; then unlocks. On would_block the lock stays
// held.
__attribute__((always_inline)) inline recv_result recv_now_locked(chan_core* c, void* out) {
  if (sudog* s = dequeue(c->sendq)) {
    recv_from_sender(c, s, out);
    c->lock.unlock();
    wake(s->who);
    return recv_result::received;
  }
  if (c->count > 0) {
    buffer_take(c, out);
    c->lock.unlock();
    return recv_result::received;
  }
  if (c->closed) {
    c->lock.unlock();
    return recv_result::closed;
  }
  return recv_result::would_block;
}

}  // namespace

void chan_send(chan_core* c, void* value) {
  if (!c) wait_forever(wait_reason::chan_send_nil);
  c->lock.lock();
  if (send_now_locked(c, value)) return;
  sudog me;
  me.who = current_parker();
  me.elem = value;
  enqueue(c->sendq, &me);
  park(me.who, wait_reason::chan_send, &unlock_spin_lock, &c->lock);
  if (!me.success) throw_closed_send();
}

bool chan_recv(chan_core* c, void* out) {
  if (!c) wait_forever(wait_reason::chan_receive_nil);
  c->lock.lock();
  recv_result res = recv_now_locked(c, out);
  if (res != recv_result::would_block) return res == recv_result::received;
  sudog me;
  me.who = current_parker();
  me.elem = out;
  enqueue(c->recvq, &me);
  park(me.who, wait_reason::chan_receive, &unlock_spin_lock, &c->lock);
  return me.success;
}

bool chan_try_send(chan_core* c, void* value) {
  if (!c) return false;
  c->lock.lock();
  if (send_now_locked(c, value)) return true;
  c->lock.unlock();
  return false;
}

bool chan_try_recv(chan_core* c, void* out, bool* closed) {
  *closed = false;
  if (!c) return false;
  c->lock.lock();
  recv_result res = recv_now_locked(c, out);
  if (res == recv_result::would_block) {
    c->lock.unlock();
    return false;
  }
  *closed = res == recv_result::closed;
  return res == recv_result::received;
}

void chan_close(chan_core* c) {
  if (!c) throw channel_error("close of nil channel");
  c->lock.lock();
  if (c->closed) {
    c->lock.unlock();
    throw channel_error("close of closed channel");
  }
  c->closed = true;
  // Wake every waiter, a batch at a time: each batch is taken off the queues
  // under the lock (a sudog stays valid until its owner is woken) and woken
  // outside it, so workers start on the first batch while this thread
  // collects the next. No new waiter can arrive: the channel is closed.
  for (;;) {
    constexpr std::size_t batch = 64;
    parker woken[batch];
    std::size_t n = 0;
    for (waitq* q : {&c->recvq, &c->sendq}) {
      while (n < batch) {
        sudog* s = dequeue_last(*q);
        if (!s) break;
        s->success = false;
        woken[n++] = s->who;
      }
    }
    c->lock.unlock();
    wake_all(woken, n);
    if (n < batch) return;
    c->lock.lock();
  }
}

std::size_t chan_len(const chan_core* c) noexcept {
  if (!c) return 0;
  auto* m = const_cast<chan_core*>(c);
  m->lock.lock();
  std::size_t n = m->count;
  m->lock.unlock();
  return n;
}

std::size_t chan_cap(const chan_core* c) noexcept { return c ? c->cap : 0; }

}  // namespace gogo::detail
