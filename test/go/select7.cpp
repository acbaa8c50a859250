// From Go 1.19's test/chan/select7.go: select when discarding a value, with
// one- and two-case selects on either side of the hand-off.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

using recv_fn = void (*)(gogo::recv_chan<int>);

void recv1(gogo::recv_chan<int> c) { c.recv(); }

void recv2(gogo::recv_chan<int> c) { gogo::select{gogo::on_recv(c, [](auto) {})}; }

void recv3(gogo::recv_chan<int> c) {
  auto c2 = gogo::make_chan<int>();
  gogo::select{gogo::on_recv(c, [](auto) {}), gogo::on_recv(c2, [](auto) {})};
}

void send1(recv_fn recv) {
  auto c = gogo::make_chan<int>();
  go recv(c);
  gogo::yield();
  c.send(1);
}

void send2(recv_fn recv) {
  auto c = gogo::make_chan<int>();
  go recv(c);
  gogo::yield();
  gogo::select{gogo::on_send(c, 1)};
}

void send3(recv_fn recv) {
  auto c = gogo::make_chan<int>();
  go recv(c);
  gogo::yield();
  auto c2 = gogo::make_chan<int>();
  gogo::select{gogo::on_send(c, 1), gogo::on_send(c2, 1)};
}

int main() {
  for (recv_fn recv : {recv1, recv2, recv3}) {
    send1(recv);
    send2(recv);
    send3(recv);
  }
}
