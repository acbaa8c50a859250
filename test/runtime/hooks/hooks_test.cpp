// gogo::hooks: plain blocking libc calls in goroutines park them on the
// netpoller (or a timer) instead of blocking their worker; on plain threads
// they are libc's, errno included.
#include <gogo/blocking.hpp>
#include <gogo/go.hpp>
#include <gogo/maxprocs.hpp>
#include <gogo/time.hpp>
#include <gogo/wait_group.hpp>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

// errno as the thread running the goroutine now sees it: after a park the
// goroutine may be on another thread, and __errno_location is declared
// const, so the compiler may reuse the address it found before the call.
int* (*volatile errno_at)() = __errno_location;
int thread_errno() { return *errno_at(); }

struct socket_pair {
  int a = -1, b = -1;
  socket_pair() {
    int fds[2];
    EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
    a = fds[0];
    b = fds[1];
  }
  ~socket_pair() {
    close(a);
    close(b);
  }
};

// Reads exactly n bytes with plain read(); false on EOF or error.
bool read_full(int fd, void* buf, size_t n) {
  auto* p = static_cast<char*>(buf);
  while (n > 0) {
    ssize_t r = read(fd, p, n);
    if (r <= 0) return false;
    p += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

// Two workers for the test's duration.
struct two_workers {
  int prev = gogo::set_maxprocs(2);
  ~two_workers() { gogo::set_maxprocs(prev); }
};

// A goroutine that counts milliseconds with usleep until stopped: it only
// advances while some worker is free.
struct ticker {
  std::atomic<int> ticks{0};
  std::atomic<bool> stop{false};
  gogo::wait_group wg;
  ticker() {
    wg.add(1);
    gogo::go([this] {
      while (!stop) {
        usleep(1000);
        ticks++;
      }
      wg.done();
    });
  }
  ~ticker() {
    stop = true;
    wg.wait();
  }
};

int listen_loopback(uint16_t& port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
  EXPECT_EQ(listen(fd, 1024), 0);
  socklen_t len = sizeof sa;
  EXPECT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len), 0);
  port = ntohs(sa.sin_port);
  return fd;
}

sockaddr_in loopback(uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sa.sin_port = htons(port);
  return sa;
}

TEST(Hooks, HundredsOfBlockingReadsLeaveWorkersFree) {
  two_workers w;
  constexpr int n = 300;
  std::vector<socket_pair> pairs(n);
  gogo::wait_group readers;
  std::atomic<int> ok{0};
  readers.add(n);
  for (int i = 0; i < n; i++) {
    gogo::go([&, i] {
      int v = -1;
      if (read_full(pairs[i].b, &v, sizeof v) && v == i) ok++;
      readers.done();
    });
  }
  // Every reader is now blocked in read(); the ticker must still run.
  ticker t;
  auto start = steady::now();
  while (t.ticks < 20 && steady::now() - start < 10s) usleep(1000);
  EXPECT_GE(t.ticks.load(), 20);
  EXPECT_EQ(ok.load(), 0);
  gogo::wait_group writers;
  writers.add(n);
  for (int i = 0; i < n; i++) {
    gogo::go([&, i] {
      EXPECT_EQ(write(pairs[i].a, &i, sizeof i), static_cast<ssize_t>(sizeof i));
      writers.done();
    });
  }
  writers.wait();
  readers.wait();
  EXPECT_EQ(ok.load(), n);
}

TEST(Hooks, LargeWritesCompleteAcrossAFullSocketBuffer) {
  two_workers w;
  constexpr int n = 50;
  constexpr size_t size = 1 << 20;  // far above the socket buffer
  std::vector<socket_pair> pairs(n);
  gogo::wait_group wg;
  std::atomic<int> ok{0};
  wg.add(2 * n);
  ticker t;
  for (int i = 0; i < n; i++) {
    gogo::go([&, i] {
      std::vector<unsigned char> out(size);
      for (size_t k = 0; k < size; k++) out[k] = static_cast<unsigned char>(k * 7 + i);
      errno = 0;
      EXPECT_EQ(write(pairs[i].a, out.data(), size), static_cast<ssize_t>(size)) << strerror(thread_errno());
      wg.done();
    });
    gogo::go([&, i] {
      std::vector<unsigned char> in(size);
      bool same = read_full(pairs[i].b, in.data(), size);
      for (size_t k = 0; same && k < size; k++) same = in[k] == static_cast<unsigned char>(k * 7 + i);
      if (same) ok++;
      wg.done();
    });
  }
  wg.wait();
  EXPECT_EQ(ok.load(), n);
  EXPECT_GT(t.ticks.load(), 0);
}

TEST(Hooks, LoopbackTcpEchoWithBlockingAcceptConnectReadvWritev) {
  two_workers w;
  constexpr int n = 200;
  uint16_t port = 0;
  int lfd = listen_loopback(port);
  gogo::wait_group wg;
  std::atomic<int> ok{0};
  wg.add(2 * n);
  for (int i = 0; i < n; i++) {
    gogo::go([&] {  // one server connection
      int c = accept(lfd, nullptr, nullptr);
      EXPECT_GE(c, 0);
      char buf[64];
      ssize_t r;
      while ((r = recv(c, buf, sizeof buf, 0)) > 0) EXPECT_EQ(send(c, buf, static_cast<size_t>(r), 0), r);
      close(c);
      wg.done();
    });
  }
  ticker t;
  for (int i = 0; i < n; i++) {
    gogo::go([&, i] {
      int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in sa = loopback(port);
      EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
      EXPECT_EQ(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);  // flags restored
      int head = i, tail = -i;
      iovec out[2] = {{&head, sizeof head}, {&tail, sizeof tail}};
      EXPECT_EQ(writev(fd, out, 2), static_cast<ssize_t>(2 * sizeof(int)));
      int back[2] = {0, 0};
      iovec in[2] = {{&back[0], sizeof(int)}, {&back[1], sizeof(int)}};
      ssize_t got = readv(fd, in, 2);
      bool whole = got > 0 && read_full(fd, reinterpret_cast<char*>(back) + got, sizeof back - static_cast<size_t>(got));
      if (whole && back[0] == i && back[1] == -i) ok++;
      close(fd);
      wg.done();
    });
  }
  wg.wait();
  close(lfd);
  EXPECT_EQ(ok.load(), n);
  EXPECT_GT(t.ticks.load(), 0);
}

TEST(Hooks, SleepsParkGoroutines) {
  two_workers w;
  constexpr int n = 100;
  gogo::wait_group wg;
  wg.add(3 * n);
  auto start = steady::now();
  for (int i = 0; i < n; i++) {
    gogo::go([&] {
      EXPECT_EQ(sleep(1), 0u);
      wg.done();
    });
    gogo::go([&] {
      EXPECT_EQ(usleep(200'000), 0);
      wg.done();
    });
    gogo::go([&] {
      timespec req{0, 300'000'000}, rem{1, 1};
      EXPECT_EQ(nanosleep(&req, &rem), 0);
      EXPECT_EQ(rem.tv_sec, 0);
      EXPECT_EQ(rem.tv_nsec, 0);
      wg.done();
    });
  }
  wg.wait();
  auto took = steady::now() - start;
  EXPECT_GE(took, 1s);
  EXPECT_LT(took, 10s);  // blocking workers would take 50 s and more
  wg.add(1);
  gogo::go([&] {
    timespec bad{0, 1'000'000'000};
    errno = 0;
    EXPECT_EQ(nanosleep(&bad, nullptr), -1);
    EXPECT_EQ(thread_errno(), EINVAL);
    wg.done();
  });
  wg.wait();
}

TEST(Hooks, PollOneFdParksAndTimesOut) {
  two_workers w;
  socket_pair p;
  gogo::wait_group wg;
  wg.add(2);
  gogo::go([&] {
    pollfd f{p.b, POLLIN, 0};
    auto start = steady::now();
    EXPECT_EQ(poll(&f, 1, 50), 0);
    EXPECT_GE(steady::now() - start, 45ms);
    EXPECT_EQ(poll(&f, 1, -1), 1);  // the writer below
    EXPECT_TRUE(f.revents & POLLIN);
    pollfd two[2] = {{p.b, POLLIN, 0}, {p.a, POLLIN, 0}};
    EXPECT_EQ(poll(two, 2, 1000), 1);
    EXPECT_TRUE(two[0].revents & POLLIN);
    wg.done();
  });
  gogo::go([&] {
    usleep(100'000);
    EXPECT_EQ(write(p.a, "x", 1), 1);
    wg.done();
  });
  wg.wait();
}

TEST(Hooks, PlainThreadsGetLibc) {
  socket_pair p;
  ssize_t r = 0;
  steady::duration took{};
  std::thread reader([&] {
    auto start = steady::now();
    char c;
    r = read(p.b, &c, 1);
    took = steady::now() - start;
  });
  std::thread([&] {
    usleep(100'000);
    EXPECT_EQ(write(p.a, "x", 1), 1);
  }).join();
  reader.join();
  EXPECT_EQ(r, 1);
  EXPECT_GE(took, 90ms);
  std::thread([] {
    errno = 0;
    char c;
    EXPECT_EQ(read(-1, &c, 1), -1);
    EXPECT_EQ(thread_errno(), EBADF);
  }).join();
}

TEST(Hooks, ErrnoIsLibcs) {
  uint16_t port = 0;
  int lfd = listen_loopback(port);
  close(lfd);  // nobody listens there now
  auto refused = [port] {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in sa = loopback(port);
    errno = 0;
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa), -1);
    EXPECT_EQ(thread_errno(), ECONNREFUSED);
    EXPECT_EQ(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
    close(fd);
  };
  auto bad_fd = [] {
    char c;
    errno = 0;
    EXPECT_EQ(read(-1, &c, 1), -1);
    EXPECT_EQ(thread_errno(), EBADF);
    errno = 0;
    EXPECT_EQ(write(-1, &c, 1), -1);
    EXPECT_EQ(thread_errno(), EBADF);
    errno = 0;
    EXPECT_EQ(recv(-1, &c, 1, 0), -1);
    EXPECT_EQ(thread_errno(), EBADF);
  };
  auto untouched_on_success = [] {
    socket_pair p;
    EXPECT_EQ(write(p.a, "x", 1), 1);
    errno = 12345;
    char c;
    EXPECT_EQ(read(p.b, &c, 1), 1);
    EXPECT_EQ(thread_errno(), 12345);
  };
  auto nonblocking_stays = [] {
    socket_pair p;
    fcntl(p.b, F_SETFL, fcntl(p.b, F_GETFL) | O_NONBLOCK);
    char c;
    errno = 0;
    EXPECT_EQ(read(p.b, &c, 1), -1);
    EXPECT_EQ(thread_errno(), EAGAIN);
  };
  auto receive_timeout = [] {
    socket_pair p;
    timeval tv{0, 50'000};
    EXPECT_EQ(setsockopt(p.b, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), 0);
    char c;
    errno = 0;
    auto start = steady::now();
    EXPECT_EQ(read(p.b, &c, 1), -1);
    EXPECT_EQ(thread_errno(), EAGAIN);
    EXPECT_GE(steady::now() - start, 45ms);
  };
  gogo::wait_group wg;
  wg.add(1);
  gogo::go([&] {
    refused();
    bad_fd();
    untouched_on_success();
    nonblocking_stays();
    receive_timeout();
    wg.done();
  });
  wg.wait();
  std::thread([&] {
    refused();
    bad_fd();
    untouched_on_success();
    nonblocking_stays();
    receive_timeout();
  }).join();
}

TEST(Hooks, HookedCallInsideBlockingStillCompletes) {
  two_workers w;
  socket_pair p;
  gogo::wait_group wg;
  wg.add(2);
  char got = 0;
  gogo::go([&] {
    ssize_t r = gogo::blocking([&] { return read(p.b, &got, 1); });
    EXPECT_EQ(r, 1);
    wg.done();
  });
  gogo::go([&] {
    usleep(50'000);
    EXPECT_EQ(write(p.a, "y", 1), 1);
    wg.done();
  });
  wg.wait();
  EXPECT_EQ(got, 'y');
}

TEST(Hooks, SelectWaitsWithoutHoldingTheWorker) {
  int prev = gogo::set_maxprocs(1);
  socket_pair p;
  gogo::wait_group wg;
  wg.add(2);
  gogo::go([&] {
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(p.b, &rd);
    timeval tv{0, 30'000};
    auto start = steady::now();
    EXPECT_EQ(select(p.b + 1, &rd, nullptr, nullptr, &tv), 0);
    EXPECT_GE(steady::now() - start, 25ms);
    FD_SET(p.b, &rd);
    tv = timeval{5, 0};
    EXPECT_EQ(select(p.b + 1, &rd, nullptr, nullptr, &tv), 1);  // the writer below, on the same worker
    EXPECT_TRUE(FD_ISSET(p.b, &rd));
    EXPECT_GT(tv.tv_sec, 0);
    wg.done();
  });
  gogo::go([&] {
    usleep(100'000);
    EXPECT_EQ(write(p.a, "s", 1), 1);
    wg.done();
  });
  wg.wait();
  gogo::set_maxprocs(prev);
}

// exit() in a goroutine of a program without --wrap=exit: the runtime
// stops the world on that goroutine's thread, and its sleeps there are
// libc's, not parks (the goroutine would never run again, nor the exit
// end). The program prints "exiting" and exits 7; killed after 20 s.
TEST(Hooks, ExitFromAGoroutineIsNotParkedByItsOwnSleeps) {
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  char* argv[] = {const_cast<char*>(GOGO_HOOKS_EXIT_IN_GOROUTINE), nullptr};
  pid_t pid;
  // From a plain thread: the spawn and the waits below are libc's.
  int rc = -1, status = 0;
  bool exited = false;
  std::string got;
  std::thread([&] {
    rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv, environ);
    close(out[1]);
    if (rc != 0) return;
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!exited && std::chrono::steady_clock::now() < until) {
      exited = waitpid(pid, &status, WNOHANG) == pid;
      if (!exited) usleep(10000);
    }
    if (!exited) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
    }
    char buf[256];
    for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;) got.append(buf, std::size_t(n));
    close(out[0]);
  }).join();
  posix_spawn_file_actions_destroy(&fa);
  ASSERT_EQ(rc, 0);
  EXPECT_TRUE(exited) << "still running after 20 s";
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 7) << status;
  EXPECT_EQ(got, "exiting\n");
}

}  // namespace
