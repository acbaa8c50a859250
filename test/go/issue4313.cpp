// From Go 1.19's test/fixedbugs/issue4313.go: a select evaluates its cases'
// operands in source order: the value of the first case is taken before the
// second case's channel expression runs.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

gogo::chan<bool> makec(int* px) {
  *px = 42;
  return gogo::make_chan<bool>();
}

int main() {
  auto c = gogo::make_chan<int>(1);
  int x = 0;
  gogo::select{
      gogo::on_send(c, x),  // must see x == 0, not 42
      gogo::on_recv(makec(&x), [](auto) {}),  // evaluated after c and x above
  };
  int y = *c.recv();
  check(y == 0, std::to_string(y));
}
