// The runtime's workers: gogo::maxprocs and gogo::set_maxprocs (Go's
// runtime.GOMAXPROCS). gogo::num_goroutine is in go.hpp.
#ifndef GOGO_MAXPROCS_HPP
#define GOGO_MAXPROCS_HPP

#include <gogo/detail/cxx17.hpp>

namespace gogo {

// How many workers may run goroutines at once (GOGO_MAXPROCS at start,
// else the hardware threads). Starts the runtime if it is not running.
int maxprocs();

// Lets n workers run goroutines (at most 1024, and at most GOGO_MAXTHREADS)
// and returns the previous setting; n < 1 changes nothing (Go's
// runtime.GOMAXPROCS). Raising it puts workers to work at once. Lowering it
// takes effect as each surplus worker comes back to its scheduler (when a
// goroutine returns, or within 61 switches): a goroutine running on one
// keeps it until then (there is no preemption); queued goroutines move to
// the remaining workers.
int set_maxprocs(int n);

}  // namespace gogo

#endif
