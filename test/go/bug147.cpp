// From Go 1.19's test/fixedbugs/bug147.go: an unbuffered send waits for its
// receiver.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <atomic>
#include <chrono>

int main() {
  int count = 0;  // written by the goroutine; read after the second hand-off
  auto c = gogo::make_chan<unsigned char>();
  go [&count](gogo::chan<unsigned char> c) {
    c.recv();
    count++;
    gogo::sleep_for(std::chrono::milliseconds(1));
    count++;
    c.recv();
  }(c);
  c.send(1);
  c.send(2);
  check(count == 2, "synchronous send did not wait");
}
