// A minimal HTTP/1.1 server: every request gets 200 and "Hello, World!\n",
// on connections kept alive until the client closes them (or says
// "Connection: close", or speaks HTTP/1.0 without keep-alive). One
// goroutine per connection; requests may be pipelined. Request bodies
// (Content-Length) are read and ignored; chunked ones are refused.
// Usage: http_hello PORT (127.0.0.1).
#include <gogo/go.hpp>
#include <gogo/net.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

constexpr char ok_keep_alive[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n\r\nHello, World!\n";
constexpr char ok_close[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n"
    "Connection: close\r\n\r\nHello, World!\n";
constexpr char bad_request[] =
    "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
constexpr std::size_t max_header = 64 * 1024;

// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); i++)
    if (std::tolower((unsigned char)a[i]) != std::tolower((unsigned char)b[i])) return false;
  return true;
}

std::string_view trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

struct request {
  bool keep_alive = true;
  bool chunked = false;
  std::size_t body = 0;
};

// Parses a request's head (its lines up to, not including, the empty line
// that ends it); false if malformed.
bool parse_head(std::string_view head, request& req) {
  std::size_t line_end = head.find("\r\n");
  std::string_view line = head.substr(0, line_end);
  std::size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return false;
  std::string_view version = line.substr(sp2 + 1);
  if (version == "HTTP/1.0") {
    req.keep_alive = false;
  } else if (version != "HTTP/1.1") {
    return false;
  }
  while (line_end != std::string_view::npos) {
    head.remove_prefix(line_end + 2);
    line_end = head.find("\r\n");
    std::string_view header = head.substr(0, line_end);
    std::size_t colon = header.find(':');
    if (colon == std::string_view::npos) return false;
    std::string_view name = header.substr(0, colon), value = trim(header.substr(colon + 1));
    if (iequals(name, "connection")) {
      if (iequals(value, "close")) req.keep_alive = false;
      if (iequals(value, "keep-alive")) req.keep_alive = true;
    } else if (iequals(name, "content-length")) {
      auto [end, err] = std::from_chars(value.data(), value.data() + value.size(), req.body);
      if (value.empty() || err != std::errc() || end != value.data() + value.size()) return false;
    } else if (iequals(name, "transfer-encoding")) {
      req.chunked = true;
    }
  }
  return true;
}

void serve(gogo::net::conn c) {
  std::string in;
  char buf[8192];
  try {
    for (;;) {
      std::size_t head_end;
      while ((head_end = in.find("\r\n\r\n")) == std::string::npos) {
        if (in.size() > max_header) throw std::runtime_error("header too large");
        std::size_t n = c.read(buf, sizeof buf);
        if (n == 0) {
          c.close();
          return;
        }
        in.append(buf, n);
      }
      request req;
      if (!parse_head(std::string_view(in).substr(0, head_end), req) || req.chunked) {
        c.write(bad_request, sizeof bad_request - 1);
        break;
      }
      std::size_t consumed = head_end + 4 + req.body;
      while (in.size() < consumed) {
        std::size_t n = c.read(buf, sizeof buf);
        if (n == 0) break;
        in.append(buf, n);
      }
      in.erase(0, std::min(consumed, in.size()));
      if (!req.keep_alive) {
        c.write(ok_close, sizeof ok_close - 1);
        break;
      }
      c.write(ok_keep_alive, sizeof ok_keep_alive - 1);
    }
  } catch (const std::exception&) {
    // The client went away or sent garbage: drop the connection.
  }
  try {
    c.close();
  } catch (const std::exception&) {
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: http_hello PORT\n");
    return 2;
  }
  auto l = gogo::net::listen("tcp", std::string("127.0.0.1:") + argv[1]);
  std::printf("listening on %s\n", l.address().string().c_str());
  std::fflush(stdout);
  for (;;) {
    try {
      gogo::go(serve, l.accept());
    } catch (const std::system_error& e) {
      std::fprintf(stderr, "http_hello: accept: %s\n", e.what());
    }
  }
}
