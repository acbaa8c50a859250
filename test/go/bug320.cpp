// From Go 1.19's test/fixedbugs/bug320.go: the value a select receives ends
// up in the case's variable, also when a goroutine captures that variable.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

void f(int) {}

int main() {
  auto c = gogo::make_chan<int>(1);
  auto dummy = gogo::make_chan<int>();
  int v = 0x12345678;
  for (int i = 0; i < 10; i++) {
    v += 0x1020304;
    c.send(v);
    gogo::select{gogo::on_recv(c,
                               [v](std::optional<int> received) {
                                 int t = *received;
                                 go [t] { f(t); };
                                 check(t == v, "wrong values");
                               }),
                 gogo::on_send(dummy, 1)};
  }
}
