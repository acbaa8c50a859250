// socket_fd: owns one socket of gogo::net (a conn's or a listener's): its
// registration with the netpoller, its deadlines, and when the fd is really
// closed. As Go's fdMutex: every call holds a reference while it uses the
// fd; close() marks the socket closed and evicts the waiters, and whoever
// drops the last reference (close() itself, or the last call in flight)
// closes the fd, so no call ever uses an fd number that was closed (and
// maybe reused) under it.
#ifndef GOGO_SRC_SOCKET_FD_HPP
#define GOGO_SRC_SOCKET_FD_HPP

#include "netpoll.hpp"

#include <gogo/net/addr.hpp>

#include <atomic>
#include <cstddef>
#include <string>

#include <sys/socket.h>

namespace gogo::net::detail {

using ::gogo::detail::io_clock;
using ::gogo::detail::io_mode;

struct socket_fd {
  // Takes fd (non-blocking) and registers it with the netpoller.
  socket_fd(int fd, int family, std::string network);
  ~socket_fd();
  socket_fd(const socket_fd&) = delete;
  socket_fd& operator=(const socket_fd&) = delete;

  const int fd;
  const int family;
  const std::string network;
  std::string unlink_path;  // a Unix listener's socket file, removed on close

  // Bit 0: closed; the rest: calls in flight, times 2.
  std::atomic<unsigned> state{0};
  std::atomic<io_clock::rep> deadlines[2] = {{max_rep}, {max_rep}};
  static constexpr io_clock::rep max_rep = io_clock::time_point::max().time_since_epoch().count();

  // Throws closed_error once closed.
  void acquire();
  void release() noexcept;
  // Throws closed_error if it was closed already.
  void close();
  void set_deadline(io_mode mode, io_clock::time_point t);
  io_clock::time_point deadline(io_mode mode) const noexcept;

  // Waits for `mode` until its deadline (the earlier of it and `until`);
  // throws timeout_error or closed_error.
  void wait(io_mode mode, io_clock::time_point until = ::gogo::detail::io_no_deadline);

 private:
  void destroy() noexcept;
};

// Holds a reference for one call.
struct use {
  socket_fd& s;
  explicit use(socket_fd& f) : s(f) { s.acquire(); }
  ~use() { s.release(); }
  use(const use&) = delete;
  use& operator=(const use&) = delete;
};

// Formats a socket address the way Go prints it.
addr to_addr(const std::string& network, const sockaddr* sa, socklen_t len);

}  // namespace gogo::net::detail

#endif
