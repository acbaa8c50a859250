// From Go 1.19's test/chan/sieve1.go: the classical inefficient concurrent
// prime sieve, a linear chain of divisibility filters, checked up to 97.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <vector>

// Sends 2, 3, 4, ... to ch.
void generate(gogo::send_chan<int> ch) {
  for (int i = 2;; i++) ch.send(i);
}

// Copies the values from in to out, removing those divisible by prime.
void filter(gogo::recv_chan<int> in, gogo::send_chan<int> out, int prime) {
  for (int i : in)
    if (i % prime != 0) out.send(i);
}

// Daisy-chains filters together.
void sieve(gogo::send_chan<int> primes) {
  auto ch = gogo::make_chan<int>();
  go generate(ch);
  for (;;) {
    int prime = *ch.recv();  // ch is a different channel on each iteration
    primes.send(prime);
    auto ch1 = gogo::make_chan<int>();
    go filter(ch, ch1, prime);
    ch = ch1;
  }
}

int main() {
  auto primes = gogo::make_chan<int>();
  go sieve(primes);
  std::vector<int> a = {2,  3,  5,  7,  11, 13, 17, 19, 23, 29, 31, 37, 41,
                        43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};
  for (int want : a) {
    int x = *primes.recv();
    check(x == want, std::to_string(x) + " != " + std::to_string(want));
  }
}
