// park N for gogo: N goroutines all block on one channel; once all are
// parked, main closes it and waits for them. Peak RSS growth / N is the
// memory per parked goroutine. An optional second argument runs that many
// bursts and times the last (the runtime warmed up by the others).
#include "report.hpp"
#include "start_workers.hpp"

#include <gogo/gogo.hpp>

void park(long n) {
  auto gate = gogo::make_chan<int>();
  gogo::wait_group parked, finished;
  parked.add(n);
  finished.add(n);
  for (long i = 0; i < n; i++) {
    go [gate, &parked, &finished] {
      parked.done();
      gate.recv();  // nullopt once closed
      finished.done();
    };
  }
  parked.wait();
  gate.close();
  finished.wait();
}

int main(int argc, char** argv) {
  long n = bench::size_arg(argc, argv, 1000000);
  long bursts = bench::bursts_arg(argc, argv);
  bench::start_workers();  // before the clock, like Go
  for (long b = 1; b < bursts; b++) park(n);

  bench::run r("park", "gogo", n, bench::workers_from_env("GOGO_MAXPROCS"));
  park(n);
  r.finish(n);
}
