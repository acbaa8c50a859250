#include "timer.hpp"

#include "spin_lock.hpp"
#include "wait.hpp"

#include <gogo/time.hpp>

#include <algorithm>
#include <thread>
#include <vector>

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

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
  std::vector<timer*> heap;
  std::uint64_t next_seq = 0;
  int firing = 0;      // timers popped but not yet fired (guarded by lock)
  bool thread_started = false;
  // Bumped (and futex-woken) when the earliest deadline moves up.
  std::atomic<std::uint32_t> change{0};
};

timer_heap& timers() {
  static timer_heap* h = new timer_heap;  // never destroyed (see scheduler)
  return *h;
}

void sleep_until_change(timer_heap& h, std::uint32_t seen, const timespec* timeout) {
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&h.change), FUTEX_WAIT_PRIVATE, seen,
          timeout, nullptr, 0);
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
      auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(next - now).count();
      timespec ts{time_t(ns / 1000000000), long(ns % 1000000000)};
      sleep_until_change(h, seen, &ts);
    } else {
      sleep_until_change(h, seen, nullptr);
    }
  }
}

// Needs h.lock. Returns true if t is the new earliest timer.
bool push_locked(timer_heap& h, timer* t) {
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
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&h.change), FUTEX_WAKE_PRIVATE, 1,
          nullptr, nullptr, 0);
}

struct block_args {
  timer_heap* h;
  bool earliest;
};

void unlock_and_notify(void* p) noexcept {
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

void timer_add_and_block(timer* t, const parker& who) {
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
