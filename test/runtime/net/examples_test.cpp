// The network examples run as a user runs them: each server started on a
// free port, talked to over TCP, then stopped; the fetcher run against
// http_hello and against a server that never answers.
#include <gogo/net.hpp>

#include "conn_reads.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

// A child process with its stdout on a pipe.
struct child {
  pid_t pid = -1;
  FILE* out = nullptr;

  explicit child(std::vector<std::string> args) {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    EXPECT_EQ(posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ), 0) << args[0];
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    out = fdopen(fds[0], "r");
  }
  std::string line() {
    char buf[4096];
    if (!std::fgets(buf, sizeof buf, out)) return "";
    return buf;
  }
  int wait() {
    int status = 0;
    waitpid(pid, &status, 0);
    pid = -1;
    return status;
  }
  ~child() {
    if (pid > 0) {
      kill(pid, SIGKILL);
      wait();
    }
    if (out) std::fclose(out);
  }
};

int free_port() {
  auto l = gogo::net::listen("tcp", "127.0.0.1:0");
  int port = l.address().port;
  l.close();
  return port;
}

// Starts a server example on a free port; returns once it listens.
struct server {
  int port = free_port();
  child proc;
  explicit server(const char* binary) : proc({binary, std::to_string(port)}) {
    EXPECT_EQ(proc.line(), "listening on 127.0.0.1:" + std::to_string(port) + "\n");
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port); }
};

using gogo_test::read_all;
using gogo_test::read_n;

TEST(Examples, EchoServerEchoesEveryByteUntilEof) {
  server s(GOGO_ECHO_SERVER);
  std::vector<gogo::net::conn> conns;
  for (int i = 0; i < 20; i++) conns.push_back(gogo::net::dial("tcp", s.address()));
  for (int round = 0; round < 5; round++) {
    for (std::size_t i = 0; i < conns.size(); i++) {
      std::string msg = "conn " + std::to_string(i) + " round " + std::to_string(round);
      conns[i].write(msg.data(), msg.size());
      EXPECT_EQ(read_n(conns[i], msg.size()), msg);
    }
  }
  std::string big(1 << 20, '\0');
  for (std::size_t i = 0; i < big.size(); i++) big[i] = char(i * 7);
  conns[0].write(big.data(), big.size());
  conns[0].close_write();
  EXPECT_EQ(read_all(conns[0]), big);  // and then EOF: the server closed
  for (auto& c : conns) c.close();
}

constexpr char hello_response[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n\r\nHello, World!\n";

TEST(Examples, HttpHelloKeepsConnectionsAliveAndAnswersPipelinedRequests) {
  server s(GOGO_HTTP_HELLO);
  auto c = gogo::net::dial("tcp", s.address());
  const std::string req = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  c.write(req.data(), req.size());
  EXPECT_EQ(read_n(c, sizeof hello_response - 1), hello_response);
  // Two at once, the second with a body, arriving in pieces.
  const std::string two = req + "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
  c.write(two.data(), 10);
  c.write(two.data() + 10, two.size() - 10);
  EXPECT_EQ(read_n(c, 2 * (sizeof hello_response - 1)),
            std::string(hello_response) + hello_response);
  const std::string last = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  c.write(last.data(), last.size());
  std::string tail = read_all(c);  // the server closes after it
  EXPECT_NE(tail.find("Connection: close\r\n"), std::string::npos) << tail;
  EXPECT_NE(tail.find("\r\n\r\nHello, World!\n"), std::string::npos) << tail;
  c.close();
}

// Malformed heads get 400 and the connection closed; HTTP/1.0 without
// keep-alive gets its answer and the connection closed.
TEST(Examples, HttpHelloRefusesMalformedRequestsAndClosesHttp10) {
  server s(GOGO_HTTP_HELLO);
  const char* const bad[] = {
      "GARBAGE\r\n\r\n",                                            // no version
      "GET / HTTP/2.0\r\n\r\n",                                     // unknown version
      "GET / HTTP/1.1\r\nno colon here\r\n\r\n",                     // header without ':'
      "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",              // negative length
      "POST / HTTP/1.1\r\nContent-Length: 12abc\r\n\r\n",           // trailing junk
      "POST / HTTP/1.1\r\nContent-Length:\r\n\r\n",                 // empty length
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",      // chunked: refused
  };
  for (const char* req : bad) {
    auto c = gogo::net::dial("tcp", s.address());
    c.write(req, std::strlen(req));
    std::string answer = read_all(c);  // and then EOF: the server closed
    EXPECT_EQ(answer.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << req << answer;
    c.close();
  }
  // A valid one with odd spacing and case is fine.
  auto ok = gogo::net::dial("tcp", s.address());
  const std::string odd = "POST / HTTP/1.1\r\ncontent-LENGTH:   3 \r\nCONNECTION:\tClose\r\n\r\nabc";
  ok.write(odd.data(), odd.size());
  std::string tail = read_all(ok);
  EXPECT_EQ(tail.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << tail;
  EXPECT_NE(tail.find("Connection: close\r\n"), std::string::npos) << tail;
  ok.close();
  auto old = gogo::net::dial("tcp", s.address());
  const std::string v10 = "GET / HTTP/1.0\r\n\r\n";
  old.write(v10.data(), v10.size());
  tail = read_all(old);
  EXPECT_NE(tail.find("Connection: close\r\n"), std::string::npos) << tail;
  EXPECT_NE(tail.find("\r\n\r\nHello, World!\n"), std::string::npos) << tail;
  old.close();
}

TEST(Examples, HttpHelloAnswersCurl) {
  if (access("/usr/bin/curl", X_OK) != 0) GTEST_SKIP() << "no curl";
  server s(GOGO_HTTP_HELLO);
  std::string url = "http://" + s.address() + "/";
  // Two requests on one keep-alive connection.
  child curl({"/usr/bin/curl", "-sS", "--max-time", "10", url, url});
  EXPECT_EQ(curl.line(), "Hello, World!\n");
  EXPECT_EQ(curl.line(), "Hello, World!\n");
  EXPECT_EQ(curl.wait(), 0);
}

TEST(Examples, FetchReportsResultsAndTimeouts) {
  server s(GOGO_HTTP_HELLO);
  // A server that accepts and never answers.
  auto silent = gogo::net::listen("tcp", "127.0.0.1:0");
  std::string ok = "http://" + s.address() + "/";
  std::string stuck = "http://" + silent.address().string() + "/";
  auto t0 = steady::now();
  child fetch({GOGO_FETCH, "300", ok, stuck, ok + "again"});
  EXPECT_EQ(fetch.line(), ok + " 200 14\n");
  EXPECT_EQ(fetch.line(), stuck + " error: timeout\n");
  EXPECT_EQ(fetch.line(), ok + "again 200 14\n");
  int status = fetch.wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << status;
  EXPECT_LT(steady::now() - t0, 5s);
  silent.close();
}

}  // namespace
