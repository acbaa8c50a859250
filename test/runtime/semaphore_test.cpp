// gogo::semaphore (x/sync/semaphore's Weighted).
#include <gogo/chan.hpp>
#include <gogo/context.hpp>
#include <gogo/go.hpp>
#include <gogo/semaphore.hpp>
#include <gogo/time.hpp>
#include <gogo/wait_group.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

TEST(Semaphore, TryAcquireAndRelease) {
  gogo::semaphore s(3);
  EXPECT_TRUE(s.try_acquire(2));
  EXPECT_FALSE(s.try_acquire(2));
  EXPECT_TRUE(s.try_acquire(1));
  EXPECT_FALSE(s.try_acquire());
  s.release(3);
  EXPECT_TRUE(s.try_acquire(3));
  s.release(3);
}

TEST(Semaphore, ReleasingMoreThanHeldThrows) {
  gogo::semaphore s(2);
  s.acquire();
  EXPECT_THROW(s.release(2), std::logic_error);
  s.release();
  EXPECT_THROW(s.release(), std::logic_error);  // released twice
}

TEST(Semaphore, LimitsConcurrency) {
  // x/sync's TestWeighted: never more than the size in use.
  gogo::semaphore s(4);
  std::atomic<int> in_use{0};
  std::atomic<int> too_many{0};
  constexpr int n = 40;
  gogo::wait_group wg;
  wg.add(n);
  for (int i = 0; i < n; i++) {
    gogo::go([&, i] {
      std::int64_t w = 1 + i % 3;
      s.acquire(w);
      if (in_use.fetch_add(int(w)) + w > 4) too_many++;
      gogo::yield();
      in_use.fetch_sub(int(w));
      s.release(w);
      wg.done();
    });
  }
  wg.wait();
  EXPECT_EQ(too_many.load(), 0);
  EXPECT_TRUE(s.try_acquire(4));
}

TEST(Semaphore, WaitersAreServedInOrder) {
  // A large request at the front holds back smaller ones behind it
  // (x/sync's TestLargeAcquireDoesntStarve).
  gogo::semaphore s(2);
  s.acquire(2);
  auto order = gogo::make_chan<int>(3);
  gogo::wait_group wg;
  wg.add(2);
  gogo::go([&] {
    s.acquire(2);
    order.send(2);
    s.release(2);
    wg.done();
  });
  gogo::sleep_for(10ms);  // the large request queues first
  gogo::go([&] {
    s.acquire(1);
    order.send(1);
    s.release(1);
    wg.done();
  });
  gogo::sleep_for(10ms);
  s.release(1);  // one unit free: not enough for the front, so nobody runs
  gogo::sleep_for(10ms);
  EXPECT_EQ(order.len(), 0u);
  EXPECT_FALSE(s.try_acquire(1));  // a waiter is queued: no barging
  s.release(1);
  wg.wait();
  EXPECT_EQ(order.recv(), 2);
  EXPECT_EQ(order.recv(), 1);
}

TEST(Semaphore, AcquireGivesUpWhenTheContextEnds) {
  gogo::semaphore s(1);
  s.acquire();
  auto t0 = std::chrono::steady_clock::now();  // before the deadline is set
  auto [ctx, cancel] = gogo::with_timeout(gogo::background(), 10ms);
  EXPECT_EQ(s.acquire(ctx), gogo::context_errc::deadline_exceeded);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 10ms);
  cancel();
  s.release();
  EXPECT_TRUE(s.try_acquire());  // the failed acquire took nothing
  s.release();
}

TEST(Semaphore, AcquireWithAnEndedContextFailsEvenIfFree) {
  gogo::semaphore s(1);
  auto [ctx, cancel] = gogo::with_cancel(gogo::background());
  cancel();
  EXPECT_EQ(s.acquire(ctx), gogo::context_errc::canceled);
  EXPECT_TRUE(s.try_acquire());
}

TEST(Semaphore, CancelledWaiterAtTheFrontLetsTheNextOneIn) {
  gogo::semaphore s(2);
  s.acquire(1);
  auto [ctx, cancel] = gogo::with_cancel(gogo::background());
  std::error_code big_result;
  gogo::wait_group wg;
  wg.add(2);
  gogo::go([&, ctx = ctx] {
    big_result = s.acquire(ctx, 2);  // waits at the front
    wg.done();
  });
  gogo::sleep_for(10ms);
  bool small_in = false;
  gogo::go([&] {
    s.acquire(1);  // behind the big one, though a unit is free
    small_in = true;
    wg.done();
  });
  gogo::sleep_for(10ms);
  EXPECT_FALSE(small_in);
  cancel();  // the big one leaves; the small one fits now
  wg.wait();
  EXPECT_TRUE(small_in);
  EXPECT_EQ(big_result, gogo::context_errc::canceled);
  s.release(2);
}

TEST(Semaphore, RequestLargerThanTheSizeWaitsForTheContext) {
  gogo::semaphore s(1);
  auto [ctx, cancel] = gogo::with_timeout(gogo::background(), 5ms);
  EXPECT_EQ(s.acquire(ctx, 2), gogo::context_errc::deadline_exceeded);
  EXPECT_TRUE(s.try_acquire(1));  // nobody was held back meanwhile
  cancel();
}

TEST(Semaphore, FromPlainThreads) {
  gogo::semaphore s(2);
  std::atomic<int> in_use{0}, too_many{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; i++) {
    threads.emplace_back([&] {
      for (int k = 0; k < 200; k++) {
        s.acquire();
        if (in_use.fetch_add(1) >= 2) too_many++;
        in_use.fetch_sub(1);
        s.release();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(too_many.load(), 0);
}

}  // namespace
