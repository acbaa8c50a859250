// mainfanin N for gogo: 4 producers send N items in total into one channel
// buffered to 1024; main receives them all (main is goroutine 1, as in Go).
#include "report.hpp"
#include "start_workers.hpp"

#include <gogo/gogo.hpp>

constexpr long producers = 4;

int main(int argc, char** argv) {
  long n = bench::size_arg(argc, argv, 4000000);
  n -= n % producers;
  bench::start_workers();  // before the clock, like Go

  bench::run r("mainfanin", "gogo", n, bench::workers_from_env("GOGO_MAXPROCS"));
  auto items = gogo::make_chan<long>(1024);
  for (long p = 0; p < producers; p++) {
    go [items, n] {
      for (long i = 0; i < n / producers; i++) items.send(i);
    };
  }
  long sum = 0;
  for (long i = 0; i < n; i++) sum += items.recv().value_or(0);
  r.finish(n);
  long per = n / producers;
  if (sum != producers * per * (per - 1) / 2) bench::fail("mainfanin: wrong sum");
}
