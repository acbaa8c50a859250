// From Go 1.19's test/fixedbugs/bug234.go: receiving with Go's comma-ok from
// an open and a closed channel (an std::optional here).
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

int main() {
  auto c = gogo::make_chan<int>(1);
  c.send(100);
  std::optional<int> x = c.recv();
  check(x == 100, "x != 100 or !ok");
  c.close();
  x = c.recv();
  check(!x, "got a value from a closed channel");
  check(x.value_or(0) == 0, "zero value");
}
