// ticker N for gogo: 1000 goroutines each run a 1 ms ticker and take N/1000
// ticks from it in a select beside a quit channel, so the timers fire 1M
// times a second between them; ops = ticks received. Timer overhead shows
// as ticks the machinery could not deliver in time (a slow receiver loses
// them), which stretch the run beyond N/1000 ms.
#include "report.hpp"
#include "start_workers.hpp"

#include <gogo/gogo.hpp>

#include <atomic>
#include <chrono>

int main(int argc, char** argv) {
  constexpr long goroutines = 1000;
  long n = bench::size_arg(argc, argv, 100000);
  long per = n / goroutines > 0 ? n / goroutines : 1;
  bench::start_workers();

  bench::run r("ticker", "gogo", n, bench::workers_from_env("GOGO_MAXPROCS"));
  auto quit = gogo::make_chan<int>();
  std::atomic<long> ticks{0};
  gogo::wait_group wg;
  wg.add(goroutines);
  for (long g = 0; g < goroutines; g++) {
    go [&] {
      gogo::ticker t = gogo::new_ticker(std::chrono::milliseconds(1));
      long got = 0;
      bool stop = false;
      while (got < per && !stop) {
        gogo::select{gogo::on_recv(t.c(), [&](auto) { got++; }),
                     gogo::on_recv(quit, [&](auto) { stop = true; })};
      }
      t.stop();
      ticks += got;
      wg.done();
    };
  }
  wg.wait();
  r.finish(goroutines * per);
  if (ticks != goroutines * per) bench::fail("ticker: wrong tick count");
}
