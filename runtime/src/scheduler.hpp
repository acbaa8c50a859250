// scheduler: owns goroutines (g), workers and the run queues between them:
// spawning, running, parking and readying goroutines, idle workers and their
// wakeup, and global deadlock detection. Also owns how a plain OS thread
// blocks on a gogo primitive (thread_parker). See docs/design/scheduler.md.
#ifndef GOGO_SRC_SCHEDULER_HPP
#define GOGO_SRC_SCHEDULER_HPP

#include "fiber.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace gogo::detail {

// Why a goroutine or a plain thread is blocked in gogo, for the reports
// (wait_reason_words() gives Go's words).
enum class wait_reason : std::uint8_t {
  none,
  chan_receive,
  chan_receive_nil,
  chan_send,
  chan_send_nil,
  select,
  select_no_cases,
  wait_group,
  mutex,
  sleep,
  cond_wait,
  rw_lock,
  rw_rlock,
  semacquire,
  io_wait,
};

// A goroutine's control block. It lives at the top of the goroutine's own
// stack, so a goroutine costs no heap allocation and its block shares the
// stack's first touched page.
struct g {
  fiber f;
  std::uint64_t id = 0;  // 0 until spawn_commit, and again once it exited
  void (*run)(void*) = nullptr;
  void* closure = nullptr;
  // Nonzero: closure is on the heap, aligned to 1 << heap_closure_align_log2.
  std::uint8_t heap_closure_align_log2 = 0;
  // What the goroutine waits for and since when (coarse_clock() seconds):
  // stored by the goroutine itself when it parks (park() in wait.hpp), on
  // the line the switch writes anyway, and read only by the reports.
  wait_reason waiting = wait_reason::none;
  // On a stack of its own (go_with; its size in g_info), not the pool's.
  bool own_stack = false;
  std::uint32_t wait_since = 0;
};
#if !GOGO_ASAN && !GOGO_TSAN
// A goroutine usually runs on another worker than the one that spawned it:
// every line of g it reads there is a miss from the spawner's cache.
static_assert(sizeof(g) <= 40, "g and a 24-byte closure should fit one cache line");
#endif

// What only the reports need of a goroutine, written once by spawn_commit,
// in the line below g's slot (g_info_of): it keeps g itself small. Also,
// for a goroutine on a stack of its own only, that stack's size and its
// place in the list of such goroutines (own_stacks).
struct g_info {
  std::uintptr_t created_pc = 0;  // a return address in the function that ran `go`
  std::uint64_t parent = 0;       // the id of that goroutine; 1 for main, 0 another thread
  std::size_t own_stack_size = 0;
  g* own_prev = nullptr;
  g* own_next = nullptr;
};
constexpr std::size_t g_info_slot = 64;
static_assert(sizeof(g_info) <= g_info_slot, "g_info has one line");

// A g sits in the topmost g_slot bytes of its stack; a closure that fits in
// what g leaves of that slot goes there too (see spawn_begin). Its g_info
// takes the g_info_slot bytes below; the goroutine's stack starts below that.
constexpr std::size_t g_slot = (sizeof(g) + 63) & ~std::size_t(63);

inline g_info* g_info_of(const g* gp) noexcept {
  return reinterpret_cast<g_info*>(const_cast<char*>(reinterpret_cast<const char*>(gp)) -
                                   g_info_slot);
}

// The stack a g lives on (its lowest address, the guard page), given its
// size.
inline void* stack_of(const g* gp, std::size_t stack_size) noexcept {
  return const_cast<char*>(reinterpret_cast<const char*>(gp)) + g_slot - stack_size;
}


// A plain OS thread (main included) blocked on a gogo primitive waits here.
// While it waits, its stack can be walked from its saved registers (`saved`,
// see run_with_saved_context) for the reports.
struct thread_parker {
  std::atomic<std::uint32_t> word{0};
  wait_reason waiting = wait_reason::none;
  std::uint32_t wait_since = 0;
  void* saved = nullptr;  // non-null while in wait()
  void prepare() noexcept { word.store(0, std::memory_order_relaxed); }
  void wait() noexcept;
  void post() noexcept;
};

// Who waits: a goroutine or a plain thread (exactly one is set).
struct parker {
  g* gp = nullptr;
  thread_parker* tp = nullptr;
};

// The calling goroutine, or (on a plain thread) the thread's parker, prepared
// for one wait.
parker current_parker() noexcept;

// Blocks the caller described by p, which was just registered with a waker
// while holding some lock; `unlock(arg)` releases that lock once the caller
// can no longer miss its wakeup. Returns after wake(p).
void block(const parker& p, void (*unlock)(void*), void* arg);

// Makes p runnable again. For a goroutine woken by a worker it runs next on
// that worker (the runnext slot), so a handoff keeps the cache warm; an idle
// worker steals it if the waker keeps running instead of blocking.
void wake(const parker& p) noexcept;

// wake() for many at once (channel close): goroutines go into the run
// queues as one batch, with one lock and one wakeup instead of one each.
void wake_all(const parker* ps, std::size_t n) noexcept;

// The goroutine running on this thread, or nullptr on a plain thread.
// Never inlined: a goroutine may resume on another thread after any switch,
// and the compiler must not reuse a thread-local address across one.
g* current_g() noexcept;

// Reports a global deadlock (and exits) if every worker is idle with no
// runnable goroutine, every plain thread that uses gogo is blocked in it,
// and no timer is pending. Called whenever one of those becomes true.
void check_deadlock() noexcept;

// Stops every goroutine for good before the process exits with `status`
// (-1 if unknown): each worker parks at its next scheduling point, or is
// frozen by a signal (SIGURG) after a short grace period. The calling
// thread goes on (it exits); a second caller from another thread parks.
// See docs/design/scheduler.md.
void stop_the_world(int status) noexcept;
// Parks the calling thread for good (a worker counts as stopped).
[[noreturn]] void freeze_self() noexcept;

// Runs run(closure) as goroutine 1 on a stack of its own (map_stack's
// [stack, stack + size)); from then on main is a goroutine (deadlock
// detection counts it, and the main thread waits outside gogo).
void spawn_main_goroutine(void* stack, std::size_t size, void (*run)(void*), void* closure);
bool is_main_goroutine_mode() noexcept;
// True once the process has started to exit (stop_the_world): goroutines
// stop at their next scheduling point, so nothing may park any more.
bool world_stopping() noexcept;
// Goroutine 1 when main runs as one, else nullptr (for the reports: its
// stack is not in the stack pool).
g* main_goroutine() noexcept;
// __wrap_main's work (main_wrap.cpp): runs main3 as goroutine 1, waits for
// the exit and carries it out.
[[noreturn]] void run_as_goroutine_1(int (*main3)(int, char**, char**), int argc, char** argv,
                                     char** envp);
// How every exit ends (main returning, exit() anywhere): see
// main_goroutine.cpp.
[[noreturn]] void exit_process(int status);

// A plain thread started waiting on an fd: makes sure some worker will poll
// for it (the goroutines' own workers do that when they run out of work).
void wake_poller() noexcept;

// A timer became the earliest on the heap: the worker asleep in the
// netpoller (or, if none, an idle worker, which then becomes it) must look
// at the new deadline.
void wake_for_timer() noexcept;

// A fast per-thread random number (select's case order).
std::uint32_t fast_rand() noexcept;

class stack_pool;
// For the reports: the runtime's stack pool (nullptr before it started),
// and the goroutines running on workers right now (a racy snapshot; returns
// how many it stored).
const stack_pool* runtime_stack_pool() noexcept;
std::size_t running_goroutines(g** out, std::size_t max) noexcept;
// Whether the calling thread is one of the runtime's workers.
bool on_worker_thread() noexcept;
// main's parker while main is blocked in gogo, else nullptr.
thread_parker* blocked_main() noexcept;
// Goroutines spawned and not yet exited (main not counted).
std::uint64_t live_goroutines() noexcept;

// The stack a goroutine runs on: [lo, lo + size), the lowest guard bytes
// of it its guard; own: a stack of its own (go_with), not the pool's. For
// the stack overflow handler (async-signal-safe).
struct stack_span {
  char* lo;
  std::size_t size;
  std::size_t guard;
  bool own;
};
stack_span goroutine_stack(const g* gp) noexcept;

}  // namespace gogo::detail

#endif
