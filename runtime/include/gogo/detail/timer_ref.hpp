// gogo::detail::timer_ref: the reference-counted handle that gogo::timer and
// gogo::ticker share, to a timer owned by the runtime. The runtime keeps a
// timer alive while it is scheduled or firing, so dropping every handle
// never cancels it: as in Go, a timer nobody stopped still fires.
#ifndef GOGO_DETAIL_TIMER_REF_HPP
#define GOGO_DETAIL_TIMER_REF_HPP

#include <chrono>
#include <utility>

namespace gogo::detail {

struct chan_core;
struct user_timer;

// Starts a timer due after d (at once for d <= 0), then every `period` if
// it is nonzero, that sends the time on a channel of its own without
// blocking (dropping it when the channel is full). Returns the timer with a
// reference for the caller and, unless ch is null, the channel in *ch with
// another. The timer keeps its channel alive.
user_timer* chan_timer_start(std::chrono::nanoseconds d, std::chrono::nanoseconds period,
                             chan_core** ch);
// Starts a timer due after d that runs call(arg) on a new goroutine. The
// timer owns arg and frees it with destroy_arg.
user_timer* func_timer_start(void (*call)(void*), void* arg, void (*destroy_arg)(void*) noexcept,
                             std::chrono::nanoseconds d);
// t's channel with a new reference; null (the nil channel) for a timer
// made by func_timer_start.
chan_core* user_timer_chan(user_timer* t) noexcept;
// Unschedules t; true if it was scheduled.
bool user_timer_stop(user_timer* t);
// Reschedules t as starting it would; true if it was scheduled.
bool user_timer_reset(user_timer* t, std::chrono::nanoseconds d, std::chrono::nanoseconds period);
void user_timer_retain(user_timer* t) noexcept;
void user_timer_release(user_timer* t) noexcept;

class timer_ref {
 public:
  timer_ref() noexcept = default;
  explicit timer_ref(user_timer* t) noexcept : t_(t) {}
  timer_ref(const timer_ref& o) noexcept : t_(o.t_) {
    if (t_) user_timer_retain(t_);
  }
  timer_ref(timer_ref&& o) noexcept : t_(std::exchange(o.t_, nullptr)) {}
  timer_ref& operator=(timer_ref o) noexcept {
    std::swap(t_, o.t_);
    return *this;
  }
  ~timer_ref() {
    if (t_) user_timer_release(t_);
  }

  user_timer* get() const noexcept { return t_; }

 private:
  user_timer* t_ = nullptr;
};

}  // namespace gogo::detail

#endif
