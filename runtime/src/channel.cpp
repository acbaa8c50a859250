// Channel core and select: Go's chan.go and select.go, type-erased.
#include "scheduler.hpp"
#include "wait.hpp"

#include <gogo/chan.hpp>
#include <gogo/select.hpp>

#include <memory>
#include <new>

namespace gogo::detail {

// One channel. `lock` guards everything but `refs`. Invariants (as in Go):
// recvq non-empty => the buffer is empty; sendq non-empty => the buffer is
// full (for unbuffered channels: both "empty" and "full"); after close both
// queues stay empty.
struct chan_core {
  spin_lock lock;
  const elem_ops* ops;
  std::size_t cap;
  std::size_t count = 0;
  std::size_t recvx = 0;  // next slot to receive from
  std::size_t sendx = 0;  // next slot to send into
  bool closed = false;
  waitq recvq;
  waitq sendq;
  unsigned char* buf = nullptr;
  std::size_t stride;
  // Handles copied or dropped (a goroutine capturing the channel, say) must
  // not contend with the lock and queues that senders and receivers use:
  // a line of its own.
  alignas(64) std::atomic<long> refs{1};

  void* slot(std::size_t i) noexcept { return buf + i * stride; }
};

namespace {

std::size_t buffer_align(const elem_ops* ops) {
  return ops->align < alignof(std::max_align_t) ? alignof(std::max_align_t) : ops->align;
}

// Takes the oldest buffered value into out.
void buffer_take(chan_core* c, void* out) noexcept {
  void* s = c->slot(c->recvx);
  c->ops->move_construct(out, s);
  c->ops->destroy(s);
  if (++c->recvx == c->cap) c->recvx = 0;
  c->count--;
}

void buffer_put(chan_core* c, void* value) noexcept {
  c->ops->move_construct(c->slot(c->sendx), value);
  if (++c->sendx == c->cap) c->sendx = 0;
  c->count++;
}

// Completes a receive from the blocked sender s (already dequeued). On an
// unbuffered channel the value passes directly; on a full buffer the
// receiver takes the oldest value and s's value takes its slot.
void recv_from_sender(chan_core* c, sudog* s, void* out) noexcept {
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

void send_to_receiver(chan_core* c, sudog* r, void* value) noexcept {
  c->ops->move_construct(r->elem, value);
  r->success = true;
}

[[noreturn]] void throw_closed_send() { throw channel_error("send on closed channel"); }

}  // namespace

chan_core* chan_make(std::size_t capacity, const elem_ops* ops) {
  auto c = std::make_unique<chan_core>();
  c->ops = ops;
  c->cap = capacity;
  c->stride = (ops->size + ops->align - 1) / ops->align * ops->align;
  if (capacity) {
    c->buf = static_cast<unsigned char*>(
        ::operator new(capacity * c->stride, std::align_val_t(buffer_align(ops))));
  }
  return c.release();
}

void chan_retain(chan_core* c) noexcept { c->refs.fetch_add(1, std::memory_order_relaxed); }

void chan_release(chan_core* c) noexcept {
  if (c->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  while (c->count) {
    c->ops->destroy(c->slot(c->recvx));
    if (++c->recvx == c->cap) c->recvx = 0;
    c->count--;
  }
  if (c->buf) ::operator delete(c->buf, std::align_val_t(buffer_align(c->ops)));
  delete c;
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
  if (!c) block_forever();
  c->lock.lock();
  if (send_now_locked(c, value)) return;
  sudog me;
  me.who = current_parker();
  me.elem = value;
  enqueue(c->sendq, &me);
  block(me.who, &unlock_spin_lock, &c->lock);
  if (!me.success) throw_closed_send();
}

bool chan_recv(chan_core* c, void* out) {
  if (!c) block_forever();
  c->lock.lock();
  recv_result res = recv_now_locked(c, out);
  if (res != recv_result::would_block) return res == recv_result::received;
  sudog me;
  me.who = current_parker();
  me.elem = out;
  enqueue(c->recvq, &me);
  block(me.who, &unlock_spin_lock, &c->lock);
  return me.success;
}

bool chan_try_send(chan_core* c, void* value) {
  if (!c) return false;
  c->lock.lock();
  if (send_now_locked(c, value)) return true;
  c->lock.unlock();
  return false;
}

bool chan_try_recv(chan_core* c, void* out) {
  if (!c) return false;
  c->lock.lock();
  recv_result res = recv_now_locked(c, out);
  if (res == recv_result::would_block) {
    c->lock.unlock();
    return false;
  }
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

void block_forever() {
  parker who = current_parker();
  block(who, [](void*) noexcept {}, nullptr);
  __builtin_trap();
}

// ---------------------------------------------------------------------------
// select

namespace {

// Scratch arrays: on the stack for the usual handful of cases.
template <class T, std::size_t N = 8>
class scratch {
 public:
  explicit scratch(std::size_t n) : p_(n <= N ? local_ : (heap_ = std::make_unique<T[]>(n)).get()) {}
  T& operator[](std::size_t i) noexcept { return p_[i]; }

 private:
  T local_[N];
  std::unique_ptr<T[]> heap_;
  T* p_;
};

// The channels of a select, locked in address order (so two selects on the
// same channels cannot deadlock), each once.
struct lock_set {
  select_case* cases;
  std::uint32_t* order;  // case indexes sorted by channel address
  std::size_t n;

  void lock() noexcept {
    for (std::size_t i = 0; i < n; i++) {
      chan_core* c = cases[order[i]].ch;
      if (i == 0 || c != cases[order[i - 1]].ch) c->lock.lock();
    }
  }
  void unlock() noexcept {
    for (std::size_t i = n; i-- > 0;) {
      chan_core* c = cases[order[i]].ch;
      if (i == 0 || c != cases[order[i - 1]].ch) c->lock.unlock();
    }
  }
};

// Tries case k with all locks held. Returns true if it completed; the locks
// are released then (and a blocked partner woken).
bool try_case(select_case& sc, lock_set& locks, bool* received) {
  chan_core* c = sc.ch;
  if (sc.kind == select_case::recv) {
    if (sudog* s = dequeue(c->sendq)) {
      recv_from_sender(c, s, sc.value);
      locks.unlock();
      wake(s->who);
      *received = true;
      return true;
    }
    if (c->count > 0) {
      buffer_take(c, sc.value);
      locks.unlock();
      *received = true;
      return true;
    }
    if (c->closed) {
      locks.unlock();
      *received = false;
      return true;
    }
    return false;
  }
  if (c->closed) {
    locks.unlock();
    throw_closed_send();
  }
  if (sudog* r = dequeue(c->recvq)) {
    send_to_receiver(c, r, sc.value);
    locks.unlock();
    wake(r->who);
    return true;
  }
  if (c->count < c->cap) {
    buffer_put(c, sc.value);
    locks.unlock();
    return true;
  }
  return false;
}

}  // namespace

std::size_t select_run(select_case* cases, std::size_t n, bool* received) {
  std::size_t fallback = n;
  scratch<std::uint32_t> poll(n);
  scratch<std::uint32_t> order(n);
  std::size_t active = 0;
  for (std::size_t i = 0; i < n; i++) {
    if (cases[i].kind == select_case::fallback) {
      fallback = i;
    } else if (cases[i].ch) {
      // Fisher-Yates while filling: a uniformly random poll order.
      std::size_t j = fast_rand() % (active + 1);
      poll[active] = poll[j];
      poll[j] = std::uint32_t(i);
      active++;
    }
  }
  // Lock order: by channel address (insertion sort; selects are small).
  for (std::size_t i = 0; i < active; i++) {
    std::uint32_t k = poll[i];
    std::size_t j = i;
    while (j > 0 && cases[order[j - 1]].ch > cases[k].ch) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = k;
  }
  lock_set locks{cases, &order[0], active};

  if (active) {
    locks.lock();
    for (std::size_t i = 0; i < active; i++) {
      if (try_case(cases[poll[i]], locks, received)) return poll[i];
    }
  }
  if (fallback != n) {
    if (active) locks.unlock();
    return fallback;
  }
  if (!active) block_forever();

  // Nothing ready: wait on every channel at once.
  select_state state;
  parker who = current_parker();
  scratch<sudog> waiters(n);
  for (std::size_t i = 0; i < active; i++) {
    std::uint32_t k = order[i];
    sudog& s = waiters[k];
    s.who = who;
    s.elem = cases[k].value;
    s.sel = &state;
    s.case_index = k;
    enqueue(cases[k].kind == select_case::recv ? cases[k].ch->recvq : cases[k].ch->sendq, &s);
  }
  block(who, [](void* p) noexcept { static_cast<lock_set*>(p)->unlock(); }, &locks);

  // Woken by the case that won; withdraw from the others.
  locks.lock();
  for (std::size_t i = 0; i < active; i++) {
    std::uint32_t k = order[i];
    sudog& s = waiters[k];
    if (s.queued) unlink(cases[k].kind == select_case::recv ? cases[k].ch->recvq : cases[k].ch->sendq, &s);
  }
  locks.unlock();
  sudog* won = state.fired;
  std::size_t k = won->case_index;
  if (cases[k].kind == select_case::send) {
    if (!won->success) throw_closed_send();
  } else {
    *received = won->success;
  }
  return k;
}

}  // namespace gogo::detail
