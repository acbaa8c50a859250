// From Go 1.19's test/chan/goroutines.go: a torture test for goroutines,
// many of them threaded together and torn down cleanly.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <cstdlib>

void f(gogo::chan<int> left, gogo::chan<int> right) { left.send(*right.recv()); }

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 10000;
  auto leftmost = gogo::make_chan<int>();
  auto right = leftmost;
  auto left = leftmost;
  for (int i = 0; i < n; i++) {
    right = gogo::make_chan<int>();
    go f(left, right);
    left = right;
  }
  go [](gogo::chan<int> c) { c.send(1); }(right);
  leftmost.recv();
}
