// lateness N for gogo: main takes N ticks of a 5 ms ticker while two
// goroutines sit in read(2) on pipes that nobody writes to until the end and
// a third spins on an atomic without ever blocking. The figure is the worst
// lateness of a tick (the longest gap between two ticks, less 5 ms): how
// long the blocked and busy goroutines keep main from running.
#include "report.hpp"
#include "start_workers.hpp"

#include <gogo/gogo.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>

#include <unistd.h>

int main(int argc, char** argv) {
  using clock = std::chrono::steady_clock;
  constexpr auto period = std::chrono::milliseconds(5);
  long n = bench::size_arg(argc, argv, 200);
  bench::start_workers();

  int pipes[2][2];
  for (auto& p : pipes)
    if (pipe(p) != 0) bench::fail("lateness: pipe failed");
  std::atomic<bool> stop{false};
  gogo::wait_group wg;
  wg.add(3);
  for (auto& p : pipes) {
    go [fd = p[0], &wg] {
      char c;
      if (read(fd, &c, 1) != 1) bench::fail("lateness: read failed");
      wg.done();
    };
  }
  go [&stop, &wg] {
    while (!stop.load(std::memory_order_relaxed)) {
    }
    wg.done();
  };

  bench::run r("lateness", "gogo", n, bench::workers_from_env("GOGO_MAXPROCS"));
  gogo::ticker t = gogo::new_ticker(period);
  clock::time_point prev = clock::now();
  clock::duration worst{0};
  for (long i = 0; i < n; i++) {
    t.c().recv();
    clock::time_point now = clock::now();
    worst = std::max(worst, now - prev - period);
    prev = now;
  }
  t.stop();
  stop = true;
  for (auto& p : pipes)
    if (write(p[1], "x", 1) != 1) bench::fail("lateness: write failed");
  wg.wait();
  r.finish_measured(1, std::chrono::duration_cast<std::chrono::nanoseconds>(worst).count());
}
