// A worker pool: a fixed number of goroutines take jobs from one channel and
// send results to another; a wait_group tells when all workers are done, so
// the results channel can be closed and main's range loop ends.
#include <gogo/gogo.hpp>

#include <cstdio>

struct result {
  int job;
  long value;
  int worker;
};

void worker(int id, gogo::chan<int> jobs, gogo::chan<result> results,
            gogo::wait_group* wg) {
  for (int job : jobs)  // until jobs is closed and drained
    results.send(result{job, static_cast<long>(job) * job, id});
  wg->done();
}

int main() {
  const int workers = 4, jobs_total = 20;
  auto jobs = gogo::make_chan<int>(jobs_total);
  auto results = gogo::make_chan<result>();
  gogo::wait_group wg;

  for (int id = 1; id <= workers; id++) {
    wg.add(1);
    // Arguments are copied, as in Go: share the wait_group through a pointer.
    go worker(id, jobs, results, &wg);
  }
  for (int j = 1; j <= jobs_total; j++) jobs.send(j);
  jobs.close();

  // Close results once every worker has returned.
  go [&wg, results] {
    wg.wait();
    results.close();
  };

  long sum = 0;
  int count = 0;
  for (result r : results) {
    sum += r.value;
    count++;
  }
  std::printf("%d jobs done by %d workers, sum of squares %ld\n", count,
              workers, sum);
}
