// Reading a whole message from a gogo::net::conn in the net tests.
#ifndef GOGO_TEST_NET_CONN_READS_HPP
#define GOGO_TEST_NET_CONN_READS_HPP

#include <gogo/net.hpp>

#include <cstddef>
#include <string>

namespace gogo_test {

// Reads until n bytes or EOF.
inline std::string read_n(gogo::net::conn& c, std::size_t n) {
  std::string out(n, '\0');
  std::size_t got = 0;
  while (got < n) {
    std::size_t r = c.read(&out[got], n - got);
    if (r == 0) break;
    got += r;
  }
  out.resize(got);
  return out;
}

// Reads until EOF.
inline std::string read_all(gogo::net::conn& c) {
  std::string out;
  char buf[4096];
  for (std::size_t r; (r = c.read(buf, sizeof buf)) != 0;) out.append(buf, r);
  return out;
}

}  // namespace gogo_test

#endif
