// gogo::wait_group.
#include <gogo/go.hpp>
#include <gogo/wait_group.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

namespace {

TEST(WaitGroup, WaitOnZeroReturnsImmediately) {
  gogo::wait_group wg;
  wg.wait();
  SUCCEED();
}

TEST(WaitGroup, NegativeCounterThrows) {
  gogo::wait_group wg;
  try {
    wg.add(-1);
    FAIL() << "no exception";
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(), "sync: negative WaitGroup counter");
  }
  // The failed add left the counter at zero: it is still usable.
  wg.add(2);
  wg.done();
  EXPECT_THROW(wg.add(-2), std::logic_error);
  wg.done();
  wg.wait();
}

TEST(WaitGroup, WaitBlocksUntilEveryDone) {
  gogo::wait_group wg;
  std::atomic<int> finished{0};
  constexpr int n = 50;
  wg.add(n);
  for (int i = 0; i < n; i++) {
    gogo::go([&] {
      gogo::yield();
      finished++;
      wg.done();
    });
  }
  wg.wait();
  EXPECT_EQ(finished.load(), n);
}

TEST(WaitGroup, ManyWaitersGoroutinesAndThreadsAllReleased) {
  gogo::wait_group gate;
  gate.add(1);
  gogo::wait_group all;
  std::atomic<int> released{0};
  constexpr int n = 20;
  all.add(n);
  for (int i = 0; i < n; i++) {
    gogo::go([&] {
      gate.wait();
      released++;
      all.done();
    });
  }
  std::thread t([&] { gate.wait(); released++; });
  gogo::go([&] { gate.done(); });
  all.wait();
  t.join();
  EXPECT_EQ(released.load(), n + 1);
}

}  // namespace
