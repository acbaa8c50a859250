// resolve: owns turning gogo::net's (network, "host:port") strings into
// socket addresses: parsing as Go's net.SplitHostPort does, numeric hosts
// at once, names through getaddrinfo outside the workers (gogo::blocking).
#ifndef GOGO_SRC_RESOLVE_HPP
#define GOGO_SRC_RESOLVE_HPP

#include <string>
#include <vector>

#include <sys/socket.h>

namespace gogo::net::detail {

struct endpoint {
  sockaddr_storage sa{};
  socklen_t len = 0;
  int family() const { return sa.ss_family; }
};

// What a network name means: the families it allows and whether it is a
// Unix socket. Throws std::invalid_argument for an unknown one.
struct network_kind {
  bool unix_socket = false;
  int family = AF_UNSPEC;  // AF_INET for tcp4, AF_INET6 for tcp6
};
network_kind parse_network(const std::string& network);

// "host:port", "[host]:port", ":port" into host and port; throws
// std::invalid_argument when malformed.
void split_host_port(const std::string& address, std::string& host, std::string& port);

// The addresses of `address` in `network`, in the order to try them. For
// listening (`passive`), an empty host means every interface (IPv6 first
// for "tcp"); for dialing, the local system. Throws std::system_error
// (name not found: EHOSTUNREACH, with the resolver's message) or
// std::invalid_argument.
std::vector<endpoint> resolve(const std::string& network, const std::string& address,
                              bool passive);

}  // namespace gogo::net::detail

#endif
