// The runtime's workers: gogo::maxprocs and gogo::set_maxprocs (Go's
// runtime.GOMAXPROCS). gogo::num_goroutine is in go.hpp.
#ifndef GOGO_MAXPROCS_HPP
#define GOGO_MAXPROCS_HPP

#include <gogo/detail/cxx17.hpp>

namespace gogo {

// How many workers may run goroutines at once (GOGO_MAXPROCS at start,
// else the hardware threads). Starts the runtime if it is not running.
int maxprocs();

// Lets n workers run goroutines (at most 1024) and returns the previous
// setting; n < 1 changes nothing (Go's runtime.GOMAXPROCS). Raising it
// starts workers at once. Lowering it takes effect as the workers above n
// come back to their scheduler: a goroutine running on one keeps it until
// it blocks, yields or returns (there is no preemption); their queued
// goroutines move to the others.
int set_maxprocs(int n);

}  // namespace gogo

#endif
