// From Go 1.19's test/chan/select8.go: leaving a select case early (Go's
// break; a return from the case's function here) in 1-, 2- and 3-case
// selects.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

gogo::chan<int> ch = gogo::make_chan<int>();

int main() {
  go [] {
    for (;;) ch.send(5);
  };

  gogo::select{gogo::on_recv(ch, [](auto) {
    return;
    panic("unreachable");
  })};

  gogo::select{gogo::on_default([] {
    return;
    panic("unreachable");
  })};

  gogo::select{gogo::on_recv(ch,
                             [](auto) {
                               return;
                               panic("unreachable");
                             }),
               gogo::on_default([] {
                 return;
                 panic("unreachable");
               })};

  gogo::select{gogo::on_recv(ch,
                             [](auto) {
                               return;
                               panic("unreachable");
                             }),
               gogo::on_send(ch, 10, [] { panic("unreachable"); }), gogo::on_default([] {
                 return;
                 panic("unreachable");
               })};
}
