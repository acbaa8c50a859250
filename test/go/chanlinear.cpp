// From Go 1.19's test/chanlinear.go: dequeuing a select's waiter from a
// channel with many pending waiters does not take linear time: n goroutines
// each select on a shared channel and their own; doubling n must not much
// more than double the time (Go allows 3x, retrying with larger n).
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

using clock_type = std::chrono::steady_clock;

// Checks that the running time of f(n) is in O(n); tries is the first n.
void check_linear(const char* typ, int tries, const std::function<void(int)>& f) {
  auto time_f = [&](int n) {
    auto t1 = clock_type::now();
    f(n);
    return clock_type::now() - t1;
  };
  int n = tries;
  int fails = 0;
  for (;;) {
    auto t1 = time_f(n);
    auto t2 = time_f(2 * n);
    if (t2 < 3 * t1) return;  // 2x would be linear; allow up to 3x
    // Short runs are dominated by constant overhead: make n bigger.
    if (t1 < std::chrono::seconds(1)) {
      n *= 2;
      continue;
    }
    // Once n ops take long enough, the ratio must work out at least once
    // in five tries.
    if (++fails >= 5) panic(std::string(typ) + ": too slow");
  }
}

int main() {
  check_linear("chanSelect", 1000, [](int n) {
    constexpr int messages = 10;
    auto c = gogo::make_chan<bool>();  // the shared channel
    std::vector<gogo::chan<bool>> a;   // each goroutine's own
    gogo::wait_group wg;
    wg.add(n);
    for (int i = 0; i < n; i++) {
      auto d = gogo::make_chan<bool>();
      a.push_back(d);
      go [c, d, &wg] {
        for (int j = 0; j < messages; j++) {
          // Queue on the shared channel too.
          gogo::select{gogo::on_recv(c, [](auto) {}), gogo::on_recv(d, [](auto) {})};
        }
        wg.done();
      };
    }
    for (int i = 0; i < messages; i++) {
      // Wake each goroutine: it dequeues from both channels and queues again.
      for (auto& d : a) d.send(true);
    }
    wg.wait();  // Go lets them exit on their own; here they use wg
  });
}
