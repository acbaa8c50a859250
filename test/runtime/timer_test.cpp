// gogo::timer, gogo::new_timer, gogo::after_func.
#include <gogo/chan.hpp>
#include <gogo/go.hpp>
#include <gogo/select.hpp>
#include <gogo/time.hpp>
#include <gogo/timer.hpp>
#include <gogo/wait_group.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

TEST(Timer, FiresOnceAfterTheDuration) {
  auto t0 = steady::now();
  gogo::timer t = gogo::new_timer(15ms);
  EXPECT_EQ(t.c().cap(), 1u);
  auto when = t.c().recv();
  ASSERT_TRUE(when);
  EXPECT_GE(*when - t0, 15ms);
  EXPECT_FALSE(t.c().try_recv());
  EXPECT_FALSE(t.stop());  // already fired
}

TEST(Timer, StopBeforeFiringPreventsTheFire) {
  // Far enough out that a loaded machine (sanitizers, parallel ctest) cannot
  // let it fire before stop() runs.
  gogo::timer t = gogo::new_timer(300ms);
  EXPECT_TRUE(t.stop());
  EXPECT_FALSE(t.stop());  // stopping twice: the second finds nothing to stop
  gogo::sleep_for(400ms);
  EXPECT_FALSE(t.c().try_recv());
}

TEST(Timer, StopAfterFireReturnsFalseAndTheValueCanBeDrained) {
  gogo::timer t = gogo::new_timer(1ms);
  gogo::sleep_for(20ms);
  if (!t.stop()) t.c().recv();  // Go's idiom; must not block
  EXPECT_FALSE(t.c().try_recv());
}

TEST(Timer, ResetOfAPendingTimerMovesItsDeadline) {
  auto t0 = steady::now();
  gogo::timer t = gogo::new_timer(10s);  // surely still pending at reset()
  EXPECT_TRUE(t.reset(60ms));
  auto when = t.c().recv();
  ASSERT_TRUE(when);
  EXPECT_GE(*when - t0, 60ms);
}

TEST(Timer, ResetOfAFiredTimerFiresAgain) {
  gogo::timer t = gogo::new_timer(1ms);
  ASSERT_TRUE(t.c().recv());
  EXPECT_FALSE(t.reset(5ms));  // it had fired
  ASSERT_TRUE(t.c().recv());
  EXPECT_FALSE(t.c().try_recv());
}

TEST(Timer, ResetOfAStoppedTimerFiresAgain) {
  gogo::timer t = gogo::new_timer(1h);
  EXPECT_TRUE(t.stop());
  EXPECT_FALSE(t.reset(1ms));
  EXPECT_TRUE(t.c().recv());
}

TEST(Timer, ResetWithoutDrainingLeavesTheOldValue) {
  // As in Go: reset does not drain; a second fire finds the channel full
  // and drops its value.
  gogo::timer t = gogo::new_timer(1ms);
  gogo::sleep_for(10ms);
  auto first = t.c().len();
  EXPECT_EQ(first, 1u);
  t.reset(1ms);
  gogo::sleep_for(10ms);
  EXPECT_EQ(t.c().len(), 1u);
}

TEST(Timer, NonPositiveDurationFiresAtOnce) {
  EXPECT_TRUE(gogo::new_timer(0ns).c().recv());
  EXPECT_TRUE(gogo::new_timer(-1s).c().recv());
}

TEST(Timer, HugeDurationsMeanNeverNotThePast) {
  // now + nanoseconds::max() must not wrap around into the past.
  gogo::timer t = gogo::new_timer(std::chrono::nanoseconds::max());
  auto a = gogo::after(std::chrono::nanoseconds::max());
  gogo::sleep_for(20ms);
  EXPECT_FALSE(t.c().try_recv());
  EXPECT_FALSE(a.try_recv());
  EXPECT_TRUE(t.stop());
  EXPECT_TRUE(gogo::new_timer(std::chrono::nanoseconds::min()).c().recv());  // at once
}

TEST(Timer, UninitializedTimerThrows) {
  gogo::timer t;
  EXPECT_FALSE(t.c());
  EXPECT_THROW(t.stop(), std::logic_error);
  EXPECT_THROW(t.reset(1ms), std::logic_error);
}

TEST(Timer, DroppedHandleStillFires) {
  gogo::recv_chan<steady::time_point> c = gogo::new_timer(2ms).c();
  EXPECT_TRUE(c.recv());
}

// A timer and its channel share one block of memory, which goes with the
// last of their references: these tests drop them in either order.
TEST(Timer, ChannelOutlivesTheTimerAndKeepsItsValue) {
  gogo::recv_chan<steady::time_point> c;
  {
    gogo::timer t = gogo::new_timer(1ms);
    c = t.c();
    for (int i = 0; i < 5000 && c.len() == 0; i++) gogo::sleep_for(1ms);
    ASSERT_EQ(c.len(), 1u);
    EXPECT_FALSE(t.stop());
  }  // fired and unreferenced: the timer is gone, its channel stays
  EXPECT_EQ(c.cap(), 1u);
  EXPECT_TRUE(c.recv());
  EXPECT_EQ(c.poll().status, gogo::recv_status::would_block);
}

TEST(Timer, TimerOutlivesItsChannelHandles) {
  gogo::timer t = gogo::new_timer(1ms);
  for (int i = 0; i < 5000 && t.c().len() == 0; i++) gogo::sleep_for(1ms);
  // No channel handle was kept: the timer alone holds the value.
  EXPECT_FALSE(t.stop());
  EXPECT_TRUE(t.c().try_recv());
  EXPECT_FALSE(t.reset(1ms));
  EXPECT_TRUE(t.c().recv());
}

TEST(Timer, ChannelOfAStoppedTimerStaysUsable) {
  gogo::recv_chan<steady::time_point> c;
  {
    gogo::timer t = gogo::new_timer(1h);
    c = t.c();
    EXPECT_TRUE(t.stop());
  }
  EXPECT_EQ(c.poll().status, gogo::recv_status::would_block);
  EXPECT_EQ(c.len(), 0u);
}

TEST(Timer, ChannelsOfTimersAreTheirOwn) {
  gogo::timer a = gogo::new_timer(0ns), b = gogo::new_timer(1h);
  EXPECT_TRUE(a.c() == a.c());
  EXPECT_FALSE(a.c() == b.c());
  EXPECT_TRUE(a.c().recv());
  EXPECT_EQ(b.c().len(), 0u);
  EXPECT_TRUE(b.stop());
}

TEST(Timer, MemoryOfManyTimersIsReused) {
  // Several rounds of more timers than one pool chunk holds, freed in
  // between (the fired ones' blocks go back at once), each timer still
  // delivering to its own channel.
  for (int round = 0; round < 3; round++) {
    std::vector<gogo::timer> ts;
    std::vector<gogo::recv_chan<steady::time_point>> kept;
    for (int i = 0; i < 3000; i++) {
      ts.push_back(gogo::new_timer(i % 2 ? 1h : 0ns));
      if (i % 3 == 0) kept.push_back(ts.back().c());
    }
    for (int i = 0; i < 3000; i += 2) EXPECT_TRUE(ts[std::size_t(i)].c().recv());
    for (int i = 1; i < 3000; i += 2) EXPECT_TRUE(ts[std::size_t(i)].stop());
    ts.clear();
    // The kept channels of fired timers are empty now (received above).
    for (auto& c : kept) EXPECT_EQ(c.len(), 0u);
  }
}

TEST(Timer, StartedAndDroppedFromManyGoroutinesAndThreads) {
  // Timers made on one thread are freed on whichever drops the last
  // reference: the fire, a stop's compaction, or a handle.
  constexpr int per = 2000;
  gogo::wait_group wg;
  std::atomic<int> got{0};
  auto work = [&](int seed) {
    for (int j = 0; j < per; j++) {
      gogo::timer t = gogo::new_timer(j % 3 ? 1h : std::chrono::nanoseconds(seed % 7));
      if (j % 3) {
        t.stop();
      } else if (t.c().recv()) {
        got++;
      }
    }
  };
  wg.add(4);
  for (int i = 0; i < 4; i++)
    gogo::go([&, i] {
      work(i);
      wg.done();
    });
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; i++) threads.emplace_back([&, i] { work(i); });
  for (auto& th : threads) th.join();
  wg.wait();
  EXPECT_EQ(got.load(), 6 * ((per + 2) / 3));
}

TEST(Timer, CopiesControlTheSameTimer) {
  gogo::timer a = gogo::new_timer(1h);
  gogo::timer b = a;
  EXPECT_TRUE(b.stop());
  EXPECT_FALSE(a.stop());
  EXPECT_TRUE(a.c() == b.c());
}

TEST(Timer, UsableInSelect) {
  gogo::timer t = gogo::new_timer(5ms);
  auto never = gogo::make_chan<int>();
  bool fired = false;
  gogo::select{gogo::on_recv(never, [](std::optional<int>) {}),
               gogo::on_recv(t.c(), [&](std::optional<steady::time_point> v) { fired = bool(v); })};
  EXPECT_TRUE(fired);
}

TEST(Timer, ManyTimersStoppedInAnyOrder) {
  std::vector<gogo::timer> ts;
  for (int i = 0; i < 1000; i++)
    ts.push_back(gogo::new_timer(std::chrono::milliseconds(10000 + i % 7)));
  for (std::size_t i = 0; i < ts.size(); i += 2) EXPECT_TRUE(ts[i].stop());
  for (std::size_t i = ts.size(); i-- > 0;) {
    if (i % 2) {
      EXPECT_TRUE(ts[i].stop());
    }
  }
  for (auto& t : ts) EXPECT_FALSE(t.stop());
}

TEST(Timer, StoppedAmongPendingOnesNeverFire) {
  // Removing timers from the middle of the heap leaves the others due.
  auto order = gogo::make_chan<int>(64);
  std::vector<gogo::timer> ts;
  for (int i = 0; i < 32; i++)
    ts.push_back(gogo::after_func(std::chrono::milliseconds(5 + i), [order, i] { order.send(i); }));
  for (int i = 1; i < 32; i += 3) EXPECT_TRUE(ts[std::size_t(i)].stop());
  std::vector<int> got;
  for (int i = 0; i < 32; i++)
    if (i % 3 != 1) got.push_back(*order.recv());
  ASSERT_EQ(got.size(), 21u);
  // Each after_func runs on its own goroutine, so only deadline sets far
  // apart are ordered: check that no stopped timer ran.
  for (int v : got) EXPECT_NE(v % 3, 1) << v;
}

TEST(AfterFunc, RunsOnAGoroutine) {
  auto done = gogo::make_chan<std::uint64_t>(1);
  gogo::after_func(2ms, [done] { done.send(gogo::goroutine_id()); });
  auto id = done.recv();
  ASSERT_TRUE(id);
  EXPECT_NE(*id, 0u);
}

TEST(AfterFunc, StopPreventsTheCall) {
  std::atomic<int> calls{0};
  gogo::timer t = gogo::after_func(300ms, [&] { calls++; });
  EXPECT_FALSE(t.c());
  EXPECT_TRUE(t.stop());
  EXPECT_FALSE(t.stop());
  gogo::sleep_for(400ms);
  EXPECT_EQ(calls.load(), 0);
}

TEST(AfterFunc, ResetRunsItAgain) {
  auto done = gogo::make_chan<int>(2);
  int n = 0;
  gogo::timer t = gogo::after_func(1ms, [done, &n] { done.send(++n); });
  EXPECT_EQ(done.recv(), 1);
  EXPECT_FALSE(t.reset(1ms));
  EXPECT_EQ(done.recv(), 2);
}

TEST(AfterFunc, FunctionIsDestroyedWhenTheTimerIsGone) {
  // Stop leaves the timer's heap entry behind (stop is O(1)); the entry,
  // and with it the last reference, goes once it would have fired.
  auto alive = std::make_shared<int>(0);
  std::weak_ptr<int> watch = alive;
  {
    gogo::timer t = gogo::after_func(300ms, [alive] {});  // still pending at stop()
    alive.reset();
    EXPECT_FALSE(watch.expired());
    EXPECT_TRUE(t.stop());
  }
  for (int i = 0; i < 3000 && !watch.expired(); i++) gogo::sleep_for(1ms);
  EXPECT_TRUE(watch.expired());
}

TEST(AfterFunc, ManyStoppedTimersAreReleasedWithoutWaitingForThem) {
  // Stale entries are dropped in bulk once they outnumber the live ones.
  auto alive = std::make_shared<int>(0);
  std::weak_ptr<int> watch = alive;
  for (int i = 0; i < 1000; i++) gogo::after_func(1h, [alive] {}).stop();
  alive.reset();
  EXPECT_LT(watch.use_count(), 100);
}

TEST(Timer, UsableFromPlainThreads) {
  std::vector<std::thread> threads;
  std::atomic<int> fired{0};
  for (int i = 0; i < 4; i++) {
    threads.emplace_back([&] {
      for (int j = 0; j < 50; j++) {
        gogo::timer t = gogo::new_timer(std::chrono::microseconds(j * 10));
        if (j % 2) {
          if (!t.stop()) t.c().recv();
        } else {
          t.c().recv();
          fired++;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(fired.load(), 100);
}

TEST(Timer, StopRacingTheFireFromGoroutines) {
  // Whatever stop() says must match what arrives: false means a value
  // comes (and exactly one), true means none.
  constexpr int n = 400;
  gogo::wait_group wg;
  std::atomic<int> mismatches{0};
  wg.add(n);
  for (int i = 0; i < n; i++) {
    gogo::go([&, i] {
      gogo::timer t = gogo::new_timer(std::chrono::microseconds(i % 50));
      gogo::sleep_for(std::chrono::microseconds(25));
      bool stopped = t.stop();
      if (!stopped) {
        if (!t.c().recv()) mismatches++;
      } else {
        gogo::sleep_for(1ms);
        if (t.c().try_recv()) mismatches++;
      }
      wg.done();
    });
  }
  wg.wait();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
