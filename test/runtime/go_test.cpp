// gogo::go, go_with, yield, goroutine_id.
#include <gogo/go.hpp>
#include <gogo/wait_group.hpp>

#include <gtest/gtest.h>

#include "proc_status.hpp"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>
#include <mutex>

namespace {

TEST(Go, RunsFunctionWithArguments) {
  gogo::wait_group wg;
  std::atomic<int> sum{0};
  wg.add(3);
  for (int i = 1; i <= 3; i++) {
    gogo::go([&](int a, int b) { sum += a * b; wg.done(); }, i, 10);
  }
  wg.wait();
  EXPECT_EQ(sum.load(), 60);
}

TEST(Go, DecayCopiesArgumentsInTheCaller) {
  gogo::wait_group wg;
  std::string s = "before";
  std::string seen;
  wg.add(1);
  gogo::go([&](std::string copy) { seen = copy; wg.done(); }, s);
  s = "after";  // the goroutine got its own copy when go() was called
  wg.wait();
  EXPECT_EQ(seen, "before");
  EXPECT_EQ(s, "after");
}

TEST(Go, MovesMoveOnlyArguments) {
  gogo::wait_group wg;
  auto p = std::make_unique<int>(42);
  int seen = 0;
  wg.add(1);
  gogo::go([&](std::unique_ptr<int> q) { seen = *q; wg.done(); }, std::move(p));
  wg.wait();
  EXPECT_EQ(p, nullptr);
  EXPECT_EQ(seen, 42);
}

TEST(Go, InvokesMemberFunctionPointers) {
  struct counter {
    std::atomic<int> n{0};
    void add(int k, gogo::wait_group* wg) {
      n += k;
      wg->done();
    }
  } c;
  gogo::wait_group wg;
  wg.add(1);
  gogo::go(&counter::add, &c, 5, &wg);
  wg.wait();
  EXPECT_EQ(c.n.load(), 5);
}

TEST(Go, ExceptionCaughtInsideTheGoroutineIsNotAPanic) {
  gogo::wait_group wg;
  std::string caught;
  wg.add(1);
  gogo::go([&] {
    try {
      gogo::yield();  // throw after a switch, possibly on another worker
      throw std::runtime_error("handled");
    } catch (const std::exception& e) {
      caught = e.what();
    }
    wg.done();
  });
  wg.wait();
  EXPECT_EQ(caught, "handled");
}

TEST(Go, LargeClosureGoesToTheHeapAndStillWorks) {
  struct big {
    char bytes[200 * 1024];
  };
  auto b = std::make_unique<big>();
  b->bytes[0] = 7;
  b->bytes[sizeof(big) - 1] = 9;
  gogo::wait_group wg;
  int sum = 0;
  wg.add(1);
  gogo::go([&wg, &sum](const big& x) { sum = x.bytes[0] + x.bytes[sizeof(big) - 1]; wg.done(); }, *b);
  wg.wait();
  EXPECT_EQ(sum, 16);
}

TEST(Go, GoroutineIdIsZeroOutsideAndUniqueInside) {
  std::uint64_t plain_thread_id = 1;
  std::thread([&] { plain_thread_id = gogo::goroutine_id(); }).join();
  EXPECT_EQ(plain_thread_id, 0u);
  EXPECT_EQ(gogo::goroutine_id(), 1u);  // this test runs in main: goroutine 1
  constexpr int n = 200;
  std::vector<std::uint64_t> ids(n);
  gogo::wait_group wg;
  wg.add(n);
  for (int i = 0; i < n; i++) {
    gogo::go([&, i] { ids[i] = gogo::goroutine_id(); wg.done(); });
  }
  wg.wait();
  std::set<std::uint64_t> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), size_t(n));
  EXPECT_EQ(unique.count(0), 0u);
  EXPECT_EQ(unique.count(1), 0u);  // 1 is main's
}

TEST(Go, SpawnFromGoroutinesAndFromPlainThreads) {
  gogo::wait_group wg;
  std::atomic<int> count{0};
  wg.add(1);
  gogo::go([&] {
    for (int i = 0; i < 100; i++) {
      wg.add(1);
      gogo::go([&] { count++; wg.done(); });
    }
    wg.done();
  });
  std::thread t([&] {
    for (int i = 0; i < 100; i++) {
      wg.add(1);
      gogo::go([&] { count++; wg.done(); });
    }
  });
  t.join();
  wg.wait();
  EXPECT_EQ(count.load(), 200);
}

// Plain threads keep a cache of free stacks and give it back when they
// exit: many short-lived threads spawning concurrently (more goroutines each
// than one refill of the cache) must run every goroutine exactly once, each
// on a stack of its own (a stack handed out twice would corrupt the
// pattern one of them writes and checks across a yield).
TEST(Go, ShortLivedPlainThreadsSpawningConcurrently) {
  constexpr int threads = 16, rounds = 4, per_thread = 75;
  gogo::wait_group wg;
  std::atomic<int> count{0};
  std::atomic<int> corrupted{0};
  for (int round = 0; round < rounds; round++) {
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; t++) {
      ts.emplace_back([&, t] {
        for (int i = 0; i < per_thread; i++) {
          wg.add(1);
          gogo::go([&, seed = t * 1000 + i] {
            volatile int local[64];
            for (int k = 0; k < 64; k++) local[k] = seed + k;
            gogo::yield();
            for (int k = 0; k < 64; k++)
              if (local[k] != seed + k) corrupted++;
            count++;
            wg.done();
          });
        }
      });
    }
    for (auto& t : ts) t.join();
  }
  wg.wait();
  EXPECT_EQ(count.load(), threads * rounds * per_thread);
  EXPECT_EQ(corrupted.load(), 0);
}

// More goroutines than a local run queue holds, spawned from a goroutine
// that never blocks: exercises the spill to the global queue and taking
// batches back from it while the local queue is partly full.
TEST(Go, SpawnBurstOverflowingTheLocalQueue) {
  constexpr int n = 5000;
  gogo::wait_group wg;
  std::atomic<int> ran{0};
  wg.add(1);
  gogo::go([&] {
    for (int i = 0; i < n; i++) {
      wg.add(1);
      gogo::go([&] {
        ran++;
        wg.done();
      });
    }
    wg.done();
  });
  wg.wait();
  EXPECT_EQ(ran.load(), n);
}

unsigned configured_workers() {
  const char* v = std::getenv("GOGO_MAXPROCS");
  if (v && *v) return unsigned(std::atoi(v));
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

// Goroutines spawned from a plain thread while every worker is busy pile up
// in the global queue: past its first 1024 slots, and the second time with
// its ring wrapped around (its head moved by the first round), so it grows
// while wrapped. Every goroutine must run exactly once.
TEST(Go, GlobalQueueGrowsWhileWrappedAround) {
  const unsigned workers = configured_workers();
  std::atomic<int> ran{0};
  std::atomic<unsigned> holding{0};
  std::atomic<bool> release{false};
  gogo::wait_group wg;
  auto round = [&](int n) {
    // Occupy every worker (no preemption: they spin until released).
    release = false;
    holding = 0;
    for (unsigned i = 0; i < workers; i++) {
      wg.add(1);
      gogo::go([&] {
        holding++;
        while (!release.load()) std::this_thread::yield();
        wg.done();
      });
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (holding.load() < workers && std::chrono::steady_clock::now() < deadline)
      std::this_thread::yield();
    ASSERT_EQ(holding.load(), workers);
    for (int i = 0; i < n; i++) {
      wg.add(1);
      gogo::go([&] {
        ran++;
        wg.done();
      });
    }
    release = true;
    wg.wait();
  };
  round(800);
  EXPECT_EQ(ran.load(), 800);
  round(3000);
  EXPECT_EQ(ran.load(), 3800);
}

TEST(Go, YieldLetsOthersRunOnOneWorkerToo) {
  // Two goroutines that only make progress by yielding to each other.
  std::atomic<int> turn{0};
  gogo::wait_group wg;
  wg.add(2);
  for (int me = 0; me < 2; me++) {
    gogo::go([&, me] {
      for (int round = 0; round < 50; round++) {
        while (turn.load() % 2 != me) gogo::yield();
        turn++;
      }
      wg.done();
    });
  }
  wg.wait();
  EXPECT_EQ(turn.load(), 100);
}

TEST(Go, YieldOnPlainThreadReturns) {
  gogo::yield();
  SUCCEED();
}

// gogo::go_with: a goroutine with a stack size of its own.

// Uses about `kib` KiB of stack, one 1 KiB frame per level.
__attribute__((noinline)) std::size_t use_stack(std::size_t kib) {
  volatile char frame[1000];
  frame[0] = 1;
  return kib == 0 ? 0 : use_stack(kib - 1) + std::size_t(frame[0]);
}

TEST(GoWith, DeepGoroutineRunsOnItsOwnStack) {
  gogo::wait_group wg;
  std::size_t levels = 0;
  std::uint64_t id = 0;
  wg.add(1);
  // 8 MiB deep: 32 times the default stack.
  gogo::go_with(gogo::stack_size(16 << 20), [&](std::size_t kib) {
    levels = use_stack(kib);
    id = gogo::goroutine_id();
    wg.done();
  }, std::size_t(8 * 1024));
  wg.wait();
  EXPECT_EQ(levels, 8u * 1024);
  EXPECT_NE(id, 0u);
}

// Each stack is mapped for its goroutine and unmapped when it returns: 16
// goroutines with 1 GiB stacks alive at once hold 16 GiB of address space
// (and no more memory than they touch), then give it all back.
TEST(GoWith, OwnStacksAreGivenBackWhenTheirGoroutinesReturn) {
  constexpr long gib_kb = 1 << 20;
  {
    // The runtime's own address space first (worker stacks, the pool's
    // first reservation), so that `before` includes it.
    gogo::wait_group wg;
    wg.add(1);
    gogo::go([&] { wg.done(); });
    wg.wait();
  }
  const long before = proc_status_kb("VmSize");
  for (int round = 0; round < 4; round++) {
    gogo::wait_group started, finished;
    std::atomic<bool> go_on{false};
    started.add(16);
    finished.add(16);
    for (int i = 0; i < 16; i++) {
      gogo::go_with(gogo::stack_size(std::size_t(1) << 30), [&] {
        started.done();
        while (!go_on.load()) gogo::yield();
        finished.done();
      });
    }
    started.wait();
    // 16 GiB, give or take what else the process mapped or unmapped.
    EXPECT_GT(proc_status_kb("VmSize") - before, 15 * gib_kb) << "round " << round;
    go_on.store(true);
    finished.wait();
  }
  // The last stacks are unmapped once their workers switched off them.
  long after = proc_status_kb("VmSize");
  for (int i = 0; i < 200 && after - before >= gib_kb; i++) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    after = proc_status_kb("VmSize");
  }
  EXPECT_LT(after - before, gib_kb) << "stacks of returned goroutines were not unmapped";
}

TEST(GoWith, ClosureGoesOnItsOwnStackOrTheHeap) {
  struct big {
    char bytes[200 * 1024];
  };
  auto b = std::make_unique<big>();
  b->bytes[0] = 3;
  b->bytes[sizeof(big) - 1] = 4;
  gogo::wait_group wg;
  int sums[2] = {0, 0};
  wg.add(2);
  // 200 KB is at most an eighth of 16 MiB: on the stack. Not of 64 KiB: on
  // the heap.
  gogo::go_with(gogo::stack_size(16 << 20), [&](const big& x) {
    sums[0] = x.bytes[0] + x.bytes[sizeof(big) - 1];
    wg.done();
  }, *b);
  gogo::go_with(gogo::stack_size(64 << 10), [&](const big& x) {
    sums[1] = x.bytes[0] + x.bytes[sizeof(big) - 1];
    wg.done();
  }, *b);
  wg.wait();
  EXPECT_EQ(sums[0], 7);
  EXPECT_EQ(sums[1], 7);
}

TEST(GoWith, TinySizeIsRaisedToTheMinimum) {
  gogo::wait_group wg;
  std::size_t levels = 0;
  wg.add(1);
  gogo::go_with(gogo::stack_size(1), [&] {
    levels = use_stack(4);  // fits the 16 KiB minimum
    wg.done();
  });
  wg.wait();
  EXPECT_EQ(levels, 4u);
}

}  // namespace
