// mainpingpong N for gogo: main and one goroutine bounce an int over two
// unbuffered channels N times (main is goroutine 1, as in Go).
#include "report.hpp"
#include "start_workers.hpp"

#include <gogo/gogo.hpp>

int main(int argc, char** argv) {
  long n = bench::size_arg(argc, argv, 1000000);
  bench::start_workers();  // before the clock, like Go

  bench::run r("mainpingpong", "gogo", n, bench::workers_from_env("GOGO_MAXPROCS"));
  auto ping = gogo::make_chan<long>();
  auto pong = gogo::make_chan<long>();
  go [ping, pong] {
    for (long v : ping) pong.send(v + 1);
  };
  long last = 0;
  for (long i = 0; i < n; i++) {
    ping.send(i);
    last = pong.recv().value_or(-1);
  }
  ping.close();
  r.finish(n);
  if (last != n) bench::fail("mainpingpong: wrong last reply");
}
