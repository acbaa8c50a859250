// From Go 1.19's test/chan/fifo.go: unbuffered channels act as pure fifos.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

constexpr int N = 10;

void asynch_fifo() {
  auto ch = gogo::make_chan<int>(N);
  for (int i = 0; i < N; i++) ch.send(i);
  for (int i = 0; i < N; i++) check(*ch.recv() == i, "bad receive");
}

void chain(gogo::recv_chan<int> ch, int val, gogo::recv_chan<int> in, gogo::send_chan<int> out) {
  in.recv();
  check(*ch.recv() == val, "chain: " + std::to_string(val));
  out.send(1);
}

// Threads together a daisy chain to read the elements in sequence.
void synch_fifo() {
  auto ch = gogo::make_chan<int>();
  auto in = gogo::make_chan<int>();
  auto start = in;
  for (int i = 0; i < N; i++) {
    auto out = gogo::make_chan<int>();
    go chain(ch, i, in, out);
    in = out;
  }
  start.send(0);
  for (int i = 0; i < N; i++) ch.send(i);
  in.recv();
}

int main() {
  asynch_fifo();
  synch_fifo();
}
