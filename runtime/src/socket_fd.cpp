#include "socket_fd.hpp"

#include <gogo/net/errors.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>
#include <unistd.h>

namespace gogo::net::detail {

socket_fd::socket_fd(int f, int fam, std::string net) : fd(f), family(fam), network(std::move(net)) {
  try {
    ::gogo::detail::netpoll_open(fd);
  } catch (...) {
    ::close(fd);
    throw;
  }
}

socket_fd::~socket_fd() {
  // The last handle is gone, so no call is in flight.
  if (state.load() & 1) return;
  if (!unlink_path.empty()) ::unlink(unlink_path.c_str());
  destroy();
}

void socket_fd::acquire() {
  unsigned s = state.load(std::memory_order_relaxed);
  do {
    if (s & 1) throw closed_error();
  } while (!state.compare_exchange_weak(s, s + 2, std::memory_order_acquire));
}

void socket_fd::release() noexcept {
  // Closed with this the last call in flight: ours to close.
  if (state.fetch_sub(2, std::memory_order_acq_rel) == 3) destroy();
}

void socket_fd::close() {
  unsigned old = state.fetch_or(1, std::memory_order_acq_rel);
  if (old & 1) throw closed_error();
  // The socket file goes now, as Go's Close removes it: a new listener may
  // bind the path at once.
  if (!unlink_path.empty()) ::unlink(unlink_path.c_str());
  ::gogo::detail::netpoll_evict(fd);
  if (old == 0) destroy();
}

void socket_fd::destroy() noexcept {
  ::gogo::detail::netpoll_close(fd);
  ::close(fd);
}

void socket_fd::set_deadline(io_mode mode, io_clock::time_point t) {
  deadlines[int(mode)].store(t.time_since_epoch().count(), std::memory_order_relaxed);
  // Waiters look at the new deadline.
  ::gogo::detail::netpoll_interrupt(fd, mode);
}

io_clock::time_point socket_fd::deadline(io_mode mode) const noexcept {
  return io_clock::time_point(
      io_clock::duration(deadlines[int(mode)].load(std::memory_order_relaxed)));
}

void socket_fd::wait(io_mode mode, io_clock::time_point until) {
  using ::gogo::detail::io_result;
  io_clock::time_point d = deadline(mode);
  if (until < d) d = until;
  switch (::gogo::detail::netpoll_wait(fd, mode, d, false)) {
    case io_result::ready:
    case io_result::retry:
      return;
    case io_result::timeout:
      // The deadline may have moved meanwhile: then it is a retry.
      if (deadline(mode) > io_clock::now() && until > io_clock::now()) return;
      throw timeout_error();
    case io_result::closed:
      throw closed_error();
  }
}

addr to_addr(const std::string& network, const sockaddr* sa, socklen_t len) {
  addr a;
  a.network = network;
  char host[INET6_ADDRSTRLEN] = {};
  if (sa->sa_family == AF_INET) {
    auto* in = reinterpret_cast<const sockaddr_in*>(sa);
    inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
    a.port = ntohs(in->sin_port);
    a.address = std::string(host) + ":" + std::to_string(a.port);
  } else if (sa->sa_family == AF_INET6) {
    auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
    inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
    a.port = ntohs(in6->sin6_port);
    a.address = "[" + std::string(host) + "]:" + std::to_string(a.port);
  } else if (sa->sa_family == AF_UNIX) {
    auto* un = reinterpret_cast<const sockaddr_un*>(sa);
    std::size_t max = len > offsetof(sockaddr_un, sun_path) ? len - offsetof(sockaddr_un, sun_path) : 0;
    std::size_t n = 0;
    while (n < max && n < sizeof un->sun_path && un->sun_path[n]) n++;
    a.address.assign(un->sun_path, n);
  }
  return a;
}

}  // namespace gogo::net::detail
