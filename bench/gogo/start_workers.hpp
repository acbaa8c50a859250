// Starts gogo's worker threads before a benchmark's clock starts, as Go's
// are running before main. Include it before <gogo/gogo.hpp>: it calls
// gogo::go directly, which the `go` keyword macro would otherwise hide.
#ifndef GOGO_BENCH_START_WORKERS_HPP
#define GOGO_BENCH_START_WORKERS_HPP

#include <gogo/go.hpp>
#include <gogo/wait_group.hpp>

namespace bench {

inline void start_workers() {
  gogo::wait_group started;
  started.add(1);
  gogo::go([&started] { started.done(); });
  started.wait();
}

}  // namespace bench

#endif
