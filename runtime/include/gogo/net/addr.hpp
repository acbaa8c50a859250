// gogo::net::addr: the address of one end of a connection or listener, as
// Go's net.Addr: its network ("tcp", "unix") and its text ("127.0.0.1:80",
// "[::1]:80", a socket path).
#ifndef GOGO_NET_ADDR_HPP
#define GOGO_NET_ADDR_HPP

#include <gogo/detail/cxx17.hpp>

#include <string>

namespace gogo::net {

struct addr {
  std::string network;
  std::string address;
  // The port of a TCP address, -1 for others.
  int port = -1;
  const std::string& string() const { return address; }
};

}  // namespace gogo::net

#endif
