// gogo::rw_mutex. Fatal misuse (unlock of an unlocked rw_mutex) is checked
// in subprocess_test.cpp.
#include <gogo/chan.hpp>
#include <gogo/go.hpp>
#include <gogo/rw_mutex.hpp>
#include <gogo/time.hpp>
#include <gogo/wait_group.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

TEST(RwMutex, IsASharedLockable) {
  gogo::rw_mutex m;
  {
    std::shared_lock<gogo::rw_mutex> r1(m);
    std::shared_lock<gogo::rw_mutex> r2(m, std::try_to_lock);
    EXPECT_TRUE(r2.owns_lock());
    EXPECT_FALSE(m.try_lock());
  }
  {
    std::unique_lock<gogo::rw_mutex> w(m);
    EXPECT_FALSE(m.try_lock_shared());
    EXPECT_FALSE(m.try_lock());
  }
  EXPECT_TRUE(m.try_lock());
  m.unlock();
}

TEST(RwMutex, ReadersShareTheLock) {
  // Go's TestParallelReaders: n readers all hold the lock at once.
  gogo::rw_mutex m;
  constexpr int n = 8;
  auto holding = gogo::make_chan<int>();
  auto release = gogo::make_chan<int>();
  for (int i = 0; i < n; i++) {
    gogo::go([&] {
      m.lock_shared();
      holding.send(1);
      release.recv();
      m.unlock_shared();
    });
  }
  for (int i = 0; i < n; i++) holding.recv();
  for (int i = 0; i < n; i++) release.send(1);
  m.lock();
  m.unlock();
}

TEST(RwMutex, WriterExcludesEveryone) {
  // Go's TestRWMutex: readers and writers hammering one rw_mutex; a
  // writer never sees another writer or a reader, readers never see a
  // writer.
  gogo::rw_mutex m;
  std::atomic<int> activity{0};
  std::atomic<int> violations{0};
  constexpr int writers = 4, readers = 16, iters = 500;
  gogo::wait_group wg;
  wg.add(writers + readers);
  for (int i = 0; i < writers; i++) {
    gogo::go([&] {
      for (int k = 0; k < iters; k++) {
        m.lock();
        if (activity.fetch_add(10000) != 0) violations++;
        if (k % 50 == 0) gogo::yield();
        if (activity.fetch_sub(10000) != 10000) violations++;
        m.unlock();
      }
      wg.done();
    });
  }
  for (int i = 0; i < readers; i++) {
    gogo::go([&] {
      for (int k = 0; k < iters; k++) {
        m.lock_shared();
        int a = activity.fetch_add(1);
        if (a < 0 || a >= 10000) violations++;
        if (k % 50 == 0) gogo::yield();
        activity.fetch_sub(1);
        m.unlock_shared();
      }
      wg.done();
    });
  }
  wg.wait();
  EXPECT_EQ(violations.load(), 0);
  EXPECT_EQ(activity.load(), 0);
}

TEST(RwMutex, WaitingWriterHoldsBackNewReaders) {
  gogo::rw_mutex m;
  m.lock_shared();
  std::atomic<bool> writer_in{false};
  gogo::wait_group wg;
  wg.add(2);
  gogo::go([&] {
    m.lock();
    writer_in.store(true);
    m.unlock();
    wg.done();
  });
  gogo::sleep_for(10ms);  // the writer is waiting for the first reader
  EXPECT_FALSE(m.try_lock_shared());
  std::atomic<bool> late_reader_in{false};
  gogo::go([&] {
    m.lock_shared();
    late_reader_in.store(true);
    EXPECT_TRUE(writer_in.load());  // it got in only after the writer
    m.unlock_shared();
    wg.done();
  });
  gogo::sleep_for(10ms);
  EXPECT_FALSE(late_reader_in.load());
  EXPECT_FALSE(writer_in.load());
  m.unlock_shared();
  wg.wait();
  EXPECT_TRUE(late_reader_in.load());
}

TEST(RwMutex, PlainThreadsAndGoroutinesTogether) {
  gogo::rw_mutex m;
  long counter = 0;  // written under the write lock only
  std::atomic<long> reads{0};
  gogo::wait_group wg;
  wg.add(4);
  for (int i = 0; i < 4; i++) {
    gogo::go([&] {
      for (int k = 0; k < 1000; k++) {
        std::unique_lock<gogo::rw_mutex> w(m);
        counter++;
      }
      wg.done();
    });
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; i++) {
    threads.emplace_back([&] {
      for (int k = 0; k < 1000; k++) {
        std::shared_lock<gogo::rw_mutex> r(m);
        reads += counter >= 0;
      }
      for (int k = 0; k < 500; k++) {
        std::unique_lock<gogo::rw_mutex> w(m);
        counter++;
      }
    });
  }
  for (auto& t : threads) t.join();
  wg.wait();
  EXPECT_EQ(counter, 5000);
  EXPECT_EQ(reads.load(), 2000);
}

}  // namespace
