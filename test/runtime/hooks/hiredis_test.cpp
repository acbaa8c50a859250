// gogo::hooks with an unmodified client library: libhiredis's blocking API
// (connect, write, read, poll underneath) from hundreds of goroutines on two
// workers, against a real redis-server on 127.0.0.1, all connected at once
// and without the spare threads that blocked workers would need.
#include <gogo/go.hpp>
#include <gogo/maxprocs.hpp>
#include <gogo/wait_group.hpp>

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include "thread_peak.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

extern char** environ;

using namespace std::chrono_literals;

namespace {

// A port nobody listens on now: the kernel's pick for port 0.
int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof sa;
  bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  close(fd);
  return ntohs(sa.sin_port);
}

// redis-server on 127.0.0.1:port, without persistence, for the test's life.
struct redis_server {
  int port = free_port();
  pid_t pid = -1;
  redis_server() {
    std::string p = std::to_string(port);
    const char* argv[] = {GOGO_REDIS_SERVER, "--port", p.c_str(), "--bind", "127.0.0.1", "--save", "",
                          "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning", nullptr};
    EXPECT_EQ(posix_spawn(&pid, GOGO_REDIS_SERVER, nullptr, nullptr, const_cast<char**>(argv), environ), 0);
  }
  ~redis_server() {
    if (pid <= 0) return;
    kill(pid, SIGTERM);
    int status;
    waitpid(pid, &status, 0);
  }
  // Waits (from a plain thread, so with libc's calls) until it answers PING.
  bool ready() {
    bool up = false;
    std::thread([&] {
      for (int i = 0; i < 500 && !up; i++) {
        redisContext* c = redisConnect("127.0.0.1", port);
        if (c && !c->err) {
          auto* r = static_cast<redisReply*>(redisCommand(c, "PING"));
          up = r && r->type == REDIS_REPLY_STATUS;
          if (r) freeReplyObject(r);
        }
        if (c) redisFree(c);
        if (!up) usleep(10'000);
      }
    }).join();
    return up;
  }
};

bool reply_is(redisReply* r, int type, const std::string& text) {
  bool ok = r && r->type == type && std::string(r->str, r->len) == text;
  if (r) freeReplyObject(r);
  return ok;
}

TEST(HooksHiredis, HundredsOfBlockingClientsOnTwoWorkers) {
  redis_server server;
  ASSERT_TRUE(server.ready());
  int prev = gogo::set_maxprocs(2);
  constexpr int n = 300;
  thread_peak threads;
  gogo::wait_group wg;
  std::atomic<int> ok{0}, in_flight{0};
  wg.add(n);
  for (int i = 0; i < n; i++) {
    gogo::go([&, i] {
      redisContext* c = redisConnect("127.0.0.1", server.port);
      if (c && !c->err) {
        // Every client holds its connection until all have one: all in
        // flight at once, which blocking workers could never reach.
        in_flight++;
        auto until = std::chrono::steady_clock::now() + 20s;
        while (in_flight.load() < n && std::chrono::steady_clock::now() < until) usleep(1000);
        std::string key = "gogo:" + std::to_string(i), value = "v" + std::to_string(i * 31);
        bool good = reply_is(static_cast<redisReply*>(redisCommand(c, "SET %s %s", key.c_str(), value.c_str())),
                             REDIS_REPLY_STATUS, "OK");
        for (int k = 0; good && k < 5; k++)
          good = reply_is(static_cast<redisReply*>(redisCommand(c, "GET %s", key.c_str())), REDIS_REPLY_STRING, value);
        if (good) ok++;
      }
      if (c) redisFree(c);
      wg.done();
    });
  }
  wg.wait();
  int peak = threads.stop();
  gogo::set_maxprocs(prev);
  EXPECT_EQ(in_flight.load(), n);
  EXPECT_EQ(ok.load(), n);
  // 2 workers, the monitor, main's thread, the sampler, a few spares for
  // moments a worker blocks: far below one per client (without the hooks,
  // the monitor's spares would make it about one per client).
  EXPECT_LE(peak, 16) << "threads at once";
}

}  // namespace
