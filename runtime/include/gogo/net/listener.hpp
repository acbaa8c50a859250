// gogo::net::listener and listen(): a listening stream socket, Go's
// net.Listener.
#ifndef GOGO_NET_LISTENER_HPP
#define GOGO_NET_LISTENER_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/net/addr.hpp>
#include <gogo/net/conn.hpp>

#include <memory>
#include <string>

namespace gogo::net {

class listener {
 public:
  listener() = default;
  // Waits for the next connection. Throws closed_error once the listener
  // is closed (waiters in accept included), std::system_error for others:
  // EMFILE/ENFILE when out of descriptors, after which the listener still
  // works (the pending connection stays queued until accept succeeds).
  conn accept();
  // Stops listening (a Unix socket's file is removed); accept() throws
  // closed_error from then on. Closing twice throws closed_error.
  void close();
  // The address it listens on (the real port for ":0").
  addr address() const;
  int fd() const;
  bool valid() const { return s_ != nullptr; }

  explicit listener(std::shared_ptr<detail::socket_fd> s) : s_(std::move(s)) {}

 private:
  std::shared_ptr<detail::socket_fd> s_;
};

// Listens on `address` in `network`:
//   "tcp", "tcp4", "tcp6": "host:port", "[v6]:port", ":port" (every
//     interface; for "tcp" IPv6 and IPv4 both when the system allows),
//     port 0 for any free port. A host name is resolved and its first
//     address used.
//   "unix": a socket path (it must not exist yet).
// Throws std::system_error (EADDRINUSE, ...), std::invalid_argument for a
// malformed address or unknown network.
listener listen(const std::string& network, const std::string& address);

}  // namespace gogo::net

#endif
