// spawn N for gogo: start N goroutines that each call wg.done(); wait.
#include "report.hpp"

#include <gogo/gogo.hpp>

int main(int argc, char** argv) {
  long n = bench::size_arg(argc, argv, 1000000);
  gogo::wait_group warm;  // start the workers before the clock, like Go
  warm.add(1);
  go [&warm] { warm.done(); };
  warm.wait();

  bench::run r("spawn", "gogo", n, bench::workers_from_env("GOGO_MAXPROCS"));
  gogo::wait_group wg;
  for (long i = 0; i < n; i++) {
    wg.add(1);
    go [&wg] { wg.done(); };
  }
  wg.wait();
  r.finish(n);
}
