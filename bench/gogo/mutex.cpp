// mutex N for gogo: 1000 goroutines each lock and unlock one gogo::mutex
// N/1000 times, incrementing a counter under it; time per lock.
#include "report.hpp"
#include "start_workers.hpp"

#include <mutex>

#include <gogo/gogo.hpp>

constexpr long goroutines = 1000;

int main(int argc, char** argv) {
  long n = bench::size_arg(argc, argv, 1000000);
  n -= n % goroutines;
  bench::start_workers();  // before the clock, like Go

  bench::run r("mutex", "gogo", n, bench::workers_from_env("GOGO_MAXPROCS"));
  gogo::mutex mu;
  gogo::wait_group wg;
  long counter = 0;
  wg.add(goroutines);
  for (long g = 0; g < goroutines; g++) {
    go [n, &mu, &counter, &wg] {
      for (long i = 0; i < n / goroutines; i++) {
        std::lock_guard<gogo::mutex> lock(mu);
        counter++;
      }
      wg.done();
    };
  }
  wg.wait();
  r.finish(n);
  if (counter != n) bench::fail("mutex: wrong counter");
}
