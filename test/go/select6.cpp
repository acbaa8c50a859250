// From Go 1.19's test/chan/select6.go (Go issue 2075): a select that gives
// up its other cases must leave their channels' wait queues intact.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

int main() {
  auto c1 = gogo::make_chan<bool>();
  auto c2 = gogo::make_chan<bool>();
  auto c3 = gogo::make_chan<bool>();
  go [c1] { c1.recv(); };
  go [c1, c2, c3] {
    gogo::select{gogo::on_recv(c1, [](auto) { panic("dummy"); }),
                 gogo::on_recv(c2, [c3](auto) { c3.send(true); })};
    c1.recv();
  };
  go [c2] { c2.send(true); };
  c3.recv();
  c1.send(true);
  c1.send(true);
}
