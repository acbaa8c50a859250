// park N for Boost.Fiber: N fibers all block on one channel; once all are
// parked the channel is closed and main waits for them to finish. An
// optional second argument runs that many bursts and times the last.
#include <boost/fiber/all.hpp>

#include "../common/report.hpp"
#include "wait_group.hpp"

void park(long n) {
  boost::fibers::unbuffered_channel<int> gate;
  bench::fiber_wait_group parked, finished;
  parked.add(n);
  finished.add(n);
  for (long i = 0; i < n; i++) {
    boost::fibers::fiber([&] {
      parked.done();
      int v;
      gate.pop(v);  // returns `closed`
      finished.done();
    }).detach();
  }
  parked.wait();
  gate.close();
  finished.wait();
}

int main(int argc, char** argv) {
  long n = bench::size_arg(argc, argv, 100000);
  long bursts = bench::bursts_arg(argc, argv);
  bench::warm_fibers();
  for (long b = 1; b < bursts; b++) park(n);

  bench::run r("park", "fiber", n, 1);
  park(n);
  r.finish(n);
}
