// From Go 1.19's test/chan/select.go: a simple select; each case's value
// expression is evaluated once per select, whether or not its case runs.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

unsigned counter = 0;
unsigned shift = 0;

unsigned get_value() {
  counter++;
  return 1u << shift;
}

int send(gogo::chan<unsigned> a, gogo::chan<unsigned> b) {
  int i = 0;
  for (bool loop = true; loop;) {
    gogo::select{gogo::on_send(a, get_value(),
                               [&] {
                                 i++;
                                 a = {};
                               }),
                 gogo::on_send(b, get_value(),
                               [&] {
                                 i++;
                                 b = {};
                               }),
                 gogo::on_default([&] { loop = false; })};
    if (loop) shift++;
  }
  return i;
}

int main() {
  auto a = gogo::make_chan<unsigned>(1);
  auto b = gogo::make_chan<unsigned>(1);
  int v = send(a, b);
  check(v == 2, "Send returned " + std::to_string(v) + " != 2");
  unsigned av = *a.recv(), bv = *b.recv();
  check((av | bv) == 3, "bad values");
  v = send(a, {});
  check(v == 1, "Send returned " + std::to_string(v) + " != 1");
  check(counter == 10, "counter is " + std::to_string(counter) + " != 10");
}
