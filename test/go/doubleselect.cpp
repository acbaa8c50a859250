// From Go 1.19's test/chan/doubleselect.go: two cases of a select must
// never both run. A sender selects over four channels; if two cases ran in
// one iteration, the same value would arrive twice.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <cstdlib>
#include <unordered_set>

void sender(int n, gogo::send_chan<int> c1, gogo::send_chan<int> c2, gogo::send_chan<int> c3,
            gogo::send_chan<int> c4) {
  for (int i = 0; i < n; i++) {
    gogo::select{gogo::on_send(c1, i), gogo::on_send(c2, i), gogo::on_send(c3, i),
                 gogo::on_send(c4, i)};
  }
  c4.close();  // Go's deferred closes, last first
  c3.close();
  c2.close();
  c1.close();
}

// Forwards the values from one of sender's channels.
void mux(gogo::send_chan<int> out, gogo::recv_chan<int> in, gogo::send_chan<bool> done) {
  for (int v : in) out.send(v);
  done.send(true);
}

void recver(gogo::recv_chan<int> in) {
  std::unordered_set<int> seen;
  for (int v : in) check(seen.insert(v).second, "got duplicate value: " + std::to_string(v));
}

int main(int argc, char** argv) {
  int iterations = argc > 1 ? std::atoi(argv[1]) : 100000;
  auto c1 = gogo::make_chan<int>();
  auto c2 = gogo::make_chan<int>();
  auto c3 = gogo::make_chan<int>();
  auto c4 = gogo::make_chan<int>();
  auto done = gogo::make_chan<bool>();
  auto cmux = gogo::make_chan<int>();
  go sender(iterations, c1, c2, c3, c4);
  go mux(cmux, c1, done);
  go mux(cmux, c2, done);
  go mux(cmux, c3, done);
  go mux(cmux, c4, done);
  go [done, cmux] {
    for (int i = 0; i < 4; i++) done.recv();
    cmux.close();
  };
  recver(cmux);
}
