// gogo::select (Go's select.go): polls the cases in random order with the
// channels locked in address order, else waits on all of them at once; and
// block_forever, the wait of an empty select and of a nil channel.
#include "channel.hpp"

#include <gogo/select.hpp>

#include <cstdint>
#include <memory>

namespace gogo::detail {

void wait_forever(wait_reason why) {
  parker who = current_parker();
  park(who, why, [](void*) noexcept {}, nullptr);
  __builtin_trap();
}

void block_forever() { wait_forever(wait_reason::select_no_cases); }

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
  park(who, wait_reason::select, [](void* p) noexcept { static_cast<lock_set*>(p)->unlock(); },
       &locks);

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
