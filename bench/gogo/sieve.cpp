// sieve N for gogo: Go's concurrent prime sieve, a daisy chain of N filter
// goroutines; time per prime. The chain is left blocked when main returns.
#include "report.hpp"
#include "start_workers.hpp"

#include <gogo/gogo.hpp>

static void generate(gogo::chan<long> out) {
  for (long i = 2;; i++) out.send(i);
}

static void filter(gogo::chan<long> in, gogo::chan<long> out, long prime) {
  for (;;) {
    long v = in.recv().value_or(0);
    if (v % prime != 0) out.send(v);
  }
}

int main(int argc, char** argv) {
  long n = bench::size_arg(argc, argv, 3000);
  bench::start_workers();  // before the clock, like Go

  bench::run r("sieve", "gogo", n, bench::workers_from_env("GOGO_MAXPROCS"));
  auto result = gogo::make_chan<long>(1);
  go [n, result] {
    auto ch = gogo::make_chan<long>();
    go generate(ch);
    long prime = 0;
    for (long i = 0; i < n; i++) {
      prime = ch.recv().value_or(0);
      auto next = gogo::make_chan<long>();
      go filter(ch, next, prime);
      ch = next;
    }
    result.send(prime);
  };
  long last = result.recv().value_or(0);
  r.finish(n);
  if (n == 3000 && last != 27449) bench::fail("sieve: wrong 3000th prime");
}
