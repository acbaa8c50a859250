// Stress: many parked goroutines, select storms across workers, mutex
// contention with an exact count, spawn storms. ctest runs them at smoke
// size; `cmake --build . --target stress` (make stress) sets
// GOGO_STRESS_FULL=1 for full size (1M parked goroutines, ...).
#include <gogo/chan.hpp>
#include <gogo/go.hpp>
#include <gogo/mutex.hpp>
#include <gogo/select.hpp>
#include <gogo/time.hpp>
#include <gogo/wait_group.hpp>
#include <gogo/blocking.hpp>

#include <gtest/gtest.h>

#include "proc_status.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

namespace {

bool full() {
  const char* v = std::getenv("GOGO_STRESS_FULL");
  return v && *v == '1';
}

long scaled(long smoke, long full_size) { return full() ? full_size : smoke; }

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool sanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif
#else
constexpr bool sanitized = false;
#endif

long rss_kb() { return proc_status_kb("VmRSS"); }

// Polls RSS every 10 ms (a gogo sleep, so idle workers get to the stack
// pool's chores) until it is below `below_kb`, at most `tries` times;
// returns the last value read.
long rss_once_below(long below_kb, int tries) {
  long rss = rss_kb();
  for (int i = 0; i < tries && rss >= below_kb; i++) {
    gogo::sleep_for(std::chrono::milliseconds(10));
    rss = rss_kb();
  }
  return rss;
}

long mapping_count() {
  std::ifstream f("/proc/self/maps");
  std::string line;
  long n = 0;
  while (std::getline(f, line)) n++;
  return n;
}

TEST(Stress, ManyParkedGoroutines) {
  // Sanitized smoke runs are smaller: ASan builds use an mprotect guard (a
  // memory mapping) per stack, which makes each new stack far slower.
  const long n = scaled(sanitized ? 2000 : 20000, 1000000);
  auto gate = gogo::make_chan<int>();
  gogo::wait_group parked, finished;
  const long rss_before = rss_kb();
  const long pte_before = proc_status_kb("VmPTE");
  parked.add(n);
  finished.add(n);
  std::atomic<long> woke{0};
  for (long i = 0; i < n; i++) {
    gogo::go([&, gate] {
      parked.done();
      if (!gate.recv()) woke++;
      finished.done();
    });
  }
  parked.wait();  // every goroutine has run (its stack is touched) and is blocking
  const long rss_parked = rss_kb();
  const long pte_parked = proc_status_kb("VmPTE");
  const long maps = mapping_count();
  gate.close();
  finished.wait();
  EXPECT_EQ(woke.load(), n);
  const double kb_per_goroutine = double(rss_parked - rss_before) / double(n);
  const double pte_kb_per_goroutine = double(pte_parked - pte_before) / double(n);
  std::printf("parked %ld goroutines: %.2f KB RSS + %.2f KB page tables each, %ld mappings\n", n,
              kb_per_goroutine, pte_kb_per_goroutine, maps);
  if (!sanitized) {
    EXPECT_LE(kb_per_goroutine, 4.5);
    EXPECT_LT(maps, 1000) << "stacks must not cost a mapping each";
    // A page-table page (4 KiB) maps 2 MiB: 512 bytes per 256 KiB stack
    // slot, the default, once every stack's top page is touched.
    if (!std::getenv("GOGO_STACK_SIZE")) {
      EXPECT_LE(pte_kb_per_goroutine, 0.55);
    }
  }
}

TEST(Stress, SelectStormAcrossWorkers) {
  const int channels = 8;
  const long per_sender = scaled(2000, 100000);
  const int senders = 8, receivers = 8;
  std::vector<gogo::chan<long>> chans;
  for (int i = 0; i < channels; i++) chans.push_back(gogo::make_chan<long>(i % 2 ? 0 : 4));
  std::atomic<long> sent_sum{0}, recv_sum{0}, recv_count{0};
  gogo::wait_group senders_done, receivers_done;
  senders_done.add(senders);
  receivers_done.add(receivers);
  for (int s = 0; s < senders; s++) {
    gogo::go([&, s] {
      std::minstd_rand rng(unsigned(s + 1));
      for (long i = 0; i < per_sender; i++) {
        long v = long(rng() % 1000);
        auto& a = chans[rng() % channels];
        auto& b = chans[rng() % channels];
        gogo::select{gogo::on_send(a, v, [&] { sent_sum += v; }),
                     gogo::on_send(b, v, [&] { sent_sum += v; })};
        if (i % 64 == 0) gogo::yield();
      }
      senders_done.done();
    });
  }
  // Receivers wait on every channel (a random pair could leave a sender's
  // channels uncovered, a true deadlock), in a random case order.
  auto quit = gogo::make_chan<int>();
  for (int r = 0; r < receivers; r++) {
    gogo::go([&, r] {
      std::minstd_rand rng(unsigned(100 + r));
      bool stop = false;
      auto take = [&](std::optional<long> v) {
        if (v) {
          recv_sum += *v;
          recv_count++;
        }
      };
      while (!stop) {
        const unsigned first = unsigned(rng());
        auto c = [&](unsigned i) { return gogo::on_recv(chans[(first + i) % channels], take); };
        gogo::select{c(0), c(1), c(2), c(3), c(4), c(5), c(6), c(7),
                     gogo::on_recv(quit, [&](std::optional<int>) { stop = true; })};
      }
      receivers_done.done();
    });
  }
  senders_done.wait();
  // Drain what is still buffered, then stop the receivers.
  while (recv_count.load() < senders * per_sender) gogo::yield();
  quit.close();
  receivers_done.wait();
  EXPECT_EQ(recv_count.load(), senders * per_sender);
  EXPECT_EQ(recv_sum.load(), sent_sum.load());
}

TEST(Stress, MutexContentionExactCount) {
  const long goroutines = scaled(100, 1000), iters = scaled(1000, 1000);
  gogo::mutex m;
  long counter = 0;
  gogo::wait_group wg;
  wg.add(goroutines);
  for (long g = 0; g < goroutines; g++) {
    gogo::go([&] {
      for (long i = 0; i < iters; i++) {
        std::lock_guard<gogo::mutex> lock(m);
        counter++;
      }
      wg.done();
    });
  }
  wg.wait();
  EXPECT_EQ(counter, goroutines * iters);
}

// Touches about 64 KB of stack below the caller, one frame, every 64 bytes
// (the asm keeps the compiler from shrinking or dropping the array).
__attribute__((noinline)) void use_deep_stack() {
  volatile char buf[64 * 1024];
  for (std::size_t i = 0; i < sizeof buf; i += 64) buf[i] = char(i | 1);
  asm volatile("" : : "r"(buf) : "memory");
}

// Goroutines that once used a deep stack must not pin that memory after
// they exit: stacks going back to the shared pool are trimmed.
TEST(Stress, DeepStacksAreTrimmedAfterExit) {
  if (sanitized) GTEST_SKIP() << "sanitizer stacks and shadow memory distort RSS";
  constexpr long n = 2000;
  if (const char* v = std::getenv("GOGO_STACK_SIZE")) GTEST_SKIP() << "needs the default stack size, not " << v;
  auto gate = gogo::make_chan<int>();
  gogo::wait_group deep, finished;
  deep.add(n);
  finished.add(n);
  for (long i = 0; i < n; i++) {
    gogo::go([&, gate] {
      use_deep_stack();  // far below the 32 KiB hot top of a 256 KiB stack
      deep.done();
      gate.recv();
      finished.done();
    });
  }
  deep.wait();
  const long rss_deep = rss_kb();
  gate.close();
  finished.wait();
  // Each goroutine touched ~64 KB; all but the stacks kept in the workers'
  // small caches (64 each) must be trimmed once spawning has been quiet for
  // a while (stack_pool::quiet), by idle workers: wait for it, up to 5 s.
  const long want_freed_kb = (n - 64 * 8) * 24;
  const long rss_after = rss_once_below(rss_deep - want_freed_kb, 500);
  std::printf("deep stacks: RSS %ld KB -> %ld KB\n", rss_deep, rss_after);
  EXPECT_GT(rss_deep - rss_after, want_freed_kb) << "deep stacks were not trimmed";
}

// After a burst, an idle process gives back what its parked goroutines held:
// beyond the pool's warm reserve (1024 stacks) and the workers' caches, the
// free stacks are released whole, top page included.
TEST(Stress, ParkedStacksAreReleasedWhenIdle) {
  if (sanitized) GTEST_SKIP() << "sanitizer stacks and shadow memory distort RSS";
  const long n = scaled(30000, 200000);
  // `make stress` runs every test in one process: the free stacks of earlier
  // tests (1M parked goroutines) must go back first.
  const long before = rss_once_below(128 * 1024, 2000);
  ASSERT_LT(before, 128 * 1024) << "earlier tests' free stacks were not released";
  auto gate = gogo::make_chan<int>();
  gogo::wait_group parked, finished;
  parked.add(n);
  finished.add(n);
  for (long i = 0; i < n; i++) {
    gogo::go([&, gate] {
      parked.done();
      gate.recv();
      finished.done();
    });
  }
  parked.wait();
  const long rss_parked = rss_kb();
  gate.close();
  finished.wait();
  // The parked goroutines held at least 4 KiB each; all but ~1024 + 64 per
  // worker of their stacks must go back within 10 s of idling.
  const long want_freed_kb = (n - 1024 - 64 * 16) * 3;
  ASSERT_GT(rss_parked - before, n * 3) << "the goroutines did not commit their stacks?";
  const long rss_after = rss_once_below(rss_parked - want_freed_kb, 1000);
  std::printf("parked stacks: RSS %ld KB -> %ld KB (before: %ld KB)\n", rss_parked, rss_after,
              before);
  EXPECT_GT(rss_parked - rss_after, want_freed_kb) << "free stacks were not released";
}

// skynet: a 10-ary tree of goroutines summing their ids over channels.
void skynet(gogo::chan<long> out, long num, long size) {
  if (size == 1) {
    out.send(num);
    return;
  }
  auto c = gogo::make_chan<long>(10);
  const long child = size / 10;
  for (long i = 0; i < 10; i++) gogo::go(skynet, c, num + i * child, child);
  long sum = 0;
  for (int i = 0; i < 10; i++) sum += *c.recv();
  out.send(sum);
}

TEST(Stress, SkynetTree) {
  const long size = scaled(sanitized ? 1000 : 10000, 1000000);
  auto out = gogo::make_chan<long>(1);
  gogo::go(skynet, out, 0, size);
  EXPECT_EQ(out.recv(), size * (size - 1) / 2);
}

// Blocking system calls (plain and inside gogo::blocking), CPU hogs and
// channel traffic mixed for a while: the monitor keeps handing stuck
// workers' queues to spares and retiring them again, and every message
// still arrives exactly once.
TEST(Stress, BlockingCallsHogsAndTrafficMixed) {
  const auto run_for = std::chrono::milliseconds(scaled(300, 5000));
  const auto end = std::chrono::steady_clock::now() + run_for;
  constexpr int producers = 8;
  auto ch = gogo::make_chan<long>(16);
  gogo::wait_group wg;
  std::atomic<long> sent{0};
  wg.add(producers);
  for (int p = 0; p < producers; p++) {
    gogo::go([&, p] {
      long i = 0;
      while (std::chrono::steady_clock::now() < end) {
        switch (i++ % 4) {
          case 0:
            usleep(2000);  // a syscall the monitor has to notice
            break;
          case 1:
            gogo::blocking([] { usleep(1000); });
            break;
          case 2: {
            auto spin_end = std::chrono::steady_clock::now() + std::chrono::milliseconds(p % 3 * 5);
            while (std::chrono::steady_clock::now() < spin_end) {
            }
            break;
          }
          default:
            gogo::yield();
        }
        ch.send(1);
        sent.fetch_add(1);
      }
      wg.done();
    });
  }
  gogo::go([&] {
    wg.wait();
    ch.close();
  });
  long received = 0;
  while (ch.recv()) received++;
  EXPECT_EQ(received, sent.load());
  EXPECT_GT(received, producers);
}

}  // namespace
