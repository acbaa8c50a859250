// goroutines: owns the runtime's view of every goroutine for its reports
// (panics, deadlocks, SIGQUIT, gogo::dump_goroutines) and for debuggers:
// finding all live goroutines, their state and wait reason, the coarse
// clock that dates their waits, and printing them Go's way.
//
// Nothing here costs a spawn, a switch or an exit anything: the registry is
// the stack pool itself (every goroutine's g sits at the top of a stack the
// pool carved, and a live g has a non-zero id), and a parking goroutine
// stores its wait reason and the coarse clock on a line the switch writes
// anyway. See docs/debugging.md.
#ifndef GOGO_SRC_GOROUTINES_HPP
#define GOGO_SRC_GOROUTINES_HPP

#include "scheduler.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace gogo::detail {

class report_writer;

// Go's words for a wait reason ("chan receive", "sync.Mutex.Lock", ...).
const char* wait_reason_words(wait_reason why) noexcept;

// Seconds of a steady clock, as last read by refresh_coarse_clock(): waits
// are dated with it so that parking never reads a clock. It is refreshed
// whenever a worker or thread goes idle, whenever a plain thread blocks,
// and every 64 parks of one thread, so a busy program keeps it current too.
extern std::atomic<std::uint32_t> coarse_clock;
void refresh_coarse_clock() noexcept;

inline std::uint32_t coarse_clock_for_park() noexcept {
  thread_local std::uint32_t parks = 0;
  if ((++parks & 63) == 0) refresh_coarse_clock();
  return coarse_clock.load(std::memory_order_relaxed);
}

// Records why p is about to block (plain stores; read only by reports).
inline void note_wait(const parker& p, wait_reason why) noexcept {
  if (p.gp) {
    p.gp->waiting = why;
    p.gp->wait_since = coarse_clock_for_park();
    return;
  }
  refresh_coarse_clock();  // a plain thread is about to make a system call anyway
  p.tp->waiting = why;
  p.tp->wait_since = coarse_clock.load(std::memory_order_relaxed);
}

// How much of each goroutine the reports show (GOGO_TRACEBACK, modelled on
// Go's GOTRACEBACK).
enum class traceback_level {
  none,    // no goroutine stacks at all
  single,  // the goroutine that failed (the default)
  all,     // every goroutine
  system,  // every goroutine, with the runtime's own frames
  crash,   // as system, then abort() for a core dump
};
traceback_level configured_traceback() noexcept;

// Who is reporting: the goroutine or plain thread whose stack is taken
// where the report starts, and how it is shown.
struct reporter {
  g* gp = nullptr;        // the current goroutine, if any
  bool is_main = false;   // else whether this is main's thread
  bool is_worker = false; // else whether this is a worker (idle: not shown)
};
reporter current_reporter() noexcept;

// Prints the reporter's own goroutine ("goroutine 5 [running]:" and its
// stack, taken here), then, per `level`, every other goroutine and the main
// thread: blocked ones with their wait reason, for how long, where they
// block and where they were created; running ones on other threads without
// a stack, as Go does. Main is goroutine 1.
void print_goroutines(report_writer& out, const reporter& self, traceback_level level) noexcept;

// For debuggers (the gdb extension): where the registry and the layouts
// are, in a symbol that needs no debug information (goroutines.cpp).
void publish_debug_layout() noexcept;
// Tells the gdb extension where goroutine 1 is (main runs as a goroutine).
void publish_main_goroutine(const g* gp, std::size_t stack_size) noexcept;

}  // namespace gogo::detail

#endif
