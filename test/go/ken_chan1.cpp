// From Go 1.19's test/ken/chan1.go: one sender, ten receivers selecting on
// one buffered channel; every value is received exactly once.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

constexpr int N = 1000;  // sent messages
constexpr int M = 10;    // receiving goroutines
constexpr int W = 2;     // channel buffering
int h[N];                // marking of send/recv

void r(gogo::chan<int> c, int m) {
  for (;;) {
    gogo::select{gogo::on_recv(c, [m](std::optional<int> v) {
      int r = *v;
      check(h[r] == 1, "r m=" + std::to_string(m) + " r=" + std::to_string(r) +
                           " h=" + std::to_string(h[r]));
      h[r] = 2;
    })};
  }
}

void s(gogo::chan<int> c) {
  for (int n = 0; n < N; n++) {
    int r = n;
    check(h[r] == 0, "s");
    h[r] = 1;
    c.send(r);
  }
}

int main() {
  auto c = gogo::make_chan<int>(W);
  for (int m = 0; m < M; m++) {
    go r(c, m);
    gogo::yield();
  }
  gogo::yield();
  gogo::yield();
  s(c);
}
