// From Go 1.19's test/chan/sendstmt.go: a send whose channel is itself
// received (Go's `case <-cc <- 2:`), and a send of an expression.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

void chanchan() {
  auto cc = gogo::make_chan<gogo::chan<int>>(1);
  auto c = gogo::make_chan<int>(1);
  cc.send(c);
  gogo::select{gogo::on_send(*cc.recv(), 2), gogo::on_default([] { panic("nonblock"); })};
  check(*c.recv() == 2, "bad receive");
}

void sendprec() {
  auto c = gogo::make_chan<bool>(1);
  c.send(false || true);
  check(*c.recv(), "sent false");
}

int main() {
  chanchan();
  sendprec();
}
