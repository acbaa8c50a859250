// The concurrent prime sieve from the Go documentation: a chain of filter
// goroutines, one per prime found, each passing on what its prime does not
// divide.
#include <gogo/gogo.hpp>

#include <cstdio>

// Sends 2, 3, 4, ... to ch.
void generate(gogo::chan<int> ch) {
  for (int i = 2;; i++) ch.send(i);
}

// Copies from in to out the values not divisible by prime.
void filter(gogo::chan<int> in, gogo::chan<int> out, int prime) {
  for (;;) {
    int i = *in.recv();
    if (i % prime != 0) out.send(i);
  }
}

int main() {
  auto ch = gogo::make_chan<int>();
  go generate(ch);
  for (int i = 0; i < 10; i++) {
    int prime = *ch.recv();
    std::printf("%d\n", prime);
    auto next = gogo::make_chan<int>();
    go filter(ch, next, prime);
    ch = next;
  }
  // main returns: the filters are still blocked; the process exits (Go's rule).
}
