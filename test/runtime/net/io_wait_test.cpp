// gogo::io::wait_readable / wait_writable and the netpoller under them:
// goroutines park (their worker runs others), plain threads block,
// deadlines, and ready I/O is not starved by goroutines that never yield.
#include <gogo/go.hpp>
#include <gogo/io.hpp>
#include <gogo/maxprocs.hpp>
#include <gogo/time.hpp>
#include <gogo/wait_group.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

struct nonblocking_pipe {
  int rd = -1, wr = -1;
  nonblocking_pipe() {
    int fds[2];
    EXPECT_EQ(pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
    rd = fds[0];
    wr = fds[1];
  }
  ~nonblocking_pipe() {
    close(rd);
    close(wr);
  }
};

TEST(IoWait, WaitingGoroutineDoesNotHoldItsWorker) {
  // One worker: the reader parks in wait_readable, so the writer, spawned
  // after it, runs on the same worker and wakes it.
  int prev = gogo::set_maxprocs(1);
  nonblocking_pipe p;
  gogo::wait_group wg;
  std::atomic<bool> got{false};
  wg.add(2);
  gogo::go([&] {
    EXPECT_TRUE(gogo::io::wait_readable(p.rd));
    char c = 0;
    EXPECT_EQ(read(p.rd, &c, 1), 1);
    EXPECT_EQ(c, 'x');
    got = true;
    wg.done();
  });
  gogo::go([&] {
    gogo::yield();
    EXPECT_EQ(write(p.wr, "x", 1), 1);
    wg.done();
  });
  wg.wait();
  EXPECT_TRUE(got);
  gogo::set_maxprocs(prev);
}

TEST(IoWait, ManyGoroutinesWaitAtOnce) {
  constexpr int n = 200;
  std::vector<nonblocking_pipe> pipes(n);
  gogo::wait_group wg;
  std::atomic<int> woken{0};
  wg.add(n);
  for (int i = 0; i < n; i++) {
    gogo::go([&, i] {
      while (!gogo::io::wait_readable(pipes[i].rd)) {
      }
      char c;
      while (read(pipes[i].rd, &c, 1) != 1) gogo::io::wait_readable(pipes[i].rd);
      woken++;
      wg.done();
    });
  }
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(woken.load(), 0);
  for (int i = n; i-- > 0;) ASSERT_EQ(write(pipes[i].wr, "x", 1), 1);
  wg.wait();
  EXPECT_EQ(woken.load(), n);
}

TEST(IoWait, DeadlineInThePastReturnsAtOnce) {
  nonblocking_pipe p;
  auto t0 = steady::now();
  EXPECT_FALSE(gogo::io::wait_readable(p.rd, steady::now() - 1s));
  EXPECT_LT(steady::now() - t0, 100ms);
}

TEST(IoWait, DeadlineEndsTheWait) {
  nonblocking_pipe p;
  gogo::wait_group wg;
  steady::duration waited{};
  bool ready = true;
  wg.add(1);
  gogo::go([&] {
    auto t0 = steady::now();
    ready = gogo::io::wait_readable(p.rd, t0 + 50ms);
    waited = steady::now() - t0;
    wg.done();
  });
  wg.wait();
  EXPECT_FALSE(ready);
  EXPECT_GE(waited, 50ms);
  EXPECT_LT(waited, 2s);
}

TEST(IoWait, WritableAtOnceWhenThereIsRoom) {
  nonblocking_pipe p;
  EXPECT_TRUE(gogo::io::wait_writable(p.wr, steady::now() + 5s));
}

TEST(IoWait, PlainThreadBlocks) {
  nonblocking_pipe p;
  bool ready = false;
  std::thread t([&] { ready = gogo::io::wait_readable(p.rd, steady::now() + 10s); });
  std::this_thread::sleep_for(20ms);
  ASSERT_EQ(write(p.wr, "x", 1), 1);
  t.join();
  EXPECT_TRUE(ready);
}

TEST(IoWait, ReadyIoIsNotStarvedByGoroutinesThatNeverYield) {
  // Every worker runs a goroutine that spins for 600 ms without a
  // scheduling point; a plain thread makes the pipe readable at 30 ms. The
  // monitor polls the netpoller (nobody else does) and puts a spare worker
  // in play for the reader, well before the spinners end.
  nonblocking_pipe p;
  const int workers = gogo::maxprocs();
  std::atomic<bool> reader_waiting{false};
  steady::time_point woke{}, written{};
  gogo::wait_group wg;
  wg.add(1);
  gogo::go([&] {
    reader_waiting = true;
    gogo::io::wait_readable(p.rd);
    woke = steady::now();
    wg.done();
  });
  while (!reader_waiting) gogo::sleep_for(1ms);
  gogo::sleep_for(5ms);
  auto spin_until = steady::now() + 600ms;
  std::thread writer([&] {
    std::this_thread::sleep_for(30ms);
    written = steady::now();
    EXPECT_EQ(write(p.wr, "x", 1), 1);
  });
  wg.add(workers);
  for (int i = 0; i < workers; i++) {
    gogo::go([&] {
      while (steady::now() < spin_until) {
      }
      wg.done();
    });
  }
  wg.wait();
  writer.join();
  EXPECT_LT(woke - written, 300ms) << "the reader waited for the spinners";
}

TEST(IoWait, WaitingForAnFdIsNotADeadlock) {
  // Every goroutine (the test body is goroutine 1) waits, no timer is
  // pending and no other thread runs: only another process will write.
  // That is not a deadlock.
  nonblocking_pipe p;
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    usleep(200000);
    _exit(write(p.wr, "x", 1) == 1 ? 0 : 1);
  }
  EXPECT_TRUE(gogo::io::wait_readable(p.rd));
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_EQ(status, 0);
}

}  // namespace
