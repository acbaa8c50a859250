// fanin N for Boost.Fiber: 4 producers send N items in total into one
// buffered channel; one consumer receives them. Boost's buffered_channel
// needs a power-of-two capacity and keeps one slot free: 1024 holds 1023.
#include <boost/fiber/all.hpp>

#include "../common/report.hpp"
#include "wait_group.hpp"

constexpr long producers = 4;

int main(int argc, char** argv) {
  long n = bench::size_arg(argc, argv, 4000000);
  n -= n % producers;
  bench::warm_fibers();
  bench::run r("fanin", "fiber", n, 1);
  boost::fibers::buffered_channel<long> items(1024);
  bench::fiber_wait_group wg;
  wg.add(producers + 1);
  for (long p = 0; p < producers; p++) {
    boost::fibers::fiber([&] {
      for (long i = 0; i < n / producers; i++) items.push(i);
      wg.done();
    }).detach();
  }
  long sum = 0;
  boost::fibers::fiber([&] {
    for (long i = 0; i < n; i++) {
      long v = 0;
      items.pop(v);
      sum += v;
    }
    wg.done();
  }).detach();
  wg.wait();
  r.finish(n);
  long per = n / producers;
  if (sum != producers * per * (per - 1) / 2) bench::fail("fanin: wrong sum");
}
