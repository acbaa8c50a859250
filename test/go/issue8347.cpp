// From Go 1.19's test/fixedbugs/issue8347.go: Go's select with
// `case _, ok = <-c` reports ok == false only once the channel is closed.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

int main() {
  auto c = gogo::make_chan<bool>(1);
  bool ok = true;
  for (int i = 0; i < 12; i++) {
    gogo::select{gogo::on_recv(c,
                               [&](std::optional<bool> v) {
                                 ok = v.has_value();
                                 check(!(i < 10 && !ok), "BUG");
                               }),
                 gogo::on_default([] {})};
    check(!(i < 10 && !ok), "BUG");
    if (i >= 10 && ok) c.close();
  }
}
