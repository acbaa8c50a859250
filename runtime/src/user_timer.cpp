// The timers behind the user's handles (gogo::timer, gogo::ticker,
// gogo::after_func): counted timers on the runtime's heap (timer.hpp).
#include "timer.hpp"

#include <gogo/chan.hpp>
#include <gogo/detail/timer_ref.hpp>
#include <gogo/go.hpp>

namespace gogo::detail {

using clock = std::chrono::steady_clock;

// refs counts the handles, plus the heap's and firing's references.
struct user_timer : timer {
  chan_core* ch = nullptr;  // null: an after_func timer
  void (*call)(void*) = nullptr;
  void* arg = nullptr;
  void (*destroy_arg)(void*) noexcept = nullptr;
};

namespace {

// A channel timer sends without blocking, as Go's sendTime does: a full
// channel means the receiver has not taken the previous value yet, and
// this one is dropped. No one can close the channel (the user holds a
// recv_chan), so the send cannot throw.
void send_time(timer* base) {
  auto* t = static_cast<user_timer*>(base);
  clock::time_point now = clock::now();
  chan_try_send(t->ch, &now);
}

// after_func: f runs on its own goroutine, which keeps the timer (and so f)
// alive until it returns.
void start_call(timer* base) {
  auto* t = static_cast<user_timer*>(base);
  timer_retain(t);
  ::gogo::go([t] {
    t->call(t->arg);
    timer_release(t);
  });
}

void destroy(timer* base) noexcept {
  auto* t = static_cast<user_timer*>(base);
  if (t->ch) chan_release(t->ch);
  if (t->destroy_arg) t->destroy_arg(t->arg);
  delete t;
}

}  // namespace

user_timer* user_timer_start(chan_core* ch, void (*call)(void*), void* arg,
                             void (*destroy_arg)(void*) noexcept, std::chrono::nanoseconds d,
                             std::chrono::nanoseconds period) {
  auto* t = new user_timer;
  if (ch) chan_retain(ch);
  t->ch = ch;
  t->call = call;
  t->arg = arg;
  t->destroy_arg = destroy_arg;
  t->fire = ch ? &send_time : &start_call;
  t->destroy = &destroy;
  t->refs.store(1, std::memory_order_relaxed);  // the caller's handle
  t->when = deadline_after(d);
  t->period = period;
  timer_add(t);
  return t;
}

bool user_timer_stop(user_timer* t) { return timer_del(t); }

bool user_timer_reset(user_timer* t, std::chrono::nanoseconds d, std::chrono::nanoseconds period) {
  return timer_mod(t, deadline_after(d), period);
}

void user_timer_retain(user_timer* t) noexcept { timer_retain(t); }
void user_timer_release(user_timer* t) noexcept { timer_release(t); }

}  // namespace gogo::detail
