// gogo::mutex.
#include <gogo/chan.hpp>
#include <gogo/go.hpp>
#include <gogo/mutex.hpp>
#include <gogo/select.hpp>
#include <gogo/time.hpp>
#include <gogo/wait_group.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

using namespace std::chrono_literals;

namespace {

TEST(Mutex, IsALockable) {
  gogo::mutex m;
  {
    std::lock_guard<gogo::mutex> lock(m);
    EXPECT_FALSE(m.try_lock());
  }
  EXPECT_TRUE(m.try_lock());
  m.unlock();
  std::unique_lock<gogo::mutex> ul(m, std::try_to_lock);
  EXPECT_TRUE(ul.owns_lock());
}

TEST(Mutex, ExactCountUnderContention) {
  gogo::mutex m;
  long counter = 0;  // deliberately not atomic: the mutex must protect it
  constexpr int goroutines = 50, iters = 2000;
  gogo::wait_group wg;
  wg.add(goroutines);
  for (int i = 0; i < goroutines; i++) {
    gogo::go([&] {
      for (int k = 0; k < iters; k++) {
        std::lock_guard<gogo::mutex> lock(m);
        counter++;
        if (k % 100 == 0) gogo::yield();  // hold it across a switch sometimes
      }
      wg.done();
    });
  }
  wg.wait();
  EXPECT_EQ(counter, long(goroutines) * iters);
}

TEST(Mutex, BlockedGoroutineFreesItsWorker) {
  // With the lock held by main, many goroutines block on it; another
  // goroutine must still run (blocking parks, it does not hold a worker).
  gogo::mutex m;
  m.lock();
  constexpr int n = 32;
  gogo::wait_group blocked;
  blocked.add(n);
  for (int i = 0; i < n; i++) {
    gogo::go([&] {
      m.lock();
      m.unlock();
      blocked.done();
    });
  }
  gogo::wait_group other;
  other.add(1);
  gogo::go([&] { other.done(); });
  other.wait();
  m.unlock();
  blocked.wait();
  SUCCEED();
}

TEST(Mutex, SharedWithPlainThreads) {
  gogo::mutex m;
  long counter = 0;
  gogo::wait_group wg;
  wg.add(4);
  for (int i = 0; i < 4; i++) {
    gogo::go([&] {
      for (int k = 0; k < 1000; k++) {
        std::lock_guard<gogo::mutex> lock(m);
        counter++;
      }
      wg.done();
    });
  }
  std::thread t([&] {
    for (int k = 0; k < 1000; k++) {
      std::lock_guard<gogo::mutex> lock(m);
      counter++;
    }
  });
  t.join();
  wg.wait();
  EXPECT_EQ(counter, 5000);
}

}  // namespace

namespace {

TEST(Mutex, AHogCannotStarveAWaiter) {
  // Go's TestMutexFairness: one goroutine unlocks and relocks in a loop;
  // another must still get the lock (starvation mode hands it over).
  gogo::mutex mu;
  std::atomic<bool> stop{false};
  gogo::wait_group wg;
  wg.add(2);
  gogo::go([&] {
    while (!stop.load()) {
      mu.lock();
      gogo::sleep_for(100us);
      mu.unlock();
    }
    wg.done();
  });
  auto done = gogo::make_chan<bool>(1);
  gogo::go([&] {
    for (int i = 0; i < 10; i++) {
      gogo::sleep_for(100us);
      mu.lock();
      mu.unlock();
    }
    done.send(true);
    wg.done();
  });
  bool acquired = false;
  gogo::select{gogo::on_recv(done, [&](auto) { acquired = true; }),
               gogo::on_recv(gogo::after(10s), [](auto) {})};
  stop = true;
  EXPECT_TRUE(acquired) << "can't acquire the mutex in 10 seconds";
  wg.wait();
}

}  // namespace
