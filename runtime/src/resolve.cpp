#include "resolve.hpp"

#include <gogo/blocking.hpp>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/un.h>

namespace gogo::net::detail {

network_kind parse_network(const std::string& network) {
  if (network == "tcp") return {false, AF_UNSPEC};
  if (network == "tcp4") return {false, AF_INET};
  if (network == "tcp6") return {false, AF_INET6};
  if (network == "unix") return {true, AF_UNIX};
  throw std::invalid_argument("gogo::net: unknown network \"" + network + "\"");
}

void split_host_port(const std::string& address, std::string& host, std::string& port) {
  auto bad = [&](const char* why) {
    return std::invalid_argument("gogo::net: address " + address + ": " + why);
  };
  if (!address.empty() && address[0] == '[') {
    std::size_t close = address.find(']');
    if (close == std::string::npos) throw bad("missing ']'");
    if (close + 1 >= address.size() || address[close + 1] != ':') throw bad("missing port");
    host = address.substr(1, close - 1);
    port = address.substr(close + 2);
  } else {
    std::size_t colon = address.rfind(':');
    if (colon == std::string::npos) throw bad("missing port");
    host = address.substr(0, colon);
    if (host.find(':') != std::string::npos) throw bad("too many colons");
    port = address.substr(colon + 1);
  }
  if (port.empty()) throw bad("missing port");
}

namespace {

bool numeric_port(const std::string& port, unsigned& out) {
  if (port.empty() || port.size() > 5) return false;
  unsigned v = 0;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + unsigned(c - '0');
  }
  if (v > 65535) return false;
  out = v;
  return true;
}

endpoint v4(const in_addr& a, unsigned port) {
  endpoint e;
  auto* in = reinterpret_cast<sockaddr_in*>(&e.sa);
  in->sin_family = AF_INET;
  in->sin_port = htons(std::uint16_t(port));
  in->sin_addr = a;
  e.len = sizeof(sockaddr_in);
  return e;
}

endpoint v6(const in6_addr& a, unsigned port) {
  endpoint e;
  auto* in6 = reinterpret_cast<sockaddr_in6*>(&e.sa);
  in6->sin6_family = AF_INET6;
  in6->sin6_port = htons(std::uint16_t(port));
  in6->sin6_addr = a;
  e.len = sizeof(sockaddr_in6);
  return e;
}

std::vector<endpoint> unix_endpoint(const std::string& path) {
  endpoint e;
  auto* un = reinterpret_cast<sockaddr_un*>(&e.sa);
  if (path.empty() || path.size() >= sizeof un->sun_path)
    throw std::invalid_argument("gogo::net: bad unix socket path \"" + path + "\"");
  un->sun_family = AF_UNIX;
  std::memcpy(un->sun_path, path.data(), path.size());
  e.len = socklen_t(offsetof(sockaddr_un, sun_path) + path.size() + 1);
  return {e};
}

// Hosts that need no resolver: empty, or a numeric address.
bool numeric_host(const std::string& host, int family, unsigned port, bool passive,
                  std::vector<endpoint>& out) {
  if (host.empty()) {
    if (family != AF_INET) out.push_back(v6(passive ? in6addr_any : in6addr_loopback, port));
    in_addr a{};
    a.s_addr = htonl(passive ? INADDR_ANY : INADDR_LOOPBACK);
    if (family != AF_INET6) out.push_back(v4(a, port));
    return true;
  }
  in_addr a4{};
  if (inet_pton(AF_INET, host.c_str(), &a4) == 1) {
    if (family == AF_INET6) throw std::invalid_argument("gogo::net: " + host + " is not IPv6");
    out.push_back(v4(a4, port));
    return true;
  }
  in6_addr a6{};
  if (inet_pton(AF_INET6, host.c_str(), &a6) == 1) {
    if (family == AF_INET) throw std::invalid_argument("gogo::net: " + host + " is not IPv4");
    out.push_back(v6(a6, port));
    return true;
  }
  return false;
}

}  // namespace

std::vector<endpoint> resolve(const std::string& network, const std::string& address,
                              bool passive) {
  network_kind kind = parse_network(network);
  if (kind.unix_socket) return unix_endpoint(address);
  std::string host, port;
  split_host_port(address, host, port);
  std::vector<endpoint> out;
  unsigned portnum = 0;
  if (numeric_port(port, portnum) && numeric_host(host, kind.family, portnum, passive, out))
    return out;

  addrinfo hints{};
  hints.ai_family = kind.family;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = passive ? AI_PASSIVE : AI_ADDRCONFIG;
  addrinfo* res = nullptr;
  // getaddrinfo may read files and wait for DNS servers: outside the
  // workers, as Go's cgo resolver runs.
  int rc = ::gogo::blocking([&] {
    return getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints, &res);
  });
  if (rc != 0) {
    int err = rc == EAI_SYSTEM ? errno : EHOSTUNREACH;
    throw std::system_error(err, std::generic_category(),
                            "lookup " + address + ": " + gai_strerror(rc));
  }
  for (addrinfo* ai = res; ai; ai = ai->ai_next) {
    if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
    endpoint e;
    std::memcpy(&e.sa, ai->ai_addr, ai->ai_addrlen);
    e.len = ai->ai_addrlen;
    out.push_back(e);
  }
  freeaddrinfo(res);
  if (out.empty())
    throw std::system_error(EHOSTUNREACH, std::generic_category(), "lookup " + address);
  return out;
}

}  // namespace gogo::net::detail
