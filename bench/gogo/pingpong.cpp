// pingpong N for gogo: two goroutines bounce an int over two unbuffered
// channels N times; main waits for them.
#include "report.hpp"
#include "start_workers.hpp"

#include <gogo/gogo.hpp>

int main(int argc, char** argv) {
  long n = bench::size_arg(argc, argv, 1000000);
  bench::start_workers();  // before the clock, like Go

  bench::run r("pingpong", "gogo", n, bench::workers_from_env("GOGO_MAXPROCS"));
  auto ping = gogo::make_chan<long>();
  auto pong = gogo::make_chan<long>();
  gogo::wait_group wg;
  wg.add(2);
  long last = 0;
  go [&] {
    for (long i = 0; i < n; i++) {
      ping.send(i);
      last = pong.recv().value_or(-1);
    }
    ping.close();
    wg.done();
  };
  go [&] {
    for (long v : ping) pong.send(v + 1);
    wg.done();
  };
  wg.wait();
  r.finish(n);
  if (last != n) bench::fail("pingpong: wrong last reply");
}
