// From Go 1.19's src/time/sleep_test.go, with the durations of Go's -short
// mode: TestSleep, TestAfterFunc, TestAfterStress, TestAfter, TestAfterTick,
// TestAfterStop, TestAfterQueuing, TestTimerStopStress (its 1-3 s scaled to
// 100-300 ms), TestSleepZeroDeadlock, TestReset, TestOverflowSleep,
// TestIssue5745, TestZeroTimerResetPanics, TestZeroTimerStopPanics,
// TestZeroTimer (10,000 rounds, not 1,000,000), TestTimerModifiedEarlier and
// TestAdjustTimers. Not translated: TestOverflowPeriodRuntimeTimer (calls
// the runtime's internal timer API).
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;
using time_point = clock_type::time_point;
using duration = std::chrono::nanoseconds;

void test_sleep() {
  constexpr auto delay = 100ms;
  auto start = clock_type::now();
  gogo::sleep_for(delay);
  auto d = clock_type::now() - start;
  check(d >= delay, "Sleep slept for only " + std::to_string(d.count()) + " ns");
}

// Recursive after_func(0): each call schedules the next, then sleeps.
int after_func_left = 10;
std::function<void()> after_func_step;

void test_after_func() {
  auto c = gogo::make_chan<bool>();
  after_func_step = [c] {
    after_func_left--;
    if (after_func_left >= 0) {
      gogo::after_func(0ns, after_func_step);
      gogo::sleep_for(1s);
    } else {
      c.send(true);
    }
  };
  gogo::after_func(0ns, after_func_step);
  c.recv();
}

void test_after_stress() {
  auto stop = std::make_shared<std::atomic<bool>>(false);
  go [stop] {
    while (!stop->load()) gogo::sleep_for(1ns);
  };
  gogo::ticker ticker = gogo::new_ticker(1ns);
  for (int i = 0; i < 100; i++) ticker.c().recv();
  ticker.stop();
  stop->store(true);
}

void test_after() {
  constexpr auto delay = 100ms;
  auto start = clock_type::now();
  time_point end = *gogo::after(delay).recv();
  check(clock_type::now() - start >= delay, "After slept too little");
  check(end >= start + delay, "After's time is too early");
}

void test_after_tick() {
  constexpr int count = 10;
  constexpr auto delta = 10ms;  // -short
  auto t0 = clock_type::now();
  for (int i = 0; i < count; i++) gogo::after(delta).recv();
  auto d = clock_type::now() - t0;
  auto target = delta * count;
  check(d >= target * 9 / 10, std::to_string(count) + " ticks too fast");
}

void test_after_stop() {
  // Go tolerates failures of early attempts to avoid flakiness.
  std::vector<std::string> errs;
  for (int i = 0; i < 5; i++) {
    gogo::after_func(100ms, [] {});
    gogo::timer t0 = gogo::new_timer(50ms);
    auto c1 = gogo::make_chan<bool>(1);
    gogo::timer t1 = gogo::after_func(150ms, [c1] { c1.send(true); });
    auto c2 = gogo::after(200ms);
    if (!t0.stop()) {
      errs.push_back("failed to stop event 0");
      continue;
    }
    if (!t1.stop()) {
      errs.push_back("failed to stop event 1");
      continue;
    }
    c2.recv();
    std::string err;
    gogo::select{gogo::on_recv(t0.c(), [&](auto) { err = "event 0 was not stopped"; }),
                 gogo::on_recv(c1, [&](auto) { err = "event 1 was not stopped"; }),
                 gogo::on_default([] {})};
    if (!err.empty()) {
      errs.push_back(err);
      continue;
    }
    if (t1.stop()) {
      errs.push_back("Stop returned true twice");
      continue;
    }
    return;
  }
  panic("saw " + std::to_string(errs.size()) + " errors, first: " + errs.front());
}

const int slots[] = {5, 3, 6, 6, 6, 1, 1, 2, 7, 9, 4, 8, 0};

struct after_result {
  int slot;
  time_point t;
};

void await(int slot, gogo::send_chan<after_result> result, gogo::recv_chan<time_point> ac) {
  result.send({slot, *ac.recv()});
}

std::string test_after_queuing_once(duration delta) {
  auto result = gogo::make_chan<after_result>(std::size(slots));
  auto t0 = clock_type::now();
  for (int slot : slots) go await(slot, result, gogo::after(slot * delta));
  std::vector<int> order;
  std::vector<time_point> times;
  for (std::size_t i = 0; i < std::size(slots); i++) {
    after_result r = *result.recv();
    order.push_back(r.slot);
    times.push_back(r.t);
  }
  for (std::size_t i = 1; i < order.size(); i++)
    if (order[i] < order[i - 1]) return "After calls returned out of order";
  for (std::size_t i = 0; i < times.size(); i++) {
    auto dt = times[i] - t0;
    auto target = order[i] * delta;
    if (dt < target - delta / 2 || dt > target + delta * 10) return "After arrived off target";
  }
  return "";
}

void test_after_queuing() {
  std::string err = "!=nil";
  for (int i = 0; i < 5 && !err.empty(); i++) err = test_after_queuing_once((20 + i * 50) * 1ms);
  check(err.empty(), err);
}

void test_timer_stop_stress() {
  for (int i = 0; i < 100; i++) {
    go [](int i) {
      gogo::timer timer = gogo::after_func(
          200ms, [i] { panic("timer " + std::to_string(i) + " was not stopped"); });
      gogo::sleep_for(100ms);
      timer.stop();
    }(i);
  }
  gogo::sleep_for(300ms);
}

void test_sleep_zero_deadlock() {
  int before = gogo::maxprocs();
  gogo::set_maxprocs(4);
  auto c = gogo::make_chan<bool>();
  go [c] {
    for (int i = 0; i < 100; i++) gogo::yield();  // Go: runtime.GC()
    c.send(true);
  };
  for (int i = 0; i < 100; i++) {
    gogo::sleep_for(0ns);
    auto tmp = gogo::make_chan<bool>(1);
    tmp.send(true);
    tmp.recv();
  }
  c.recv();
  gogo::set_maxprocs(before);
}

std::string test_reset_once(duration d) {
  gogo::timer t0 = gogo::new_timer(2 * d);
  gogo::sleep_for(d);
  if (!t0.reset(3 * d)) return "resetting unfired timer returned false";
  gogo::sleep_for(2 * d);
  if (t0.c().poll().status != gogo::recv_status::would_block) return "timer fired early";
  gogo::sleep_for(2 * d);
  if (t0.c().poll().status != gogo::recv_status::received) return "reset timer did not fire";
  if (t0.reset(50ms)) return "resetting expired timer returned true";
  return "";
}

void test_reset() {
  constexpr auto unit = 25ms;
  std::string err;
  for (auto d : {1 * unit, 3 * unit, 7 * unit, 15 * unit}) {
    err = test_reset_once(d);
    if (err.empty()) return;
  }
  panic(err);
}

void test_overflow_sleep() {
  static constexpr duration big = duration::max();
  go [] {
    gogo::sleep_for(big);
    panic("big sleep returned");
  };
  gogo::select{gogo::on_recv(gogo::after(big), [](auto) { panic("big timeout fired"); }),
               gogo::on_recv(gogo::after(25ms), [](auto) {})};
  static constexpr duration neg = duration::min();
  gogo::sleep_for(neg);  // returns at once
  gogo::select{gogo::on_recv(gogo::after(neg), [](auto) {}),
               gogo::on_recv(gogo::after(1s), [](auto) { panic("negative timeout didn't fire"); })};
}

void expect_uninitialized_throw(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::logic_error& e) {
    std::string s = e.what();
    check(s.find("called on uninitialized Timer") != std::string::npos, "panic = " + s);
    return;
  }
  panic("no exception");
}

void test_issue5745() {
  gogo::ticker ticker = gogo::new_ticker(1h);
  expect_uninitialized_throw([] { gogo::timer().stop(); });
  ticker.stop();
}

void test_zero_timer_reset_panics() {
  expect_uninitialized_throw([] { gogo::timer().reset(1ns); });
}

void test_zero_timer_stop_panics() {
  expect_uninitialized_throw([] { gogo::timer().stop(); });
}

void test_zero_timer() {
  for (int i = 0; i < 10000; i++) {
    auto s = clock_type::now();
    gogo::timer ti = gogo::new_timer(0ns);
    ti.c().recv();
    check(clock_type::now() - s <= 2s, "zero timer took more than 2 s");
  }
}

void test_timer_modified_earlier() {
  duration past = -(clock_type::now().time_since_epoch());
  int fail = 0;
  for (int i = 0; i < 1000; i++) {
    gogo::timer timer = gogo::new_timer(1h);
    for (int j = 0; j < 10; j++) {
      if (!timer.stop()) timer.c().recv();
      timer.reset(past);
    }
    gogo::timer deadline = gogo::new_timer(10s);
    auto now = clock_type::now();
    gogo::select{gogo::on_recv(timer.c(),
                               [&](auto) {
                                 if (clock_type::now() - now > 8s) fail++;
                               }),
                 gogo::on_recv(deadline.c(), [](auto) { panic("deadline expired"); })};
    deadline.stop();
  }
  check(fail == 0, std::to_string(fail) + " failures");
}

void test_adjust_timers() {
  std::mt19937 rnd(std::random_device{}());
  std::vector<gogo::timer> timers(100);
  std::vector<int> states(timers.size());
  std::vector<std::size_t> indices(timers.size());
  for (std::size_t i = 0; i < indices.size(); i++) indices[i] = i;
  std::shuffle(indices.begin(), indices.end(), rnd);
  while (!indices.empty()) {
    std::size_t ii = rnd() % indices.size();
    std::size_t i = indices[ii];
    gogo::timer timer = timers[i];
    int state = states[i]++;
    switch (state) {
      case 0:
        timers[i] = gogo::new_timer(0ns);
        break;
      case 1:
        timer.c().recv();  // the timer is idle now
        break;
      case 2:
        check(!timer.reset(1min), "shouldn't be active (1)");
        break;
      case 4:
        check(!timer.reset(3min), "shouldn't be active (3)");
        break;
      case 6:
        check(!timer.reset(2min), "shouldn't be active (2)");
        break;
      case 3:
      case 5:
      case 7:
        if (!timer.stop()) timer.c().recv();
        break;
      case 8:
        check(!timer.reset(0ns), "timer.Reset returned true");
        break;
      case 9: {
        auto now = clock_type::now();
        timer.c().recv();
        check(clock_type::now() - now <= 750ms, "timer took too long to complete");
        break;
      }
      case 10:
        indices[ii] = indices.back();
        indices.pop_back();
        break;
    }
  }
}

int main() {
  test_sleep();
  test_after_func();
  test_after_stress();
  test_after();
  test_after_tick();
  test_after_stop();
  test_after_queuing();
  test_timer_stop_stress();
  test_sleep_zero_deadlock();
  test_reset();
  test_overflow_sleep();
  test_issue5745();
  test_zero_timer_reset_panics();
  test_zero_timer_stop_panics();
  test_zero_timer();
  test_timer_modified_earlier();
  test_adjust_timers();
}
