// gogo::errgroup (x/sync/errgroup's Group).
#include <gogo/chan.hpp>
#include <gogo/context.hpp>
#include <gogo/errgroup.hpp>
#include <gogo/select.hpp>
#include <gogo/time.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

using namespace std::chrono_literals;

namespace {

TEST(Errgroup, WaitReturnsWhenAllSucceeded) {
  gogo::errgroup g;
  std::atomic<int> ran{0};
  for (int i = 0; i < 20; i++) g.spawn([&] { ran++; });
  g.wait();
  EXPECT_EQ(ran.load(), 20);
  g.wait();  // again: nothing to wait for, no error
}

TEST(Errgroup, WaitRethrowsTheFirstErrorOnly) {
  // x/sync's TestZeroGroup: the first error wins, later ones are dropped.
  gogo::errgroup g;
  auto first_done = gogo::make_chan<int>();
  g.spawn([&] {
    first_done.send(1);
    throw std::runtime_error("first");
  });
  first_done.recv();
  gogo::sleep_for(5ms);
  g.spawn([] { throw std::runtime_error("second"); });
  g.spawn([] {});
  try {
    g.wait();
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "first");
  }
  // Waiting twice rethrows the same error.
  EXPECT_THROW(g.wait(), std::runtime_error);
}

TEST(Errgroup, FirstErrorCancelsTheContext) {
  // x/sync's TestWithContext.
  auto [parent, cancel_parent] = gogo::with_cancel(gogo::background());
  gogo::errgroup g(parent);
  gogo::context ctx = g.context();
  std::atomic<int> stopped_early{0};
  for (int i = 0; i < 5; i++) {
    g.spawn([ctx, &stopped_early] {
      ctx.done().recv();  // until someone fails
      stopped_early++;
    });
  }
  g.spawn([] { throw std::invalid_argument("bad input"); });
  EXPECT_THROW(g.wait(), std::invalid_argument);
  EXPECT_EQ(stopped_early.load(), 5);
  EXPECT_EQ(ctx.err(), gogo::context_errc::canceled);
  EXPECT_FALSE(parent.err());  // only the group's context ended
  cancel_parent();
}

TEST(Errgroup, WaitEndsTheContextEvenWithoutErrors) {
  gogo::errgroup g(gogo::background());
  g.spawn([] {});
  g.wait();
  EXPECT_EQ(g.context().err(), gogo::context_errc::canceled);
}

TEST(Errgroup, ParentCancellationReachesTheGroup) {
  auto [parent, cancel_parent] = gogo::with_cancel(gogo::background());
  gogo::errgroup g(parent);
  g.spawn([ctx = g.context()] {
    ctx.done().recv();
    throw std::system_error(ctx.err());
  });
  cancel_parent();
  try {
    g.wait();
    FAIL() << "no exception";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), gogo::context_errc::canceled);
  }
}

TEST(Errgroup, SetLimitBoundsConcurrency) {
  // x/sync's TestGoLimit.
  gogo::errgroup g;
  g.set_limit(3);
  std::atomic<int> active{0}, too_many{0};
  for (int i = 0; i < 50; i++) {
    g.spawn([&] {
      if (active.fetch_add(1) >= 3) too_many++;
      gogo::sleep_for(100us);
      active.fetch_sub(1);
    });
  }
  g.wait();
  EXPECT_EQ(too_many.load(), 0);
}

TEST(Errgroup, TrySpawnRespectsTheLimit) {
  // x/sync's TestTryGo.
  gogo::errgroup g;
  g.set_limit(2);
  auto release = gogo::make_chan<int>();
  EXPECT_TRUE(g.try_spawn([&] { release.recv(); }));
  EXPECT_TRUE(g.try_spawn([&] { release.recv(); }));
  bool ran = false;
  EXPECT_FALSE(g.try_spawn([&] { ran = true; }));
  // Changing the limit while goroutines run is refused.
  EXPECT_THROW(g.set_limit(5), std::logic_error);
  release.send(1);
  release.send(1);
  g.wait();
  EXPECT_FALSE(ran);
  g.set_limit(1);
  EXPECT_TRUE(g.try_spawn([] {}));
  g.wait();
  g.set_limit(-1);  // no limit
  for (int i = 0; i < 10; i++) EXPECT_TRUE(g.try_spawn([] {}));
  g.wait();
}

TEST(Errgroup, DestructorWaitsForTheGoroutines) {
  std::atomic<bool> finished{false};
  {
    gogo::errgroup g;
    g.spawn([&] {
      gogo::sleep_for(10ms);
      finished = true;
    });
  }
  EXPECT_TRUE(finished.load());
}

TEST(Errgroup, FromAPlainThread) {
  std::thread t([] {
    gogo::errgroup g;
    std::atomic<int> sum{0};
    for (int i = 1; i <= 10; i++) g.spawn([&, i] { sum += i; });
    g.wait();
    EXPECT_EQ(sum.load(), 55);
  });
  t.join();
}

TEST(Errgroup, PipelineStopsOnFirstError) {
  // A producer and workers under one group: a failing worker cancels the
  // context, which stops the producer.
  gogo::errgroup g(gogo::background());
  gogo::context ctx = g.context();
  auto items = gogo::make_chan<int>();
  g.spawn([ctx, items] {
    for (int i = 0;; i++) {
      bool stop = false;
      gogo::select{gogo::on_send(items, i), gogo::on_recv(ctx.done(), [&](auto) { stop = true; })};
      if (stop) throw std::system_error(ctx.err());
    }
  });
  for (int w = 0; w < 3; w++) {
    g.spawn([ctx, items] {
      for (;;) {
        std::optional<int> v;
        bool stop = false;
        gogo::select{gogo::on_recv(items, [&](std::optional<int> x) { v = x; }),
                     gogo::on_recv(ctx.done(), [&](auto) { stop = true; })};
        if (stop) return;
        if (*v == 100) throw std::runtime_error("item 100 is bad");
      }
    });
  }
  try {
    g.wait();
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "item 100 is bad");
  }
}

}  // namespace
