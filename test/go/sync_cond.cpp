// From Go 1.19's src/sync/cond_test.go: TestCondSignal,
// TestCondSignalGenerations, TestCondBroadcast, TestRace and
// TestCondSignalStealing. What Go's goroutines share through the garbage
// collector is in a shared_ptr here. TestCondCopy is not translated: a
// gogo::cond cannot be copied at all (no copy constructor).
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <chrono>
#include <memory>
#include <vector>

using namespace std::chrono_literals;

void test_cond_signal() {
  struct shared {
    gogo::mutex m;
    gogo::cond c;
  };
  auto s = std::make_shared<shared>();
  int n = 2;
  auto running = gogo::make_chan<bool>(std::size_t(n));
  auto awake = gogo::make_chan<bool>(std::size_t(n));
  for (int i = 0; i < n; i++) {
    go [s, running, awake] {
      s->m.lock();
      running.send(true);
      s->c.wait(s->m);
      awake.send(true);
      s->m.unlock();
    };
  }
  for (int i = 0; i < n; i++) running.recv();  // wait for everyone to run
  for (; n > 0; n--) {
    check(awake.poll().status == gogo::recv_status::would_block, "goroutine not asleep");
    s->m.lock();
    s->c.signal();
    s->m.unlock();
    awake.recv();  // deadlocks if no goroutine wakes up
    check(awake.poll().status == gogo::recv_status::would_block, "too many goroutines awake");
  }
  s->c.signal();
}

void test_cond_signal_generations() {
  struct shared {
    gogo::mutex m;
    gogo::cond c;
  };
  auto s = std::make_shared<shared>();
  constexpr int n = 100;
  auto running = gogo::make_chan<bool>(n);
  auto awake = gogo::make_chan<int>(n);
  for (int i = 0; i < n; i++) {
    go [s, running, awake](int i) {
      s->m.lock();
      running.send(true);
      s->c.wait(s->m);
      awake.send(i);
      s->m.unlock();
    }(i);
    if (i > 0) {
      int a = *awake.recv();
      check(a == i - 1, "wrong goroutine woke up: want " + std::to_string(i - 1) + ", got " +
                            std::to_string(a));
    }
    running.recv();
    s->m.lock();
    s->c.signal();
    s->m.unlock();
  }
}

void test_cond_broadcast() {
  struct shared {
    gogo::mutex m;
    gogo::cond c;
    bool exit = false;
  };
  auto s = std::make_shared<shared>();
  constexpr int n = 200;
  auto running = gogo::make_chan<int>(n);
  auto awake = gogo::make_chan<int>(n);
  for (int i = 0; i < n; i++) {
    go [s, running, awake](int g) {
      s->m.lock();
      while (!s->exit) {
        running.send(g);
        s->c.wait(s->m);
        awake.send(g);
      }
      s->m.unlock();
    }(i);
  }
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) running.recv();  // deadlocks unless n are running
    if (i == n - 1) {
      s->m.lock();
      s->exit = true;
      s->m.unlock();
    }
    check(awake.poll().status == gogo::recv_status::would_block, "goroutine not asleep");
    s->m.lock();
    s->c.broadcast();
    s->m.unlock();
    std::vector<bool> seen(n);
    for (int j = 0; j < n; j++) {
      int g = *awake.recv();
      check(!seen[std::size_t(g)], "goroutine woke up twice");
      seen[std::size_t(g)] = true;
    }
  }
  check(running.poll().status == gogo::recv_status::would_block, "goroutine did not exit");
  s->c.broadcast();
}

void test_race() {
  struct shared {
    int x = 0;
    gogo::mutex l;  // Go's c.L
    gogo::cond c;
  };
  auto s = std::make_shared<shared>();
  auto done = gogo::make_chan<bool>();
  go [s, done] {
    s->l.lock();
    s->x = 1;
    s->c.wait(s->l);
    check(s->x == 2, "want 2");
    s->x = 3;
    s->c.signal();
    s->l.unlock();
    done.send(true);
  };
  go [s, done] {
    s->l.lock();
    for (;;) {
      if (s->x == 1) {
        s->x = 2;
        s->c.signal();
        break;
      }
      s->l.unlock();
      gogo::yield();
      s->l.lock();
    }
    s->l.unlock();
    done.send(true);
  };
  go [s, done] {
    s->l.lock();
    for (;;) {
      if (s->x == 2) {
        s->c.wait(s->l);
        check(s->x == 3, "want 3");
        break;
      }
      if (s->x == 3) break;
      s->l.unlock();
      gogo::yield();
      s->l.lock();
    }
    s->l.unlock();
    done.send(true);
  };
  done.recv();
  done.recv();
  done.recv();
}

void test_cond_signal_stealing() {
  for (int iters = 0; iters < 1000; iters++) {
    struct shared {
      gogo::mutex m;
      gogo::cond cond;
      bool done = false;
    };
    auto s = std::make_shared<shared>();
    // Start a waiter.
    auto ch = gogo::make_chan<std::monostate>();
    go [s, ch] {
      s->m.lock();
      ch.send({});
      s->cond.wait(s->m);
      s->m.unlock();
      ch.send({});
    };
    ch.recv();
    s->m.lock();
    s->m.unlock();
    // The waiter is in wait(): we synchronized with it, then took and
    // released the mutex it held then. Now a broadcast races with a second
    // waiter: that one may or may not be woken, the first one must be.
    go [s] { s->cond.broadcast(); };
    go [s] {
      s->m.lock();
      while (!s->done) s->cond.wait(s->m);
      s->m.unlock();
    };
    gogo::select{gogo::on_recv(ch, [](auto) {}),
                 gogo::on_recv(gogo::after(2s),
                               [](auto) { panic("First waiter didn't get broadcast."); })};
    // Release the second waiter in case it missed the broadcast.
    s->m.lock();
    s->done = true;
    s->m.unlock();
    s->cond.broadcast();
  }
}

int main() {
  test_cond_signal();
  test_cond_signal_generations();
  test_cond_broadcast();
  test_race();
  test_cond_signal_stealing();
}
