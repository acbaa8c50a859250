// pingpong N for Boost.Fiber: two fibers bounce an int over two unbuffered
// channels N times; main waits for them.
#include <boost/fiber/all.hpp>

#include "../common/report.hpp"
#include "wait_group.hpp"

int main(int argc, char** argv) {
  long n = bench::size_arg(argc, argv, 1000000);
  bench::warm_fibers();
  bench::run r("pingpong", "fiber", n, 1);
  boost::fibers::unbuffered_channel<long> ping, pong;
  long last = 0;
  boost::fibers::fiber player([&] {
    for (long i = 0; i < n; i++) {
      ping.push(i);
      pong.pop(last);
    }
    ping.close();
  });
  boost::fibers::fiber echo([&] {
    for (long v : ping) pong.push(v + 1);
  });
  player.join();
  echo.join();
  r.finish(n);
  if (last != n) bench::fail("pingpong: wrong last reply");
}
