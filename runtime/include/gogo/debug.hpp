// Debugging: gogo::dump_goroutines, Go's SIGQUIT dump without the exit.
// See docs/debugging.md for reading a dump, GOGO_TRACEBACK and gdb.
#ifndef GOGO_DEBUG_HPP
#define GOGO_DEBUG_HPP

#include <gogo/detail/cxx17.hpp>

namespace gogo {

// Writes every goroutine to the file descriptor fd, as a SIGQUIT would
// (the caller's own goroutine first, then main, then the others by id:
// state, wait reason and for how long, stack, creator), and returns; the
// program goes on. It takes no lock a running goroutine may hold, so it
// may be called from a signal handler, e.g. for SIGUSR1:
//   signal(SIGUSR1, [](int) { gogo::dump_goroutines(2); });
// It does allocate (the C++ library's demangler grows its buffer with
// malloc): a signal that interrupts malloc or free in the thread that
// handles it may deadlock or corrupt the heap there, as with any handler
// that allocates.
// The dump is a snapshot of a running program: a goroutine that wakes
// while it is written may show a shorter or no stack.
void dump_goroutines(int fd);

}  // namespace gogo

#endif
