// gogo::net::conn: a stream connection (TCP or Unix socket), Go's net.Conn.
// Blocking calls park the calling goroutine on the runtime's netpoller (a
// plain thread blocks). A conn is a handle: copies share the connection,
// and any of them may be used from any goroutine (one reader and one writer
// at a time, as with Go's).
#ifndef GOGO_NET_CONN_HPP
#define GOGO_NET_CONN_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/net/addr.hpp>
#include <gogo/net/errors.hpp>

#include <chrono>
#include <cstddef>
#include <memory>

namespace gogo::net {

namespace detail {
struct socket_fd;
}

using deadline = std::chrono::steady_clock::time_point;
inline constexpr deadline no_deadline = deadline::max();

class conn {
 public:
  conn() = default;  // no connection: every call but valid() throws closed_error

  // Reads up to n bytes into buf, waiting until at least one is there.
  // Returns how many: 0 is the end of the stream (the peer closed its
  // side), never an error; n == 0 returns 0 at once. Throws timeout_error
  // (read deadline), closed_error (close(), before or during the call), or
  // std::system_error with the errno (ECONNRESET, ...).
  std::size_t read(void* buf, std::size_t n);
  // Writes all n bytes, waiting for room as often as needed; returns n.
  // A peer that is gone is std::system_error EPIPE or ECONNRESET, never a
  // SIGPIPE. On timeout_error or another error, some bytes may have gone.
  std::size_t write(const void* buf, std::size_t n);
  // Closes the connection. Every goroutine blocked on it returns with
  // closed_error; the fd is released when the last call in flight is out.
  // Closing twice throws closed_error.
  void close();
  // Half-close: no more writes (the peer reads EOF); reading goes on.
  void close_write();
  // Deadlines apply to calls in progress and to later ones, until changed;
  // no_deadline removes them. A deadline already past makes every call of
  // that kind throw timeout_error at once.
  void set_deadline(deadline t);
  void set_read_deadline(deadline t);
  void set_write_deadline(deadline t);

  addr local_addr() const;
  addr remote_addr() const;
  // The socket (for setsockopt); stays owned by the conn.
  int fd() const;
  bool valid() const { return s_ != nullptr; }

  explicit conn(std::shared_ptr<detail::socket_fd> s) : s_(std::move(s)) {}

 private:
  std::shared_ptr<detail::socket_fd> s_;
};

}  // namespace gogo::net

#endif
