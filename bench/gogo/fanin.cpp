// fanin N for gogo: 4 producers send N items in total into one channel
// buffered to 1024; one consumer receives them all.
#include "report.hpp"
#include "start_workers.hpp"

#include <gogo/gogo.hpp>

constexpr long producers = 4;

int main(int argc, char** argv) {
  long n = bench::size_arg(argc, argv, 4000000);
  n -= n % producers;
  bench::start_workers();  // before the clock, like Go

  bench::run r("fanin", "gogo", n, bench::workers_from_env("GOGO_MAXPROCS"));
  auto items = gogo::make_chan<long>(1024);
  gogo::wait_group wg;
  wg.add(producers + 1);
  for (long p = 0; p < producers; p++) {
    go [items, n, &wg] {
      for (long i = 0; i < n / producers; i++) items.send(i);
      wg.done();
    };
  }
  long sum = 0;
  go [items, n, &sum, &wg] {
    for (long i = 0; i < n; i++) sum += items.recv().value_or(0);
    wg.done();
  };
  wg.wait();
  r.finish(n);
  long per = n / producers;
  if (sum != producers * per * (per - 1) / 2) bench::fail("fanin: wrong sum");
}
