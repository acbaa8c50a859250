// skynet N for gogo: a 10-ary tree of goroutines with N leaves; each leaf
// sends its id, each inner node sums its children's. ns_per_op is per
// goroutine.
#include "report.hpp"
#include "start_workers.hpp"

#include <gogo/gogo.hpp>

static void skynet(gogo::chan<long> out, long num, long size) {
  if (size == 1) {
    out.send(num);
    return;
  }
  auto children = gogo::make_chan<long>();
  long step = size / 10;
  for (long i = 0; i < 10; i++) go skynet(children, num + i * step, step);
  long sum = 0;
  for (int i = 0; i < 10; i++) sum += children.recv().value_or(0);
  out.send(sum);
}

int main(int argc, char** argv) {
  long n = bench::size_arg(argc, argv, 1000000);
  long leaves = 1, goroutines = 1;
  while (leaves * 10 <= n) {
    leaves *= 10;
    goroutines += leaves;
  }
  bench::start_workers();  // before the clock, like Go

  bench::run r("skynet", "gogo", n, bench::workers_from_env("GOGO_MAXPROCS"));
  auto out = gogo::make_chan<long>();
  go skynet(out, 0, leaves);
  long sum = out.recv().value_or(0);
  r.finish(goroutines);
  if (sum != leaves * (leaves - 1) / 2) bench::fail("skynet: wrong sum");
}
