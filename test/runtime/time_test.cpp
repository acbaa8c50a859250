// gogo::sleep_for and gogo::after.
#include <gogo/chan.hpp>
#include <gogo/go.hpp>
#include <gogo/maxprocs.hpp>
#include <gogo/select.hpp>
#include <gogo/time.hpp>
#include <gogo/wait_group.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

TEST(Time, SleepForWaitsAtLeastTheDuration) {
  gogo::wait_group wg;
  steady::duration slept{};
  wg.add(1);
  gogo::go([&] {
    auto t0 = steady::now();
    gogo::sleep_for(20ms);
    slept = steady::now() - t0;
    wg.done();
  });
  wg.wait();
  EXPECT_GE(slept, 20ms);
  EXPECT_LT(slept, 2s);
}

TEST(Time, SleepingGoroutinesDoNotHoldWorkers) {
  // Far more sleepers than workers, all sleeping at once: the total time is
  // about one sleep, not one per worker-sized batch.
  constexpr int n = 200;
  gogo::wait_group wg;
  wg.add(n);
  auto t0 = steady::now();
  for (int i = 0; i < n; i++) {
    gogo::go([&] {
      gogo::sleep_for(50ms);
      wg.done();
    });
  }
  wg.wait();
  auto took = steady::now() - t0;
  EXPECT_GE(took, 50ms);
  EXPECT_LT(took, 1s);
}

TEST(Time, SleeperWakesWhileEveryWorkerRunsOneGoroutine) {
  // Every worker spins for 400 ms without a scheduling point; a goroutine
  // sleeps 20 ms. No worker reaches its scheduler loop, so the monitor
  // fires the timer and puts a spare in play: the sleeper wakes long
  // before the spinners end.
  const int workers = gogo::maxprocs();
  gogo::wait_group wg;
  steady::duration slept{};
  wg.add(1);
  gogo::go([&] {
    auto t0 = steady::now();
    gogo::sleep_for(20ms);
    slept = steady::now() - t0;
    wg.done();
  });
  gogo::sleep_for(2ms);  // the sleeper is asleep
  auto spin_until = steady::now() + 400ms;
  wg.add(workers);
  for (int i = 0; i < workers; i++) {
    gogo::go([&] {
      while (steady::now() < spin_until) {
      }
      wg.done();
    });
  }
  wg.wait();
  EXPECT_GE(slept, 20ms);
  EXPECT_LT(slept, 250ms) << "the sleeper waited for the spinners";
}

TEST(Time, ZeroOrNegativeSleepReturns) {
  gogo::sleep_for(0ns);
  gogo::sleep_for(-5ms);
  SUCCEED();
}

TEST(Time, SleepOnPlainThread) {
  auto t0 = steady::now();
  gogo::sleep_for(5ms);
  EXPECT_GE(steady::now() - t0, 5ms);
}

TEST(Time, AfterDeliversOnceAfterTheDuration) {
  auto t0 = steady::now();
  auto ch = gogo::after(15ms);
  EXPECT_EQ(ch.cap(), 1u);
  auto when = ch.recv();
  ASSERT_TRUE(when);
  EXPECT_GE(*when - t0, 15ms);
  EXPECT_GE(steady::now() - t0, 15ms);
  EXPECT_EQ(ch.try_recv(), std::nullopt);  // only one value, never closed
}

TEST(Time, TimersFireInDeadlineOrder) {
  auto slow = gogo::after(40ms);
  auto fast = gogo::after(5ms);
  std::size_t first = gogo::select{
      gogo::on_recv(slow, [](std::optional<steady::time_point>) {}),
      gogo::on_recv(fast, [](std::optional<steady::time_point>) {})};
  EXPECT_EQ(first, 1u);
}

TEST(Time, SelectTimeout) {
  auto never = gogo::make_chan<int>();
  gogo::wait_group wg;
  bool timed_out = false;
  wg.add(1);
  gogo::go([&] {
    gogo::select{gogo::on_recv(never, [](std::optional<int>) {}),
                 gogo::on_recv(gogo::after(10ms),
                               [&](std::optional<steady::time_point>) { timed_out = true; })};
    wg.done();
  });
  wg.wait();
  EXPECT_TRUE(timed_out);
}

TEST(Time, AfterWithNobodyReceivingDoesNotBlockTheTimer) {
  // The buffered channel absorbs the value; later timers still fire.
  for (int i = 0; i < 10; i++) gogo::after(1ms);
  auto t0 = steady::now();
  gogo::after(5ms).recv();
  EXPECT_LT(steady::now() - t0, 1s);
}

TEST(Time, AfterChannelDroppedOrClosedBeforeTheFire) {
  // The timer outlives the channel's handles, then fires into a channel
  // only it holds, or a closed one: nothing to receive, nothing leaks.
  { auto dropped = gogo::after(2ms); }
  auto closed = gogo::after(2ms);
  closed.close();
  auto later = gogo::after(20ms);
  EXPECT_TRUE(later.recv());
  EXPECT_EQ(closed.poll().status, gogo::recv_status::closed);
}

}  // namespace
