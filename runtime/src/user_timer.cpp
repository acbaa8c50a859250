// The timers behind the user's handles (gogo::timer, gogo::ticker,
// gogo::after_func) and gogo::after: counted timers on the runtime's heap
// (timer.hpp). A timer that sends on a channel is made together with its
// channel, in one block from a pool.
#include "block_pool.hpp"
#include "channel.hpp"
#include "timer.hpp"

#include <gogo/chan.hpp>
#include <gogo/detail/timer_ref.hpp>
#include <gogo/go.hpp>

#include <cstddef>

namespace gogo::detail {

using clock = std::chrono::steady_clock;

// refs counts the handles, plus the heap's and firing's references.
struct user_timer : timer {};

namespace {

// after_func's timer: f, how to run it and how to destroy it.
struct func_timer : user_timer {
  void (*call)(void*) = nullptr;
  void* arg = nullptr;
  void (*destroy_arg)(void*) noexcept = nullptr;
};

// A timer that sends the time on its channel (new_timer, new_ticker,
// after), and that channel: one object in one block. The timer and the
// channel's buffer of one value take the core's tail padding (the core's
// reference count has a cache line of its own, mostly empty; the Itanium
// C++ ABI places later bases and members there). The timer holds a
// reference to the channel until the timer is destroyed, so the channel's
// last reference frees the block: the channel may outlive the timer
// (someone still holds c()), never the reverse, and the timer's part of
// the block is dead but not freed meanwhile.
struct chan_timer : chan_core, user_timer {
  alignas(clock::time_point) unsigned char slot[sizeof(clock::time_point)];  // the buffer

  chan_timer() noexcept;
};

static_assert(sizeof(chan_timer) == sizeof(chan_core), "a timer fits in its channel's padding");

block_pool chan_timer_blocks{sizeof(chan_timer)};

void free_block(void* block) noexcept { chan_timer_blocks.free(block); }

chan_timer::chan_timer() noexcept : chan_core(&elem_ops_of<clock::time_point>::ops, 1, slot) {
  alloc_shift = std::size_t(reinterpret_cast<unsigned char*>(static_cast<chan_core*>(this)) -
                            reinterpret_cast<unsigned char*>(this));
  free_storage = &free_block;
}

chan_timer* block_of(timer* base) noexcept {
  return static_cast<chan_timer*>(static_cast<user_timer*>(base));
}

// A channel timer sends without blocking, as Go's sendTime does: a full
// channel means the receiver has not taken the previous value yet, and
// this one is dropped. Only after()'s channel can be closed (the others'
// users hold a recv_chan); then nobody can receive the value anyway.
void send_time(timer* base) {
  clock::time_point now = clock::now();
  try {
    chan_try_send(block_of(base), &now);
  } catch (const channel_error&) {
  }
}

// The timer's part of the block ends; the block goes with the channel's
// last reference.
void destroy_chan_timer(timer* base) noexcept { chan_release(block_of(base)); }

// after_func: f runs on its own goroutine, which keeps the timer (and so f)
// alive until it returns.
void start_call(timer* base) {
  auto* t = static_cast<func_timer*>(base);
  timer_retain(t);
  ::gogo::go([t] {
    t->call(t->arg);
    timer_release(t);
  });
}

void destroy_func_timer(timer* base) noexcept {
  auto* t = static_cast<func_timer*>(base);
  if (t->destroy_arg) t->destroy_arg(t->arg);
  delete t;
}

// Schedules t, made with one reference (the caller's), after d.
void start(user_timer* t, std::chrono::nanoseconds d, std::chrono::nanoseconds period) {
  t->refs.store(1, std::memory_order_relaxed);
  t->when = deadline_after(d);
  t->period = period;
  timer_add(t);
}

}  // namespace

user_timer* chan_timer_start(std::chrono::nanoseconds d, std::chrono::nanoseconds period,
                             chan_core** ch) {
  auto* b = ::new (chan_timer_blocks.alloc()) chan_timer();
  b->fire = &send_time;
  b->destroy = &destroy_chan_timer;
  if (ch) {
    chan_retain(b);  // the caller's; the timer holds the first
    *ch = b;
  }
  start(b, d, period);
  return b;
}

user_timer* func_timer_start(void (*call)(void*), void* arg, void (*destroy_arg)(void*) noexcept,
                             std::chrono::nanoseconds d) {
  auto* t = new func_timer;
  t->call = call;
  t->arg = arg;
  t->destroy_arg = destroy_arg;
  t->fire = &start_call;
  t->destroy = &destroy_func_timer;
  start(t, d, std::chrono::nanoseconds(0));
  return t;
}

chan_core* user_timer_chan(user_timer* t) noexcept {
  if (t->destroy != &destroy_chan_timer) return nullptr;
  chan_core* ch = block_of(t);
  chan_retain(ch);
  return ch;
}

bool user_timer_stop(user_timer* t) { return timer_del(t); }

bool user_timer_reset(user_timer* t, std::chrono::nanoseconds d, std::chrono::nanoseconds period) {
  return timer_mod(t, deadline_after(d), period);
}

void user_timer_retain(user_timer* t) noexcept { timer_retain(t); }
void user_timer_release(user_timer* t) noexcept { timer_release(t); }

// Go's time.After is NewTimer(d).C: a channel timer nobody holds. The
// heap's reference keeps it until it fires.
chan_core* after_start(std::chrono::nanoseconds d) {
  chan_core* ch = nullptr;
  timer_release(chan_timer_start(d, std::chrono::nanoseconds(0), &ch));
  return ch;
}

}  // namespace gogo::detail
