// spawn N for Boost.Fiber: start N fibers that each call wg.done(); wait.
// launch::dispatch runs each new fiber at once: with the default
// launch::post, all N fibers (a 128 KiB stack each) would be alive together
// before the main fiber yields, ~9 GB at N = 1M.
#include <boost/fiber/all.hpp>

#include "../common/report.hpp"
#include "wait_group.hpp"

int main(int argc, char** argv) {
  long n = bench::size_arg(argc, argv, 1000000);
  bench::warm_fibers();
  bench::run r("spawn", "fiber", n, 1);
  bench::fiber_wait_group wg;
  for (long i = 0; i < n; i++) {
    wg.add(1);
    boost::fibers::fiber(boost::fibers::launch::dispatch, [&wg] { wg.done(); }).detach();
  }
  wg.wait();
  r.finish(n);
}
