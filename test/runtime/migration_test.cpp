// Thread migration: a goroutine may resume on another worker after any
// switch. The runtime must re-read its thread-local state each time; these
// tests force many migrations and check what the runtime reports afterwards.
#include <gogo/chan.hpp>
#include <gogo/go.hpp>
#include <gogo/mutex.hpp>
#include <gogo/wait_group.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include <sys/syscall.h>
#include <unistd.h>

namespace {

// The OS thread we run on. Not os_thread(): glibc declares
// pthread_self() const, so the compiler may reuse one result across a
// switch -- the very hazard these tests are about. A system call it cannot.
long os_thread() { return syscall(SYS_gettid); }

bool single_worker() {
  const char* v = std::getenv("GOGO_MAXPROCS");
  if (v) return std::atoi(v) < 2;
  return std::thread::hardware_concurrency() < 2;
}

// Yielding goroutines go through the global queue, which every worker
// takes from. They keep going until 200 migrations happened (or 5 s passed,
// on a machine so loaded that the second worker hardly ever runs).
TEST(Migration, GoroutineIdSurvivesMigrationsOnYield) {
  if (single_worker()) GTEST_SKIP() << "needs two workers";
  constexpr int goroutines = 8;
  std::atomic<long> migrations{0}, wrong_ids{0}, rounds{0};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  gogo::wait_group wg;
  wg.add(goroutines);
  for (int i = 0; i < goroutines; i++) {
    gogo::go([&] {
      const std::uint64_t me = gogo::goroutine_id();
      while (migrations.load() < 200 && std::chrono::steady_clock::now() < deadline) {
        auto before = os_thread();
        gogo::yield();
        if (os_thread() != before) migrations++;
        if (gogo::goroutine_id() != me) wrong_ids++;
        rounds++;
        for (volatile int spin = 0; spin < 2000; spin = spin + 1) {
        }
      }
      wg.done();
    });
  }
  wg.wait();
  EXPECT_EQ(wrong_ids.load(), 0) << "after " << rounds.load() << " yields";
  EXPECT_GT(migrations.load(), 0) << "no goroutine ever changed workers in "
                                  << rounds.load() << " yields";
}

TEST(Migration, ChannelHandoffsAcrossWorkers) {
  // Ping-pong chains between goroutines that also yield: parks and wakeups
  // land on whichever worker is free; ids and values must stay consistent.
  constexpr int pairs = 4, rounds = 2000;
  std::atomic<long> migrations{0}, errors{0};
  gogo::wait_group wg;
  wg.add(2 * pairs);
  for (int p = 0; p < pairs; p++) {
    auto ping = gogo::make_chan<int>();
    auto pong = gogo::make_chan<int>();
    gogo::go([&, ping, pong] {
      const std::uint64_t me = gogo::goroutine_id();
      for (int r = 0; r < rounds; r++) {
        auto before = os_thread();
        ping.send(r);
        if (pong.recv() != r + 1) errors++;
        if (r % 7 == 0) gogo::yield();
        if (os_thread() != before) migrations++;
        if (gogo::goroutine_id() != me) errors++;
      }
      wg.done();
    });
    gogo::go([&, ping, pong] {
      const std::uint64_t me = gogo::goroutine_id();
      for (int r = 0; r < rounds; r++) {
        int v = *ping.recv();
        if (r % 5 == 0) gogo::yield();
        pong.send(v + 1);
        if (gogo::goroutine_id() != me) errors++;
      }
      wg.done();
    });
  }
  wg.wait();
  EXPECT_EQ(errors.load(), 0);
}

TEST(Migration, MutexHeldAcrossMigration) {
  // A goroutine may lock on one worker and unlock on another.
  gogo::mutex m;
  long counter = 0;
  gogo::wait_group wg;
  constexpr int goroutines = 8, rounds = 500;
  wg.add(goroutines);
  for (int i = 0; i < goroutines; i++) {
    gogo::go([&] {
      for (int r = 0; r < rounds; r++) {
        m.lock();
        long v = counter;
        gogo::yield();
        counter = v + 1;
        m.unlock();
      }
      wg.done();
    });
  }
  wg.wait();
  EXPECT_EQ(counter, long(goroutines) * rounds);
}

}  // namespace
