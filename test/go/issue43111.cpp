// From Go 1.19's test/fixedbugs/issue43111.go: a select's operands are
// evaluated once, in source order, before any case is chosen: a later case's
// value expression that closes or replaces an earlier case's channel does
// not change the channel that case uses.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

gogo::chan<int> ch;
int x;

int f() {
  ch.close();
  ch = {};
  return 0;
}

int g() {
  ch = {};
  x = 0;
  return 0;
}

int main() {
  gogo::chan<int> nilch;
  // Go writes the receive five ways (<-ch, v = <-ch, v := <-ch, v, ok = <-ch,
  // v, ok := <-ch); here they are one.
  for (int i = 0; i < 5; i++) {
    ch = gogo::make_chan<int>();
    bool closed_seen = false;
    gogo::select{gogo::on_recv(ch, [&](std::optional<int> v) { closed_seen = !v; }),
                 gogo::on_send(nilch, f())};
    check(closed_seen, "the first case's channel was not the one f() closed");
  }

  auto ch1 = gogo::make_chan<int>(1);
  ch = ch1;
  x = 42;
  gogo::select{gogo::on_send(ch, x), gogo::on_send(nilch, g())};
  int got = *ch1.recv();
  check(got == 42, std::to_string(got));
}
