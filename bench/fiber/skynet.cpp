// skynet N for Boost.Fiber: a 10-ary tree of fibers with N leaves summing
// their ids. launch::dispatch runs each child at once (depth first), so only
// a few dozen fibers are alive together; launch::post would keep all ~1.1M
// alive (~9 GB of stacks).
#include <boost/fiber/all.hpp>

#include "../common/report.hpp"
#include "wait_group.hpp"

using channel = boost::fibers::unbuffered_channel<long>;

static void skynet(channel& out, long num, long size) {
  if (size == 1) {
    out.push(num);
    return;
  }
  channel children;
  long step = size / 10;
  for (long i = 0; i < 10; i++) {
    boost::fibers::fiber(boost::fibers::launch::dispatch,
                         [&children, num, i, step] { skynet(children, num + i * step, step); })
        .detach();
  }
  long sum = 0;
  for (int i = 0; i < 10; i++) {
    long v = 0;
    children.pop(v);
    sum += v;
  }
  out.push(sum);
}

int main(int argc, char** argv) {
  long n = bench::size_arg(argc, argv, 1000000);
  long leaves = 1, fibers = 1;
  while (leaves * 10 <= n) {
    leaves *= 10;
    fibers += leaves;
  }
  bench::warm_fibers();
  bench::run r("skynet", "fiber", n, 1);
  channel out;
  boost::fibers::fiber root([&] { skynet(out, 0, leaves); });
  long sum = 0;
  out.pop(sum);
  root.join();
  r.finish(fibers);
  if (sum != leaves * (leaves - 1) / 2) bench::fail("skynet: wrong sum");
}
