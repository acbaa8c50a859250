// env: owns the runtime's settings from the environment, GOGO_MAXPROCS,
// GOGO_MAXTHREADS and GOGO_STACK_SIZE (docs/runtime.md, "Defaults and settings"), read once when
// the runtime starts. An invalid value ends the process with a message that
// names it.
#ifndef GOGO_SRC_ENV_HPP
#define GOGO_SRC_ENV_HPP

#include <cstddef>

namespace gogo::detail {

// The largest maxprocs, from GOGO_MAXPROCS or set_maxprocs.
constexpr unsigned max_maxprocs = 1024;

// Worker threads: GOGO_MAXPROCS (1..max_maxprocs), else the hardware
// threads (at most max_maxprocs).
unsigned read_maxprocs();
// Worker threads at most, spares included: GOGO_MAXTHREADS (1..100000),
// else 10000; never fewer than maxprocs.
unsigned read_max_threads(unsigned maxprocs);
// Bytes per goroutine stack, guard included: GOGO_STACK_SIZE (at least
// 16k, k/m suffixes), else 256k; rounded up to whole pages.
std::size_t read_stack_size();

}  // namespace gogo::detail

#endif
