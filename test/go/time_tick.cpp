// From Go 1.19's src/time/tick_test.go, with the durations of Go's -short
// mode: TestTicker, TestTickerStopWithDirectInitialization (a
// default-constructed ticker), TestTeardown, TestTick,
// TestNewTickerLtZeroDuration and TestTickerResetLtZeroDuration.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

void test_ticker() {
  // Timing is inherently flaky: a short run first, a long one if it fails.
  struct attempt {
    int count;
    std::chrono::nanoseconds delta;
  };
  std::vector<std::string> errs;
  for (attempt a : {attempt{10, 20ms}, attempt{8, 1s}}) {
    gogo::ticker ticker = gogo::new_ticker(a.delta);
    auto t0 = clock_type::now();
    for (int i = 0; i < a.count / 2; i++) ticker.c().recv();
    ticker.reset(a.delta * 2);
    for (int i = a.count / 2; i < a.count; i++) ticker.c().recv();
    ticker.stop();
    auto dt = clock_type::now() - t0;
    auto target = 3 * a.delta * (a.count / 2);
    auto slop = target * 3 / 10;
    if (dt < target - slop || dt > target + slop) {
      errs.push_back(std::to_string(a.count) + " ticks took " + std::to_string(dt.count()) + " ns");
      if (dt > target + slop) gogo::sleep_for(500ms);  // the system may be overloaded
      continue;
    }
    // The ticker has stopped.
    gogo::sleep_for(2 * a.delta);
    if (ticker.c().poll().status != gogo::recv_status::would_block) {
      errs.push_back("Ticker did not shut down");
      continue;
    }
    return;
  }
  panic("saw " + std::to_string(errs.size()) + " errors, first: " + errs.front());
}

void test_ticker_stop_with_direct_initialization() {
  gogo::ticker tk;
  tk.stop();
}

// Tearing down tickers must not deadlock.
void test_teardown() {
  constexpr auto delta = 20ms;  // -short
  for (int i = 0; i < 3; i++) {
    gogo::ticker ticker = gogo::new_ticker(delta);
    ticker.c().recv();
    ticker.stop();
  }
}

void test_tick() { check(!gogo::tick(-1ns), "Tick(-1) is not nil"); }

void test_new_ticker_lt_zero_duration() {
  try {
    gogo::new_ticker(-1ns);
  } catch (const std::invalid_argument&) {
    return;
  }
  panic("NewTicker(-1) should have panicked");
}

void test_ticker_reset_lt_zero_duration() {
  gogo::ticker tk = gogo::new_ticker(1s);
  try {
    tk.reset(0ns);
  } catch (const std::invalid_argument&) {
    tk.stop();
    return;
  }
  panic("Ticker.Reset(0) should have panicked");
}

int main() {
  test_ticker();
  test_ticker_stop_with_direct_initialization();
  test_teardown();
  test_tick();
  test_new_ticker_lt_zero_duration();
  test_ticker_reset_lt_zero_duration();
}
