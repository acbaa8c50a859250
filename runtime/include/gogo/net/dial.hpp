// gogo::net::dial: connecting to a stream server, Go's net.Dial and
// net.DialTimeout.
#ifndef GOGO_NET_DIAL_HPP
#define GOGO_NET_DIAL_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/net/conn.hpp>

#include <chrono>
#include <string>

namespace gogo::net {

// Connects to `address` in `network` ("tcp", "tcp4", "tcp6": "host:port",
// "[v6]:port"; an empty host is the local system; "unix": a socket path).
// Host names are resolved outside the workers (gogo::blocking); each
// address found is tried in turn until one connects. Throws
// std::system_error with the errno of the first failure (ECONNREFUSED,
// ...), timeout_error when `until` passes first, std::invalid_argument for
// a malformed address.
conn dial(const std::string& network, const std::string& address, deadline until = no_deadline);
inline conn dial_timeout(const std::string& network, const std::string& address,
                         std::chrono::nanoseconds timeout) {
  auto now = std::chrono::steady_clock::now();
  return dial(network, address, timeout > no_deadline - now ? no_deadline : now + timeout);
}

}  // namespace gogo::net

#endif
