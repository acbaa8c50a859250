// spawn N for gogo: start N goroutines that each call wg.done(); wait.
#include "report.hpp"
#include "start_workers.hpp"

#include <gogo/gogo.hpp>

int main(int argc, char** argv) {
  long n = bench::size_arg(argc, argv, 1000000);
  bench::start_workers();  // before the clock, like Go

  bench::run r("spawn", "gogo", n, bench::workers_from_env("GOGO_MAXPROCS"));
  gogo::wait_group wg;
  for (long i = 0; i < n; i++) {
    wg.add(1);
    go [&wg] { wg.done(); };
  }
  wg.wait();
  r.finish(n);
}
