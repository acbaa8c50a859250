// A parallel HTTP fetcher with a deadline: one goroutine per URL, each
// result sent back on a channel; whatever has not answered by the deadline
// is reported as a timeout. Plain http:// only, HTTP/1.0 with
// Connection: close (the body is what comes until EOF).
// Usage: fetch TIMEOUT_MS URL... (URL: http://host:port/path)
// Prints one line per URL, in the order given:
//   URL STATUS BYTES        or   URL error: WHAT
#include <gogo/chan.hpp>
#include <gogo/go.hpp>
#include <gogo/net.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct result {
  std::size_t index;
  std::string line;
};

std::string fetch(const std::string& url, gogo::net::deadline until) {
  const std::string scheme = "http://";
  if (url.compare(0, scheme.size(), scheme) != 0) return "error: not an http:// URL";
  std::string rest = url.substr(scheme.size());
  std::size_t slash = rest.find('/');
  std::string host = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "/" : rest.substr(slash);
  if (host.find(':') == std::string::npos || host.back() == ']') host += ":80";
  try {
    auto c = gogo::net::dial("tcp", host, until);
    c.set_deadline(until);
    std::string req = "GET " + path + " HTTP/1.0\r\nHost: " + host +
                      "\r\nConnection: close\r\n\r\n";
    c.write(req.data(), req.size());
    std::string resp;
    char buf[16384];
    for (std::size_t n; (n = c.read(buf, sizeof buf)) != 0;) resp.append(buf, n);
    c.close();
    std::size_t head_end = resp.find("\r\n\r\n");
    std::size_t sp = resp.find(' ');
    if (head_end == std::string::npos || sp == std::string::npos) return "error: bad response";
    std::string status = resp.substr(sp + 1, 3);
    return status + " " + std::to_string(resp.size() - head_end - 4);
  } catch (const gogo::net::timeout_error&) {
    return "error: timeout";
  } catch (const std::exception& e) {
    return std::string("error: ") + e.what();
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: fetch TIMEOUT_MS URL...\n");
    return 2;
  }
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::atol(argv[1]));
  std::vector<std::string> urls(argv + 2, argv + argc);
  auto results = gogo::make_chan<result>(urls.size());
  for (std::size_t i = 0; i < urls.size(); i++) {
    gogo::go([results, url = urls[i], i, until]() mutable {
      results.send(result{i, fetch(url, until)});
    });
  }
  std::vector<std::string> lines(urls.size());
  for (std::size_t k = 0; k < urls.size(); k++) {
    result r = *results.recv();
    lines[r.index] = r.line;
  }
  int failures = 0;
  for (std::size_t i = 0; i < urls.size(); i++) {
    std::printf("%s %s\n", urls[i].c_str(), lines[i].c_str());
    if (lines[i].compare(0, 6, "error:") == 0) failures++;
  }
  return failures == 0 ? 0 : 1;
}
