// gogo::net's conn, listener, listen() and dial(): the system calls, and
// waiting on the netpoller (socket_fd::wait) whenever one would block.
#include "resolve.hpp"
#include "socket_fd.hpp"

#include <gogo/net.hpp>

#include <cerrno>
#include <system_error>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace gogo::net {

using detail::io_clock;
using detail::io_mode;
using detail::socket_fd;
using detail::use;

namespace {

[[noreturn]] void throw_errno(int err, const char* what) {
  throw std::system_error(err, std::generic_category(), what);
}

socket_fd& get(const std::shared_ptr<socket_fd>& s) {
  if (!s) throw closed_error();
  return *s;
}

void check_deadline(socket_fd& s, io_mode mode) {
  io_clock::time_point d = s.deadline(mode);
  if (d != ::gogo::detail::io_no_deadline && io_clock::now() >= d) throw timeout_error();
}

std::shared_ptr<socket_fd> new_socket(int family, const std::string& network) {
  int fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) throw_errno(errno, "socket");
  return std::make_shared<socket_fd>(fd, family, network);
}

// Connects s to e, waiting until `until` at most.
void connect_to(socket_fd& s, const detail::endpoint& e, io_clock::time_point until) {
  use u(s);
  int rc;
  do {
    rc = ::connect(s.fd, reinterpret_cast<const sockaddr*>(&e.sa), e.len);
  } while (rc != 0 && errno == EINTR);
  if (rc == 0) return;
  if (errno != EINPROGRESS && errno != EAGAIN) throw_errno(errno, "connect");
  for (;;) {
    s.wait(io_mode::write, until);
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(s.fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) throw_errno(errno, "connect");
    if (err == 0) {
      // Writable without an error can also be a spurious wakeup before the
      // handshake ends: connected only if there is a peer.
      sockaddr_storage peer;
      socklen_t plen = sizeof peer;
      if (getpeername(s.fd, reinterpret_cast<sockaddr*>(&peer), &plen) == 0) return;
      if (errno != ENOTCONN) throw_errno(errno, "connect");
      continue;
    }
    if (err != EINPROGRESS && err != EALREADY && err != EINTR) throw_errno(err, "connect");
  }
}

}  // namespace

std::size_t conn::read(void* buf, std::size_t n) {
  socket_fd& s = get(s_);
  use u(s);
  if (n == 0) return 0;
  for (;;) {
    check_deadline(s, io_mode::read);
    // recv, not read: the same for a socket, without the file layer.
    ssize_t r = ::recv(s.fd, buf, n, 0);
    if (r >= 0) return std::size_t(r);
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) throw_errno(errno, "read");
    s.wait(io_mode::read);
  }
}

std::size_t conn::write(const void* buf, std::size_t n) {
  socket_fd& s = get(s_);
  use u(s);
  const char* p = static_cast<const char*>(buf);
  std::size_t done = 0;
  while (done < n) {
    check_deadline(s, io_mode::write);
    // MSG_NOSIGNAL: a peer that is gone is EPIPE here, not SIGPIPE.
    ssize_t r = ::send(s.fd, p + done, n - done, MSG_NOSIGNAL);
    if (r >= 0) {
      done += std::size_t(r);
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) throw_errno(errno, "write");
    s.wait(io_mode::write);
  }
  return n;
}

void conn::close() { get(s_).close(); }

void conn::close_write() {
  socket_fd& s = get(s_);
  use u(s);
  if (::shutdown(s.fd, SHUT_WR) != 0) throw_errno(errno, "shutdown");
}

void conn::set_deadline(deadline t) {
  set_read_deadline(t);
  set_write_deadline(t);
}

void conn::set_read_deadline(deadline t) {
  socket_fd& s = get(s_);
  use u(s);
  s.set_deadline(io_mode::read, t);
}

void conn::set_write_deadline(deadline t) {
  socket_fd& s = get(s_);
  use u(s);
  s.set_deadline(io_mode::write, t);
}

namespace {

addr sock_addr(const std::shared_ptr<socket_fd>& p, bool peer) {
  socket_fd& s = get(p);
  use u(s);
  sockaddr_storage sa{};
  socklen_t len = sizeof sa;
  int rc = peer ? getpeername(s.fd, reinterpret_cast<sockaddr*>(&sa), &len)
                : getsockname(s.fd, reinterpret_cast<sockaddr*>(&sa), &len);
  if (rc != 0) throw_errno(errno, peer ? "getpeername" : "getsockname");
  return detail::to_addr(s.network, reinterpret_cast<sockaddr*>(&sa), len);
}

}  // namespace

addr conn::local_addr() const { return sock_addr(s_, false); }
addr conn::remote_addr() const { return sock_addr(s_, true); }
int conn::fd() const { return get(s_).fd; }

conn listener::accept() {
  socket_fd& s = get(s_);
  use u(s);
  for (;;) {
    int fd = ::accept4(s.fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) return conn(std::make_shared<socket_fd>(fd, s.family, s.network));
    // A connection reset before it was accepted is not the listener's
    // error (Go retries too).
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) throw_errno(errno, "accept");
    s.wait(io_mode::read);
  }
}

void listener::close() { get(s_).close(); }
addr listener::address() const { return sock_addr(s_, false); }
int listener::fd() const { return get(s_).fd; }

listener listen(const std::string& network, const std::string& address) {
  std::vector<detail::endpoint> eps = detail::resolve(network, address, true);
  const bool unix_socket = detail::parse_network(network).unix_socket;
  int first_err = 0;
  for (const detail::endpoint& e : eps) {
    std::shared_ptr<socket_fd> s;
    try {
      s = new_socket(e.family(), network);
    } catch (const std::system_error& err) {
      if (!first_err) first_err = err.code().value();
      continue;
    }
    int one = 1;
    if (!unix_socket) setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (e.family() == AF_INET6 && network == "tcp") {
      int zero = 0;  // both IPv6 and IPv4, as Go's "tcp" listens
      setsockopt(s->fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    }
    if (::bind(s->fd, reinterpret_cast<const sockaddr*>(&e.sa), e.len) != 0 ||
        ::listen(s->fd, SOMAXCONN) != 0) {
      if (!first_err) first_err = errno;
      continue;
    }
    if (unix_socket) s->unlink_path = address;
    return listener(std::move(s));
  }
  throw_errno(first_err ? first_err : EADDRNOTAVAIL, "listen");
}

conn dial(const std::string& network, const std::string& address, deadline until) {
  if (until != no_deadline && io_clock::now() >= until) throw timeout_error();
  std::vector<detail::endpoint> eps = detail::resolve(network, address, false);
  std::exception_ptr first;
  for (const detail::endpoint& e : eps) {
    try {
      std::shared_ptr<socket_fd> s = new_socket(e.family(), network);
      connect_to(*s, e, until);
      return conn(std::move(s));
    } catch (const timeout_error&) {
      throw;
    } catch (const std::system_error&) {
      if (!first) first = std::current_exception();
    }
  }
  std::rethrow_exception(first);
}

}  // namespace gogo::net
