// From Go 1.19's test/chan/select4.go: a select proceeds when a value is
// ready, and the target of a receive that is not chosen is not evaluated.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <memory>

int* f() {
  panic("called f");
}

int main() {
  struct {
    int a;
  } x{};
  auto c = gogo::make_chan<int>(1);
  auto c1 = gogo::make_chan<int>();
  c.send(42);
  gogo::select{gogo::on_recv(c1, [](std::optional<int> v) { *f() = *v; }),
               gogo::on_recv(c, [&](std::optional<int> v) {
                 x.a = *v;
                 check(x.a == 42, "BUG: " + std::to_string(x.a));
               })};
}
