// netpoll: owns the runtime's epoll instance and the descriptor of every fd
// that a goroutine or thread waits on: per direction, a list of parked
// waiters or a "ready" mark. Workers poll it (scheduler.cpp: without
// blocking when they run out of work, blocking when they are the last idle
// one, and the monitor when nobody polled for a while); what it finds is
// made runnable with wake_all(). See docs/design/netpoller.md.
#ifndef GOGO_SRC_NETPOLL_HPP
#define GOGO_SRC_NETPOLL_HPP

#include <chrono>
#include <cstdint>

namespace gogo::detail {

enum class io_mode : std::uint8_t { read = 0, write = 1 };

// How a wait ended.
enum class io_result : std::uint8_t {
  ready,    // the fd reported readiness: try the operation again
  timeout,  // the deadline passed
  closed,   // netpoll_evict: the fd is being closed
  retry,    // netpoll_interrupt: the caller's deadline changed; look again
};

using io_clock = std::chrono::steady_clock;
constexpr io_clock::time_point io_no_deadline = io_clock::time_point::max();

// Registers fd (non-blocking, owned by the caller until netpoll_close) for
// edge-triggered readiness in both directions, with a fresh descriptor.
// Throws std::system_error.
void netpoll_open(int fd);
// Waits until fd is ready for `mode`, `deadline` passes, or the fd is
// evicted. For an fd not registered with netpoll_open (`arm`), the fd is
// (re)armed first, so any non-blocking fd works. Readiness is a hint: the
// operation may still find nothing to do and must then wait again.
io_result netpoll_wait(int fd, io_mode mode, io_clock::time_point deadline, bool arm);
// Every waiter on fd returns `closed`, and so does every later wait, until
// netpoll_close.
void netpoll_evict(int fd);
// Wakes fd's waiters in `mode` with `retry` (a deadline moved).
void netpoll_interrupt(int fd, io_mode mode);
// Forgets fd before the caller closes it: events and deadline timers still
// in flight for it are ignored from now on.
void netpoll_close(int fd);

// For the scheduler. Creates the epoll instance if need be (an idle worker
// sleeps in it until the next timer even when no fd was ever waited on);
// dies with a fatal error if the system refuses.
void netpoll_init() noexcept;
// For the scheduler. Whether any goroutine or thread waits on an fd.
bool netpoll_has_waiters() noexcept;
// Takes the ready events and readies their waiters (wake_all); with
// `block`, first waits for one (or netpoll_break) for at most `timeout`
// (negative: no limit). Returns how many waiters it readied; 0 when no fd
// was ever registered.
int netpoll(std::chrono::nanoseconds timeout) noexcept;
// Makes a blocked netpoll() return soon.
void netpoll_break() noexcept;
// When netpoll() last looked (the monitor polls when nobody did for long).
io_clock::time_point netpoll_last_poll() noexcept;

}  // namespace gogo::detail

#endif
