// mutex N for Boost.Fiber: 1000 fibers each lock and unlock one
// boost::fibers::mutex N/1000 times, incrementing a counter under it. On
// one thread with no yield inside the loop, the lock is never contended.
#include <boost/fiber/all.hpp>
#include <mutex>

#include "../common/report.hpp"
#include "wait_group.hpp"

constexpr long fibers = 1000;

int main(int argc, char** argv) {
  long n = bench::size_arg(argc, argv, 1000000);
  n -= n % fibers;
  bench::warm_fibers();
  bench::run r("mutex", "fiber", n, 1);
  boost::fibers::mutex mu;
  bench::fiber_wait_group wg;
  long counter = 0;
  wg.add(fibers);
  for (long f = 0; f < fibers; f++) {
    boost::fibers::fiber([&] {
      for (long i = 0; i < n / fibers; i++) {
        std::lock_guard<boost::fibers::mutex> lock(mu);
        counter++;
      }
      wg.done();
    }).detach();
  }
  wg.wait();
  r.finish(n);
  if (counter != n) bench::fail("mutex: wrong counter");
}
