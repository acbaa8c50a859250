// gogo::hooks with an unmodified client library: libcurl's blocking easy API
// (curl_easy_perform: connect, send, poll and recv underneath) from
// hundreds of goroutines on two workers, against a local HTTP server that
// answers no request until every one of them has arrived: all are in
// flight at once. Were the calls blocking their workers, the monitor would
// have to put hundreds of spare threads in play for that; parked on the
// netpoller they take none.
#include <gogo/chan.hpp>
#include <gogo/go.hpp>
#include <gogo/maxprocs.hpp>
#include <gogo/net.hpp>
#include <gogo/select.hpp>
#include <gogo/time.hpp>
#include <gogo/wait_group.hpp>

#include "thread_peak.hpp"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>

using namespace std::chrono_literals;

namespace {

// HTTP/1.0-style server (one request per connection): reads a request,
// counts it, and once `expect` requests are in, answers each with its own
// path as the body; 503 for all still waiting after `patience`.
class gathering_server {
 public:
  gathering_server(int expect, std::chrono::seconds patience)
      : expect_(expect), patience_(patience) {}

  int port() const { return listener_.address().port; }
  int arrived() const { return arrived_.load(); }

  void start() {
    gogo::go([this] {
      for (;;) {
        gogo::net::conn c;
        try {
          c = listener_.accept();
        } catch (const gogo::net::closed_error&) {
          return;
        }
        gogo::go([this](gogo::net::conn c) { serve(c); }, c);
      }
    });
  }

  void stop() { listener_.close(); }

 private:
  void serve(gogo::net::conn c) {
    std::string request;
    char buf[4096];
    while (request.find("\r\n\r\n") == std::string::npos) {
      std::size_t n = c.read(buf, sizeof buf);
      if (n == 0) {
        c.close();
        return;
      }
      request.append(buf, n);
    }
    // "GET /path HTTP/1.1": the path is the body of the answer.
    std::size_t from = request.find(' ') + 1;
    std::string path = request.substr(from, request.find(' ', from) - from);
    if (++arrived_ == expect_) all_in_.close();
    bool gathered = false;
    gogo::select{gogo::on_recv(all_in_, [&](std::optional<bool>) { gathered = true; }),
                 gogo::on_recv(gogo::after(patience_), [](auto) {})};
    std::string status = gathered ? "200 OK" : "503 Service Unavailable";
    std::string answer = "HTTP/1.1 " + status + "\r\nContent-Length: " + std::to_string(path.size()) +
                         "\r\nConnection: close\r\n\r\n" + path;
    c.write(answer.data(), answer.size());
    c.close();
  }

  gogo::net::listener listener_ = gogo::net::listen("tcp4", "127.0.0.1:0");
  const int expect_;
  const std::chrono::seconds patience_;
  std::atomic<int> arrived_{0};
  gogo::chan<bool> all_in_ = gogo::make_chan<bool>();
};

std::size_t append_body(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// One blocking GET with curl's easy API; the body, or "" on any failure.
std::string get(const std::string& url, long* status) {
  CURL* h = curl_easy_init();
  if (!h) return "";
  std::string body;
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM: several threads use curl
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &append_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
  CURLcode rc = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
  curl_easy_cleanup(h);
  return rc == CURLE_OK ? body : "";
}

// 2 workers, the monitor, main's thread, the sampler, and a few spares for
// the moments a worker spends in a call that does block (curl's resolver
// and file reads): far below one per request.
constexpr int max_threads = 16;

TEST(HooksCurl, HundredsOfBlockingRequestsInFlightOnTwoWorkers) {
  ASSERT_EQ(curl_global_init(CURL_GLOBAL_DEFAULT), CURLE_OK);
  int prev = gogo::set_maxprocs(2);
  constexpr int n = 200;
  gathering_server server(n, 30s);
  server.start();
  thread_peak threads;
  std::atomic<int> ok{0}, answered_200{0};
  gogo::wait_group wg;
  wg.add(n);
  for (int i = 0; i < n; i++) {
    gogo::go([&, i] {
      std::string path = "/item/" + std::to_string(i);
      long status = 0;
      std::string body = get("http://127.0.0.1:" + std::to_string(server.port()) + path, &status);
      if (status == 200) answered_200++;
      if (body == path) ok++;
      wg.done();
    });
  }
  wg.wait();
  int peak = threads.stop();
  server.stop();
  gogo::set_maxprocs(prev);
  curl_global_cleanup();
  EXPECT_EQ(server.arrived(), n);
  EXPECT_EQ(answered_200.load(), n);
  EXPECT_EQ(ok.load(), n);
  EXPECT_LE(peak, max_threads) << "threads at once";
}

}  // namespace
