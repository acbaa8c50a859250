// timers N for gogo: start N timers (all pending, an hour away), then stop
// them all; ops = N start+stop pairs.
#include "report.hpp"
#include "start_workers.hpp"

#include <gogo/gogo.hpp>

#include <chrono>
#include <vector>

int main(int argc, char** argv) {
  long n = bench::size_arg(argc, argv, 100000);
  bench::start_workers();

  std::vector<gogo::timer> timers;
  timers.reserve(std::size_t(n));
  bench::run r("timers", "gogo", n, bench::workers_from_env("GOGO_MAXPROCS"));
  for (long i = 0; i < n; i++) timers.push_back(gogo::new_timer(std::chrono::hours(1)));
  long stopped = 0;
  for (auto& t : timers) stopped += t.stop();
  r.finish(n);
  if (stopped != n) bench::fail("timers: a pending timer was not stopped");
}
