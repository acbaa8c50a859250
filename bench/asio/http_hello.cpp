// The Boost.Asio peer of examples/net/http_hello.cpp, written the way C++
// programmers write such a server today: C++20 coroutines (co_spawn,
// use_awaitable), one coroutine per connection, the io_context run by
// WORKERS threads (GOGO_MAXPROCS, as for gogo; default 1). Every request
// gets 200 and "Hello, World!\n" on a kept-alive connection; pipelined
// requests are answered in order; bodies (Content-Length) are skipped.
// Usage: bench-asio-http_hello PORT (127.0.0.1).
// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr char ok_keep_alive[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n\r\nHello, World!\n";
constexpr char ok_close[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n"
    "Connection: close\r\n\r\nHello, World!\n";

bool starts_with_nocase(const std::string& s, std::size_t at, const char* prefix) {
  for (std::size_t i = 0; prefix[i]; i++)
    if (at + i >= s.size() ||
        std::tolower(static_cast<unsigned char>(s[at + i])) != prefix[i])
      return false;
  return true;
}

struct head {
  bool keep_alive = true;
  std::size_t body = 0;
};

// The head [0, end) of one request: its version and the two headers that
// matter here.
head parse(const std::string& in, std::size_t end) {
  head h;
  std::size_t line_end = in.find("\r\n");
  if (in.compare(line_end - 8, 8, "HTTP/1.0") == 0) h.keep_alive = false;
  for (std::size_t pos = line_end + 2; pos < end;) {
    std::size_t next = in.find("\r\n", pos);
    if (starts_with_nocase(in, pos, "connection:")) {
      std::size_t v = in.find_first_not_of(" \t", pos + 11);
      if (starts_with_nocase(in, v, "close")) h.keep_alive = false;
      if (starts_with_nocase(in, v, "keep-alive")) h.keep_alive = true;
    } else if (starts_with_nocase(in, pos, "content-length:")) {
      h.body = std::strtoull(in.c_str() + pos + 15, nullptr, 10);
    }
    pos = next + 2;
  }
  return h;
}

asio::awaitable<void> serve(tcp::socket socket) {
  std::string in;
  char buf[4096];
  try {
    for (;;) {
      std::size_t n = co_await socket.async_read_some(asio::buffer(buf), asio::use_awaitable);
      in.append(buf, n);
      std::string out;
      bool close = false;
      for (;;) {
        std::size_t end = in.find("\r\n\r\n");
        if (end == std::string::npos) break;
        head h = parse(in, end + 2);
        if (in.size() < end + 4 + h.body) break;  // the body is still coming
        in.erase(0, end + 4 + h.body);
        out += h.keep_alive ? ok_keep_alive : ok_close;
        if (!h.keep_alive) {
          close = true;
          break;
        }
      }
      if (!out.empty()) co_await asio::async_write(socket, asio::buffer(out), asio::use_awaitable);
      if (close) co_return;
    }
  } catch (const std::exception&) {
    // EOF or reset: the connection is done.
  }
}

asio::awaitable<void> listen(tcp::acceptor& acceptor) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    socket.set_option(tcp::no_delay(true));
    asio::co_spawn(acceptor.get_executor(), serve(std::move(socket)), asio::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  const char* env = std::getenv("GOGO_MAXPROCS");
  int workers = env && *env ? std::atoi(env) : 1;
  if (workers < 1) workers = 1;
  asio::io_context io(workers);
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                           static_cast<unsigned short>(std::atoi(argv[1]))));
  std::printf("listening on 127.0.0.1:%s\n", argv[1]);
  std::fflush(stdout);
  asio::co_spawn(io, listen(acceptor), asio::detached);
  std::vector<std::thread> threads;
  for (int i = 1; i < workers; i++) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : threads) t.join();
}
