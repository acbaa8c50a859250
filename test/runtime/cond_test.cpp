// gogo::cond.
#include <gogo/chan.hpp>
#include <gogo/cond.hpp>
#include <gogo/go.hpp>
#include <gogo/mutex.hpp>
#include <gogo/time.hpp>
#include <gogo/wait_group.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

TEST(Cond, SignalWakesOneWaiter) {
  // Go's sync/cond_test.go TestCondSignal.
  gogo::mutex m;
  gogo::cond c;
  constexpr int n = 2;
  auto running = gogo::make_chan<bool>(n);
  auto awake = gogo::make_chan<bool>(n);
  gogo::wait_group wg;  // the goroutines use m and c until their last line
  wg.add(n);
  for (int i = 0; i < n; i++) {
    gogo::go([&] {
      m.lock();
      running.send(true);
      c.wait(m);
      awake.send(true);
      m.unlock();
      wg.done();
    });
  }
  for (int i = 0; i < n; i++) running.recv();  // everyone is waiting (or about to)
  for (int i = n; i > 0; i--) {
    EXPECT_FALSE(awake.try_recv());
    m.lock();
    c.signal();
    m.unlock();
    awake.recv();
    EXPECT_FALSE(awake.try_recv());
  }
  c.signal();  // nobody waits: nothing happens
  wg.wait();
}

TEST(Cond, SignalGenerations) {
  // Go's TestCondSignalGenerations: signals wake waiters in the order they
  // started waiting.
  gogo::mutex m;
  gogo::cond c;
  constexpr int n = 40;
  auto running = gogo::make_chan<int>(n);
  auto awake = gogo::make_chan<int>(n);
  gogo::wait_group wg;
  wg.add(n);
  for (int i = 0; i < n; i++) {
    gogo::go([&, i] {
      m.lock();
      running.send(i);
      c.wait(m);
      awake.send(i);
      m.unlock();
      wg.done();
    });
    if (i > 0) {
      auto a = awake.recv();
      EXPECT_EQ(a, i - 1);
    }
    running.recv();
    m.lock();
    c.signal();
    m.unlock();
  }
  EXPECT_EQ(awake.recv(), n - 1);
  wg.wait();
}

TEST(Cond, BroadcastWakesEveryone) {
  gogo::mutex m;
  gogo::cond c;
  constexpr int n = 50;
  int ready = 0;
  bool go_on = false;
  gogo::wait_group wg;
  wg.add(n);
  std::atomic<int> woken{0};
  for (int i = 0; i < n; i++) {
    gogo::go([&] {
      std::unique_lock<gogo::mutex> l(m);
      ready++;
      while (!go_on) c.wait(l);
      woken++;
      l.unlock();
      wg.done();
    });
  }
  for (;;) {
    std::lock_guard<gogo::mutex> l(m);
    if (ready == n) break;
  }
  {
    std::lock_guard<gogo::mutex> l(m);
    go_on = true;
    c.broadcast();
  }
  wg.wait();
  EXPECT_EQ(woken.load(), n);
  c.broadcast();  // nobody waits: nothing happens
}

TEST(Cond, SignalBetweenUnlockAndParkingIsNotLost) {
  // The waiter takes its ticket while holding the lock: a signal sent as
  // soon as the lock is free counts for it even if it has not parked.
  for (int round = 0; round < 200; round++) {
    gogo::mutex m;
    gogo::cond c;
    auto done = gogo::make_chan<int>(1);
    bool flag = false;
    gogo::go([&] {
      m.lock();
      while (!flag) c.wait(m);
      m.unlock();
      done.send(1);
    });
    m.lock();
    flag = true;
    c.signal();
    m.unlock();
    EXPECT_EQ(done.recv(), 1);
  }
}

TEST(Cond, WorksWithStdMutexOnPlainThreads) {
  std::mutex m;
  gogo::cond c;
  bool ready = false;
  std::thread waiter([&] {
    std::unique_lock<std::mutex> l(m);
    while (!ready) c.wait(l);
  });
  gogo::sleep_for(5ms);
  {
    std::lock_guard<std::mutex> l(m);
    ready = true;
  }
  c.broadcast();
  waiter.join();
  SUCCEED();
}

TEST(Cond, ProducerConsumerQueue) {
  gogo::mutex m;
  gogo::cond not_empty;
  std::vector<int> queue;
  long sum = 0;
  constexpr int items = 2000;
  gogo::wait_group wg;
  wg.add(1);
  gogo::go([&] {
    for (int got = 0; got < items; got++) {
      std::unique_lock<gogo::mutex> l(m);
      while (queue.empty()) not_empty.wait(l);
      sum += queue.back();
      queue.pop_back();
    }
    wg.done();
  });
  std::thread producer([&] {
    for (int i = 1; i <= items; i++) {
      std::lock_guard<gogo::mutex> l(m);
      queue.push_back(i);
      not_empty.signal();
    }
  });
  producer.join();
  wg.wait();
  EXPECT_EQ(sum, long(items) * (items + 1) / 2);
}

}  // namespace
