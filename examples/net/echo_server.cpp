// An echo server: one goroutine per connection, echoing what it reads
// until the client closes its side. Usage: echo_server PORT (127.0.0.1).
#include <gogo/go.hpp>
#include <gogo/net.hpp>

#include <cstdio>
#include <string>

namespace {

void echo(gogo::net::conn c) {
  // On the goroutine's stack, above the frames of a blocked read: an idle
  // connection keeps every stack page down to those frames, so the buffer
  // stays small.
  char buf[4096];
  try {
    for (;;) {
      std::size_t n = c.read(buf, sizeof buf);
      if (n == 0) break;  // EOF
      c.write(buf, n);
    }
  } catch (const std::system_error& e) {
    std::fprintf(stderr, "echo_server: %s\n", e.what());
  }
  c.close();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: echo_server PORT\n");
    return 2;
  }
  auto l = gogo::net::listen("tcp", std::string("127.0.0.1:") + argv[1]);
  std::printf("listening on %s\n", l.address().string().c_str());
  std::fflush(stdout);
  for (;;) {
    try {
      gogo::go(echo, l.accept());
    } catch (const std::system_error& e) {
      // Out of descriptors, say: this connection waits, the server goes on.
      std::fprintf(stderr, "echo_server: accept: %s\n", e.what());
    }
  }
}
