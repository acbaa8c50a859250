// gogo::io: waiting for any non-blocking fd to become readable or writable
// from a goroutine (which parks; its worker runs other goroutines) or a
// plain thread (which blocks). For driving other libraries' sockets
// (libcurl multi, c-ares, one's own) on the runtime's netpoller.
#ifndef GOGO_IO_HPP
#define GOGO_IO_HPP

#include <gogo/detail/cxx17.hpp>

#include <chrono>

namespace gogo::io {

using deadline = std::chrono::steady_clock::time_point;
inline constexpr deadline no_deadline = deadline::max();

// Waits until fd (non-blocking, open for the whole wait) is readable, or
// `until` passes: true when readable, false on the deadline (a deadline
// already past returns false at once). Readiness is a hint, as epoll's is:
// the read may still find nothing (EAGAIN), and then the caller waits
// again. Hangups and errors count as readable (the read reports them).
// Throws std::system_error when fd cannot be polled (EBADF, EPERM for a
// regular file).
bool wait_readable(int fd, deadline until = no_deadline);
// The same for writability.
bool wait_writable(int fd, deadline until = no_deadline);

}  // namespace gogo::io

#endif
