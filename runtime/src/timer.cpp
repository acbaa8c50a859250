#include "timer.hpp"

#include "futex.hpp"
#include "spin_lock.hpp"
#include "thread_safety.hpp"
#include "wait.hpp"

#include <gogo/time.hpp>

#include <algorithm>
#include <thread>
#include <vector>

namespace gogo::detail {
namespace {

using clock = std::chrono::steady_clock;

struct later {
  bool operator()(const timer* a, const timer* b) const noexcept {
    return a->when != b->when ? a->when > b->when : a->seq > b->seq;
  }
};

// All timers, a min-heap on (when, seq). A spin_lock, not a mutex: sleep_for
// releases it from the scheduler after the goroutine has switched out.
struct timer_heap {
  spin_lock lock;
  std::vector<timer*> heap GOGO_GUARDED_BY(lock);
  std::uint64_t next_seq GOGO_GUARDED_BY(lock) = 0;
  int firing GOGO_GUARDED_BY(lock) = 0;  // timers popped but not yet fired
  bool thread_started GOGO_GUARDED_BY(lock) = false;
  // Bumped (and futex-woken) when the earliest deadline moves up.
  std::atomic<std::uint32_t> change{0};
};

timer_heap& timers() {
  static timer_heap* h = new timer_heap;  // never destroyed (see scheduler)
  return *h;
}

void timer_thread_main() {
  timer_heap& h = timers();
  std::vector<timer*> due;
  for (;;) {
    std::uint32_t seen = h.change.load(std::memory_order_acquire);
    h.lock.lock();
    auto now = clock::now();
    while (!h.heap.empty() && h.heap.front()->when <= now) {
      std::pop_heap(h.heap.begin(), h.heap.end(), later{});
      due.push_back(h.heap.back());
      h.heap.pop_back();
    }
    h.firing += int(due.size());
    bool have_next = !h.heap.empty();
    auto next = have_next ? h.heap.front()->when : now;
    h.lock.unlock();

    if (!due.empty()) {
      for (timer* t : due) t->fire(t);
      h.lock.lock();
      h.firing -= int(due.size());
      bool idle = h.heap.empty() && h.firing == 0;
      h.lock.unlock();
      due.clear();
      if (idle) check_deadlock();
      continue;
    }
    if (have_next) {
      futex_wait_for(&h.change, seen,
                     std::chrono::duration_cast<std::chrono::nanoseconds>(next - now));
    } else {
      futex_wait(&h.change, seen);
    }
  }
}

// Returns true if t is the new earliest timer.
bool push_locked(timer_heap& h, timer* t) GOGO_REQUIRES(h.lock) {
  t->seq = h.next_seq++;
  h.heap.push_back(t);
  std::push_heap(h.heap.begin(), h.heap.end(), later{});
  if (!h.thread_started) {
    h.thread_started = true;
    std::thread(timer_thread_main).detach();
  }
  return h.heap.front() == t;
}

void notify(timer_heap& h) {
  h.change.fetch_add(1, std::memory_order_release);
  futex_wake(&h.change);
}

struct block_args {
  timer_heap* h;
  bool earliest;
};

// block()'s unlock callback: releases the lock timer_add_and_block took.
void unlock_and_notify(void* p) noexcept GOGO_NO_THREAD_SAFETY_ANALYSIS {
  auto* a = static_cast<block_args*>(p);
  a->h->lock.unlock();
  if (a->earliest) notify(*a->h);
}

struct sleeper : timer {
  parker who;
};

struct after_timer : timer {
  chan_core* ch;
};

}  // namespace

void timer_add(timer* t) {
  timer_heap& h = timers();
  h.lock.lock();
  bool earliest = push_locked(h, t);
  h.lock.unlock();
  if (earliest) notify(h);
}

// Returns with h.lock released: block() releases it (unlock_and_notify)
// once the caller can no longer miss its wakeup.
void timer_add_and_block(timer* t, const parker& who) GOGO_NO_THREAD_SAFETY_ANALYSIS {
  timer_heap& h = timers();
  h.lock.lock();
  block_args a{&h, push_locked(h, t)};
  park(who, wait_reason::sleep, &unlock_and_notify, &a);
}

bool timers_pending() noexcept {
  timer_heap& h = timers();
  h.lock.lock();
  bool pending = !h.heap.empty() || h.firing != 0;
  h.lock.unlock();
  return pending;
}

int timer_threads() noexcept {
  timer_heap& h = timers();
  h.lock.lock();
  int n = h.thread_started ? 1 : 0;
  h.lock.unlock();
  return n;
}

void after_start(chan_core* ch, std::chrono::nanoseconds d) {
  auto* t = new after_timer;
  t->when = clock::now() + (d.count() > 0 ? d : std::chrono::nanoseconds(0));
  chan_retain(ch);
  t->ch = ch;
  t->fire = [](timer* base) {
    auto* self = static_cast<after_timer*>(base);
    auto now = clock::now();
    try {
      chan_try_send(self->ch, &now);
    } catch (...) {
      // The program closed its after() channel; nobody can receive anyway.
    }
    chan_release(self->ch);
    delete self;
  };
  timer_add(t);
}

}  // namespace gogo::detail

namespace gogo {

void sleep_for(std::chrono::nanoseconds d) {
  if (d.count() <= 0) return;
  if (!detail::current_g()) {
    std::this_thread::sleep_for(d);
    return;
  }
  detail::sleeper s;
  s.when = detail::clock::now() + d;
  s.who = detail::current_parker();
  s.fire = [](detail::timer* base) {
    detail::parker who = static_cast<detail::sleeper*>(base)->who;
    detail::wake(who);
  };
  detail::timer_add_and_block(&s, s.who);
}

}  // namespace gogo
