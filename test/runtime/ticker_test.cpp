// gogo::ticker, gogo::new_ticker, gogo::tick.
#include <gogo/chan.hpp>
#include <gogo/go.hpp>
#include <gogo/select.hpp>
#include <gogo/ticker.hpp>
#include <gogo/time.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <thread>

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

TEST(Ticker, TicksEveryPeriod) {
  auto t0 = steady::now();
  gogo::ticker t = gogo::new_ticker(10ms);
  steady::time_point last = t0;
  for (int i = 1; i <= 5; i++) {
    auto v = t.c().recv();
    ASSERT_TRUE(v);
    EXPECT_GE(*v - t0, i * 10ms);
    EXPECT_GE(*v, last);
    last = *v;
  }
  t.stop();
}

TEST(Ticker, SlowReceiverMissesTicksInsteadOfQueueingThem) {
  gogo::ticker t = gogo::new_ticker(2ms);
  gogo::sleep_for(30ms);
  EXPECT_EQ(t.c().len(), 1u);
  t.stop();
}

TEST(Ticker, StopEndsTheTicksAndTwiceIsHarmless) {
  gogo::ticker t = gogo::new_ticker(2ms);
  ASSERT_TRUE(t.c().recv());
  t.stop();
  t.stop();
  gogo::sleep_for(5ms);
  t.c().try_recv();  // a tick sent while stopping may still be there
  gogo::sleep_for(20ms);
  EXPECT_FALSE(t.c().try_recv());
}

TEST(Ticker, ChannelOutlivesAStoppedTickerAndKeepsItsValue) {
  gogo::recv_chan<steady::time_point> c;
  {
    gogo::ticker t = gogo::new_ticker(1ms);
    c = t.c();
    for (int i = 0; i < 5000 && c.len() == 0; i++) gogo::sleep_for(1ms);
    t.stop();
  }
  // The stopped ticker goes when its last heap entry is dropped; its
  // channel stays with the tick in it.
  gogo::sleep_for(20ms);
  EXPECT_TRUE(c.try_recv());
  EXPECT_EQ(c.poll().status, gogo::recv_status::would_block);
}

TEST(Ticker, ResetChangesThePeriodAndRestartsAStoppedTicker) {
  gogo::ticker t = gogo::new_ticker(1h);
  auto t0 = steady::now();
  t.reset(5ms);
  ASSERT_TRUE(t.c().recv());
  EXPECT_LT(steady::now() - t0, 1s);
  t.stop();
  t.c().try_recv();
  t.reset(5ms);
  ASSERT_TRUE(t.c().recv());
  t.stop();
}

TEST(Ticker, NonPositiveIntervalsThrow) {
  EXPECT_THROW(gogo::new_ticker(0ns), std::invalid_argument);
  EXPECT_THROW(gogo::new_ticker(-1ms), std::invalid_argument);
  gogo::ticker t = gogo::new_ticker(1h);
  EXPECT_THROW(t.reset(0ns), std::invalid_argument);
  t.stop();
}

TEST(Ticker, UninitializedTicker) {
  gogo::ticker t;
  t.stop();  // nothing to stop
  EXPECT_THROW(t.reset(1ms), std::logic_error);
  EXPECT_FALSE(t.c());
}

TEST(Tick, ReturnsATickingChannelOrNil) {
  auto c = gogo::tick(3ms);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c.recv());
  EXPECT_TRUE(c.recv());
  EXPECT_FALSE(gogo::tick(0ns));
  EXPECT_FALSE(gogo::tick(-1s));
}

TEST(Ticker, UsableInSelectFromGoroutinesAndThreads) {
  gogo::ticker t = gogo::new_ticker(1ms);
  auto done = gogo::make_chan<int>();
  gogo::go([&] {
    int ticks = 0;
    while (ticks < 5)
      gogo::select{gogo::on_recv(t.c(), [&](std::optional<steady::time_point>) { ticks++; })};
    done.send(ticks);
  });
  EXPECT_EQ(done.recv(), 5);
  std::thread th([&] {
    for (int i = 0; i < 3; i++) t.c().recv();
  });
  th.join();
  t.stop();
}

}  // namespace
