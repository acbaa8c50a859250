#include "timer.hpp"

#include "spin_lock.hpp"
#include "thread_safety.hpp"
#include "wait.hpp"

#include <gogo/time.hpp>

#include <cstdlib>
#include <new>
#include <thread>
#include <type_traits>
#include <vector>

namespace gogo::detail {
namespace {

using clock = std::chrono::steady_clock;

// One heap entry. The deadline is copied next to the pointer, so sifting
// compares entries without touching the timers themselves.
struct heap_entry {
  clock::time_point when;
  std::uint64_t seq;  // among equal deadlines, first scheduled fires first
  timer* t;
};

bool before(const heap_entry& a, const heap_entry& b) noexcept {
  return a.when != b.when ? a.when < b.when : a.seq < b.seq;
}

// The heap's array, grown with realloc: glibc moves a large array by
// remapping its pages (mremap) where a std::vector would copy it into
// fresh pages, each a page fault.
class entry_array {
 public:
  entry_array() noexcept = default;
  entry_array(const entry_array&) = delete;
  entry_array& operator=(const entry_array&) = delete;
  ~entry_array() { std::free(data_); }

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  heap_entry& operator[](std::size_t i) noexcept { return data_[i]; }
  heap_entry& front() noexcept { return data_[0]; }
  heap_entry& back() noexcept { return data_[size_ - 1]; }
  heap_entry* begin() noexcept { return data_; }
  heap_entry* end() noexcept { return data_ + size_; }

  void push_back(const heap_entry& e) {
    if (size_ == capacity_) grow();
    data_[size_++] = e;
  }
  void pop_back() noexcept { size_--; }
  void shrink(std::size_t n) noexcept { size_ = n; }

 private:
  void grow() {
    std::size_t capacity = capacity_ ? 2 * capacity_ : 64;
    void* p = std::realloc(data_, capacity * sizeof(heap_entry));
    if (!p) throw std::bad_alloc();
    data_ = static_cast<heap_entry*>(p);
    capacity_ = capacity;
  }

  heap_entry* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

static_assert(std::is_trivially_copyable_v<heap_entry>, "entry_array moves entries as bytes");

// All timers, a 4-ary min-heap on (when, seq). Stop and reset are lazy, as
// Go's deltimer is: stop only marks the timer unscheduled, reset pushes a
// new entry with a new seq, and the entries they leave behind ("stale":
// the timer's seq or scheduled flag no longer matches) are dropped when
// they reach the top, or all at once when they outnumber the live ones. So
// stop is O(1) and neither touches other timers. Every entry of a counted
// timer holds a reference to it, so a stale entry never points at a freed
// timer. A spin_lock, not a mutex: sleep_for releases it from the
// scheduler after the goroutine has switched out.
struct timer_heap {
  spin_lock lock;
  entry_array heap GOGO_GUARDED_BY(lock);
  std::size_t stale GOGO_GUARDED_BY(lock) = 0;  // stale entries in heap
  std::uint64_t next_seq GOGO_GUARDED_BY(lock) = 0;
  int firing GOGO_GUARDED_BY(lock) = 0;  // timers popped but not yet fired
  // The deadline of the heap's top entry (max when empty), stored under
  // the lock whenever the heap changes and read without it: whether to run
  // timers, and how long an idle worker may sleep. A stale top entry makes
  // it early, never late.
  std::atomic<clock::rep> next_when{clock::time_point::max().time_since_epoch().count()};

  void publish_next() noexcept GOGO_REQUIRES(lock) {
    next_when.store(heap.empty() ? clock::time_point::max().time_since_epoch().count()
                                 : heap.front().when.time_since_epoch().count());
  }

  static bool live(const heap_entry& e) noexcept { return e.t->scheduled && e.t->seq == e.seq; }

  void sift_up(std::size_t i) noexcept GOGO_REQUIRES(lock) {
    heap_entry e = heap[i];
    while (i > 0) {
      std::size_t parent = (i - 1) / 4;
      if (!before(e, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = e;
  }

  void sift_down(std::size_t i) noexcept GOGO_REQUIRES(lock) {
    heap_entry e = heap[i];
    const std::size_t n = heap.size();
    for (;;) {
      std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      std::size_t end = first + 4 < n ? first + 4 : n;
      for (std::size_t c = first + 1; c < end; c++)
        if (before(heap[c], heap[best])) best = c;
      if (!before(heap[best], e)) break;
      heap[i] = heap[best];
      i = best;
    }
    heap[i] = e;
  }

  void pop_top() noexcept GOGO_REQUIRES(lock) {
    heap.front() = heap.back();
    heap.pop_back();
    if (!heap.empty()) sift_down(0);
  }

  // Drops every stale entry once they are more than half the heap.
  void compact_if_stale(std::vector<timer*>& release) GOGO_REQUIRES(lock) {
    if (stale < 64 || 2 * stale < heap.size()) return;
    compact(release);
  }

  // Drops every stale entry. An entry's reference to a counted timer is
  // dropped here unless it may be the last; those timers go to `release`
  // (to drop after the lock: the last reference runs user code).
  void compact(std::vector<timer*>& release) GOGO_REQUIRES(lock) {
    std::size_t kept = 0;
    for (const heap_entry& e : heap) {
      if (live(e)) {
        heap[kept++] = e;
      } else if (e.t->destroy && !timer_release_not_last(e.t)) {
        release.push_back(e.t);
      }
    }
    heap.shrink(kept);
    stale = 0;
    for (std::size_t i = kept > 1 ? (kept - 2) / 4 + 1 : 0; i-- > 0;) sift_down(i);
    publish_next();
  }
};

timer_heap& timers() {
  static timer_heap* h = new timer_heap;  // never destroyed (see scheduler)
  return *h;
}

void release_all(std::vector<timer*>& release) noexcept {
  for (timer* t : release) timer_release(t);
  release.clear();
}

// Schedules t at t->when with a new entry. Returns true if t is the new
// earliest timer.
bool push_locked(timer_heap& h, timer* t) GOGO_REQUIRES(h.lock);

// Takes the timers due at `now` off the heap (a periodic one is scheduled
// again, at its next deadline) into `due`, and the stale entries on the
// way into `release`. Each counted timer in `due` carries a reference for
// its fire.
void collect_due(timer_heap& h, clock::time_point now, std::vector<timer*>& due,
                 std::vector<timer*>& release) GOGO_REQUIRES(h.lock) {
  while (!h.heap.empty() && h.heap.front().when <= now) {
    heap_entry e = h.heap.front();
    h.pop_top();
    if (!timer_heap::live(e)) {
      h.stale--;
      if (e.t->destroy) release.push_back(e.t);
      continue;
    }
    timer* t = e.t;
    // The popped entry's reference passes to the fire.
    if (t->period.count() > 0) {
      auto late = now - t->when;
      t->when += t->period * (1 + late / t->period);
      push_locked(h, t);
    } else {
      t->scheduled = false;
    }
    due.push_back(t);
  }
  h.publish_next();
}

// The timers due now, fired by whoever calls timers_run(): a worker out of
// work or asleep in the netpoller, or the monitor. Per thread, so that no
// call allocates once warm.
thread_local std::vector<timer*> tls_due;
thread_local std::vector<timer*> tls_release;

bool push_locked(timer_heap& h, timer* t) GOGO_REQUIRES(h.lock) {
  if (t->destroy) timer_retain(t);  // the new entry's reference
  t->seq = h.next_seq++;
  t->scheduled = true;
  h.heap.push_back({t->when, t->seq, t});
  h.sift_up(h.heap.size() - 1);
  // Below the top, the new entry left the top and its deadline as they were.
  const bool earliest = h.heap.front().t == t && h.heap.front().seq == t->seq;
  if (earliest) h.publish_next();
  return earliest;
}

// A new earliest deadline: the worker asleep in the netpoller (or one that
// will be) must look at it.
void notify(timer_heap&) { wake_for_timer(); }

struct block_args {
  timer_heap* h;
  bool earliest;
};

// block()'s unlock callback: releases the lock timer_add_and_block took.
// The args live on the parking goroutine's stack: once the lock is free the
// timer may fire and that goroutine return, so read them before.
void unlock_and_notify(void* p) noexcept GOGO_NO_THREAD_SAFETY_ANALYSIS {
  const block_args a = *static_cast<block_args*>(p);
  a.h->lock.unlock();
  if (a.earliest) notify(*a.h);
}

struct sleeper : timer {
  parker who;
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

bool timer_del(timer* t) {
  timer_heap& h = timers();
  std::vector<timer*> release;
  h.lock.lock();
  const bool was_scheduled = t->scheduled;
  if (was_scheduled) {
    // Its entry stays, stale. The poller may wake for it, find
    // nothing due and sleep until the next deadline: no notify needed.
    t->scheduled = false;
    h.stale++;
    h.compact_if_stale(release);
  }
  h.lock.unlock();
  release_all(release);
  return was_scheduled;
}

bool timer_mod(timer* t, clock::time_point when, std::chrono::nanoseconds period) {
  timer_heap& h = timers();
  std::vector<timer*> release;
  h.lock.lock();
  const bool was_scheduled = t->scheduled;
  if (was_scheduled) h.stale++;  // its old entry
  t->when = when;
  t->period = period;
  bool earliest = push_locked(h, t);
  h.compact_if_stale(release);
  h.lock.unlock();
  if (earliest) notify(h);
  release_all(release);
  return was_scheduled;
}

bool timers_pending() noexcept {
  timer_heap& h = timers();
  h.lock.lock();
  bool pending = h.heap.size() > h.stale || h.firing != 0;
  h.lock.unlock();
  return pending;
}

clock::time_point timers_next() noexcept {
  return clock::time_point(clock::duration(timers().next_when.load()));
}

bool timers_run() noexcept {
  timer_heap& h = timers();
  std::vector<timer*>& due = tls_due;
  std::vector<timer*>& release = tls_release;
  h.lock.lock();
  collect_due(h, clock::now(), due, release);
  h.firing += int(due.size());
  h.lock.unlock();
  release_all(release);
  if (due.empty()) return false;
  for (timer* t : due) {
    bool counted = t->destroy != nullptr;  // an uncounted t may be gone after fire()
    t->fire(t);
    if (counted) timer_release(t);
  }
  h.lock.lock();
  h.firing -= int(due.size());
  bool idle = h.heap.size() == h.stale && h.firing == 0;
  h.lock.unlock();
  due.clear();
  if (idle) check_deadlock();
  return true;
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
  s.when = detail::deadline_after(d);
  s.who = detail::current_parker();
  s.fire = [](detail::timer* base) {
    detail::parker who = static_cast<detail::sleeper*>(base)->who;
    detail::wake(who);
  };
  detail::timer_add_and_block(&s, s.who);
}

}  // namespace gogo
