#include "scheduler.hpp"

#include "cpu_relax.hpp"
#include "env.hpp"
#include "fatal.hpp"
#include "futex.hpp"
#include "global_queue.hpp"
#include "netpoll.hpp"
#include "os_linux.hpp"
#include "goroutines.hpp"
#include "report_writer.hpp"
#include "run_queue.hpp"
#include "sanitizer.hpp"
#include "spin_lock.hpp"
#include "own_stacks.hpp"
#include "stack_memory.hpp"
#include "stack_pool.hpp"
#include "thread_safety.hpp"
#include "timer.hpp"
#include "wait.hpp"

#include <gogo/go.hpp>
#include <gogo/maxprocs.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>
#include <vector>

#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

namespace gogo::detail {
namespace {

// ---------------------------------------------------------------------------
// Workers and the runtime

// What the fiber that switches away asks the side it switches to to do
// once it is off its stack (see "Switching" below). Lives on the stack of
// `from`, which stays intact until the request is done: `from` cannot be
// resumed before its unlock ran, and an exited one is freed only here.
struct switch_request {
  enum kind_t { none, park, yield, exit } kind;
  g* from;
  void (*unlock)(void*);
  void* arg;
};

struct alignas(64) worker {
  fiber sched;        // this worker's scheduler loop (its thread's stack)
  // The running goroutine; read by the monitor, so atomic (relaxed: a plain
  // move on x86-64).
  std::atomic<g*> current{nullptr};
  // Set once, by stop_the_world: this worker runs no more goroutines.
  // Checked where it switches (a load of its own line).
  std::atomic<bool> stop{false};
  // The goroutine to run next (a handoff from a channel or lock). Only the
  // owner fills it (wake() on this worker); the owner empties it to run it,
  // and a thief may empty it (steal_runnext()) once it has sat there while
  // the owner ran the same goroutine for `runnext_grace`. So filling a known
  // empty slot is a plain release store, and every emptying is an atomic
  // exchange / CAS: exactly one side gets the goroutine.
  std::atomic<g*> runnext{nullptr};
  unsigned runnext_streak = 0;
  // Goroutines started by this worker so far: written by the owner only,
  // read by thieves to tell "the owner moved on" from "the owner is stuck
  // in one goroutine".
  std::atomic<std::uint32_t> schedtick{0};
  std::uint32_t tick = 0;
  std::uint32_t rng = 0;
  // Goroutines this worker spawned and saw exit (num_goroutine): written by
  // the owner only, so plain stores; summed by readers.
  std::atomic<std::uint64_t> spawned{0};
  std::atomic<std::uint64_t> exited{0};
  unsigned index = 0;
  bool spinning = false;             // counted in runtime::nspinning
  bool global_first = false;         // next_local() left the global check to find_work
  std::chrono::nanoseconds watch_period{0};  // see "Watching runnext slots"
  worker* idle_next = nullptr;       // guarded by runtime::mu
  std::atomic<std::uint32_t> wake_word{0};
  // Set while this worker, idle, sleeps in netpoll instead of on wake_word:
  // a waker then also breaks the poll (see idle_wait).
  std::atomic<bool> in_poll{false};
  // The monitor's mark (see "The monitor"): this worker's goroutine has been
  // running outside gogo since it started goroutine number stuck_tick, and
  // another worker was (or may be) put in play in its place. Cleared by
  // whoever sees it move on first (exchange: nstuck drops once).
  std::atomic<bool> stuck{false};
  std::atomic<std::uint32_t> stuck_tick{0};
  worker* spare_next = nullptr;      // guarded by threads_mu
  pthread_t thread{};
  std::atomic<bool> frozen{false};   // parked for good by stop_the_world
  stack_cache stacks;
  run_queue runq;
};

struct runtime {
  // Room for max_threads workers, reserved at start and untouched until
  // used: the first nstarted are constructed and have a thread. A worker is
  // "in play" (counted in nactive) unless it retired to the spare list.
  worker* workers = nullptr;
  unsigned max_threads = 0;
  std::atomic<unsigned> nstarted{0};
  std::atomic<unsigned> nactive{0};
  // Workers marked stuck by the monitor or gogo::blocking (worker::stuck).
  std::atomic<unsigned> nstuck{0};
  // GOMAXPROCS: how many workers in play and not stuck may run goroutines.
  // The one place that says it; it may change while the program runs.
  std::atomic<unsigned> maxprocs{0};
  stack_pool pool;

  // mu guards the global queue and the idle worker list. A spin_lock, not
  // a std::mutex: its critical sections are a few dozen instructions, and
  // a plain thread spawning in a loop contends for it with the workers
  // taking what it spawns; a contended std::mutex sleeps in the kernel at
  // once (futex calls on both sides).
  spin_lock mu;
  global_queue global;
  worker* idle GOGO_GUARDED_BY(mu) = nullptr;
  worker* spare = nullptr;  // retired workers, asleep; guarded by threads_mu
  std::atomic<unsigned> nidle{0};
  std::atomic<unsigned> nspinning{0};
  std::atomic<unsigned> nwatching{0};  // 0 or 1; changed under mu
  // An idle worker sleeps in netpoll (at most one does; see idle_wait).
  std::atomic<bool> polling{false};

  // Goroutine ids, handed to spawning threads in blocks (new_goroutine_id);
  // on a line of its own, away from the hot fields above. Id 1 is main's
  // goroutine (main_goroutine.cpp), as in Go.
  alignas(64) std::atomic<std::uint64_t> next_id{2};
  // Goroutines spawned by plain threads (num_goroutine); workers count theirs.
  std::atomic<std::uint64_t> spawned_by_threads{0};

  // The monitor's futex word: 1 while it sleeps because no worker is busy.
  alignas(64) std::atomic<std::uint32_t> monitor_sleeping{0};

  explicit runtime(std::size_t stack_size) : pool(stack_size) {}
};

// Never destroyed: a worker may be frozen (stop_the_world) inside it.
std::atomic<runtime*> the_runtime{nullptr};

// Set once, when the process starts to exit (stop_the_world): no goroutine
// runs, no worker is added, no deadlock is reported from then on.
std::atomic<bool> stopping{false};
thread_local bool tls_stopper = false;  // this thread set `stopping`

// Whether main runs as goroutine 1 (spawn_main_goroutine): then the main
// thread waits for the exit outside gogo and is neither a worker nor a
// plain thread blocked in gogo.
std::atomic<bool> main_is_goroutine{false};
std::atomic<int> monitor_threads{0};
// Goroutine 1 (spawn_main_goroutine), set before it runs.
std::atomic<g*> main_g{nullptr};

// Plain OS threads (main included) blocked in a gogo primitive, and whether
// main is one of them. plain_epoch changes on every block and wakeup of a
// plain thread, so check_deadlock can tell that its snapshot was stable.
std::atomic<int> plain_blocked{0};
std::atomic<bool> main_blocked{false};
std::atomic<std::uint64_t> plain_epoch{0};
std::atomic<thread_parker*> main_parker{nullptr};

// Threads that existed before main: main itself, plus any a sanitizer
// runtime started. They are not ours to count as "running".
const int threads_at_startup = count_threads();

// Threads a sanitizer runtime starts later: TSan starts one background
// thread with the first pthread_create (at the latest, our first worker).
int sanitizer_threads() noexcept {
#if GOGO_TSAN
  return threads_at_startup == 1 ? 1 : 0;
#else
  return 0;
#endif
}

thread_local worker* tls_worker = nullptr;

// A plain thread's own cache of free stacks, as each worker has one, so
// that a thread spawning many goroutines takes the pool's mutex once per
// batch rather than once per spawn. Given back when the thread exits.
struct plain_stack_cache {
  stack_cache cache;
  ~plain_stack_cache();
};
thread_local plain_stack_cache tls_stacks;
thread_local thread_parker tls_parker;
thread_local std::uint32_t tls_rng = 0;

// Reads of thread-local state after a possible switch go through these
// non-inlined functions; the asm keeps the compiler from treating them as
// pure and reusing an earlier result.
__attribute__((noinline)) worker* current_worker() noexcept {
  worker* w = tls_worker;
  asm volatile("" : "+r"(w)::"memory");
  return w;
}

__attribute__((noinline)) thread_parker* current_thread_parker() noexcept {
  thread_parker* p = &tls_parker;
  asm volatile("" : "+r"(p)::"memory");
  return p;
}

// The store-load barrier of the wakeup protocol (see "Idle workers" below).
// TSan does not model fences, so its builds use a seq_cst read-modify-write
// of one shared word on both sides instead, which it does understand.
#if GOGO_TSAN
std::atomic<int> fence_word{0};
#endif
inline void store_load_fence() noexcept {
#if GOGO_TSAN
  fence_word.fetch_add(0, std::memory_order_seq_cst);
#else
  std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
}

std::uint32_t xorshift(std::uint32_t& s) noexcept {
  if (s == 0) s = 0x9e3779b9u;
  s ^= s << 13;
  s ^= s >> 17;
  s ^= s << 5;
  return s;
}

plain_stack_cache::~plain_stack_cache() {
  if (runtime* r = the_runtime.load(std::memory_order_acquire)) cache.drain(r->pool);
}

// ---------------------------------------------------------------------------
// Run queues

void global_put_locked(runtime& r, g* const* gs, std::size_t n) GOGO_REQUIRES(r.mu) {
  r.global.put(gs, n);
}

void wakep(runtime& r) noexcept;

// Puts gs[0..n) on the global queue, waking an idle worker if need be.
void global_put(runtime& r, g* const* gs, std::size_t n) {
  bool any_idle;
  {
    spin_lock_guard lock(r.mu);
    global_put_locked(r, gs, n);
    any_idle = r.nidle.load(std::memory_order_relaxed) != 0;
  }
  // nidle changes only under mu: if no worker was idle when gp went in,
  // any worker that goes idle later takes mu and finds gp (find_work's
  // last look before the idle list), so no wakeup (and no fence) is needed.
  if (any_idle) wakep(r);
}

// A fair share of the global queue: one goroutine to run now, the rest into
// w's local queue.
g* global_get_locked(runtime& r, worker* w) GOGO_REQUIRES(r.mu) {
  return r.global.get(w->runq, r.maxprocs.load(std::memory_order_relaxed));
}

g* global_get(runtime& r, worker* w) {
  spin_lock_guard lock(r.mu);
  return global_get_locked(r, w);
}

// global_get() for a worker that has other places to look: when another
// thread holds mu (typically a plain thread spawning in a loop, or the other
// worker taking the goroutine it just spawned), do not queue up behind it.
g* global_try_get(runtime& r, worker* w) {
  if (!r.mu.try_lock()) return nullptr;
  g* gp = global_get_locked(r, w);
  r.mu.unlock();
  return gp;
}

// w's local queue is full: half of it, and gp, go to the global queue.
void local_spill(runtime& r, worker* w, g* gp) {
  g* batch[run_queue::capacity / 2 + 1];
  std::uint32_t n = w->runq.pop_half(batch);
  batch[n++] = gp;
  spin_lock_guard lock(r.mu);
  global_put_locked(r, batch, n);
}

// Puts gp on w's local queue; a full queue spills half into the global one.
void local_put(runtime& r, worker* w, g* gp) {
  if (w->runq.push(gp)) return;
  local_spill(r, w, gp);
}

// The owner takes its runnext goroutine. An exchange, not a plain load and
// store: a thief may be taking the same goroutine at this moment.
g* take_runnext(worker* w) {
  if (!w->runnext.load(std::memory_order_relaxed)) return nullptr;
  return w->runnext.exchange(nullptr, std::memory_order_acquire);
}

// What runnext_put() did with the goroutine it displaced from runnext.
enum class displaced { none, queued, spilled };

// Go's runqput(pp, gp, next=true): gp becomes w's runnext, and the
// goroutine it displaces, if any, joins the local queue, where thieves find
// it (a full queue spills half into the global one). Only the owner of w
// calls it, while it runs a goroutine there. Only the owner fills runnext,
// so an empty slot stays empty until the store below; a full one may be
// emptied by a thief meanwhile, hence the exchange.
inline displaced runnext_put(runtime& r, worker* w, g* gp) {
  g* old = w->runnext.load(std::memory_order_relaxed);
  if (old) {
    old = w->runnext.exchange(gp, std::memory_order_acq_rel);
  } else {
    w->runnext.store(gp, std::memory_order_release);
  }
  if (!old) return displaced::none;
  if (w->runq.push(old)) return displaced::queued;
  local_spill(r, w, old);
  return displaced::spilled;
}

// Starts loading what resuming gp will touch first: its control block and
// the frames just below it, where a parked goroutine's saved registers and
// its wait (block(), chan_recv()...) usually sit. A goroutine readied long
// ago by another thread has all of that out of cache, often out of the TLB
// too; fetched while the current goroutine runs, it is not waited for. Only
// addresses are computed from gp: nothing of it is read here, so a thief
// running it meanwhile is harmless.
inline void prefetch_goroutine(const g* gp) noexcept {
  const char* top = reinterpret_cast<const char*>(gp);
  for (int line = 0; line < 8; line++) __builtin_prefetch(top - 64 * line, 1, 3);
}

g* local_get(worker* w) {
  // runnext first, but not forever: two goroutines handing off to each other
  // would otherwise starve the local queue on a single worker.
  if (w->runnext_streak < 32) {
    if (g* gp = take_runnext(w)) {
      w->runnext_streak++;
      return gp;
    }
  }
  w->runnext_streak = 0;
  if (g* gp = w->runq.pop()) {
    if (g* next = w->runq.peek()) prefetch_goroutine(next);
    return gp;
  }
  return take_runnext(w);
}

// Stealing runnext, and why only after a grace period.
//
// A goroutine lands in its waker's runnext so that a handoff (send to a
// blocked receiver, then block on the reply) stays on one worker: the waker
// blocks a few hundred nanoseconds later and its worker runs the woken
// goroutine with warm caches. A thief that took it at once would move every
// such pair across cores. But gogo has no preemption: if the waker keeps
// running instead (spin-waits on an atomic the woken goroutine sets, or
// just computes for a long time), the woken goroutine would wait for it,
// possibly forever, while other workers sit idle. So, like Go's runqgrab, a
// thief takes runnext only after giving the owner `runnext_grace` to run it:
// it watches the owner's schedtick, and gives up as soon as the owner starts
// any goroutine (it will run runnext itself, or already did).
//
// Safety: only the owner fills runnext, and only while it runs a goroutine
// on its own thread; the owner and thieves empty it with an atomic exchange
// / CAS, so one of them gets the goroutine and the other gets nullptr. A
// goroutine in runnext is parked with its context saved (it was readied by
// wake() after parking), so any worker may resume it; the CAS's acquire
// pairs with the release that published it. An ABA (the same goroutine run,
// parked and put back meanwhile) is harmless: whatever is in the slot is
// runnable and belongs to whoever empties it.
constexpr std::chrono::nanoseconds runnext_grace{3000};

// Goroutines in other workers' runnext that sat there for runnext_grace
// while their owner ran one goroutine: returns one of them, taken (steal)
// or just seen (peek, for the idle re-check; then nullptr means none).
g* stranded_runnext(runtime& r, worker* self, bool take) {
  constexpr unsigned max_watch = 8;
  worker* watched[max_watch];
  g* seen[max_watch];
  std::uint32_t ticks[max_watch];
  unsigned n = 0;
  unsigned nw = r.nstarted.load(std::memory_order_acquire);
  unsigned start = xorshift(self->rng) % nw;
  for (unsigned i = 0; i < nw && n < max_watch; i++) {
    worker* v = &r.workers[(start + i) % nw];
    if (v == self) continue;
    if (g* gp = v->runnext.load(std::memory_order_acquire)) {
      watched[n] = v;
      seen[n] = gp;
      ticks[n] = v->schedtick.load(std::memory_order_relaxed);
      n++;
    }
  }
  if (n == 0) return nullptr;
  auto deadline = std::chrono::steady_clock::now() + runnext_grace;
  do {
    for (int i = 0; i < 16; i++) cpu_relax();
    unsigned live = 0;
    for (unsigned i = 0; i < n; i++) {
      if (watched[i]->schedtick.load(std::memory_order_relaxed) == ticks[i]) {
        watched[live] = watched[i];
        seen[live] = seen[i];
        ticks[live] = ticks[i];
        live++;
      }
    }
    n = live;  // owners that started a goroutine will run runnext themselves
    if (n == 0) return nullptr;
  } while (std::chrono::steady_clock::now() < deadline);
  for (unsigned i = 0; i < n; i++) {
    if (!take) {
      if (watched[i]->runnext.load(std::memory_order_relaxed)) return seen[i];
      continue;
    }
    g* gp = seen[i];
    if (watched[i]->runnext.compare_exchange_strong(gp, nullptr, std::memory_order_acq_rel,
                                                     std::memory_order_relaxed))
      return gp;
  }
  return nullptr;
}

g* steal(runtime& r, worker* w, bool with_runnext) {
  unsigned n = r.nstarted.load(std::memory_order_acquire);
  unsigned start = xorshift(w->rng) % n;
  for (unsigned i = 0; i < n; i++) {
    worker& victim = r.workers[(start + i) % n];
    if (&victim == w) continue;
    if (g* gp = w->runq.steal_from(victim.runq)) return gp;
  }
  return with_runnext ? stranded_runnext(r, w, true) : nullptr;
}

bool work_visible(runtime& r, worker* w) {
  if (r.global.size() != 0) return true;
  unsigned n = r.nstarted.load(std::memory_order_acquire);
  for (unsigned i = 0; i < n; i++)
    if (!r.workers[i].runq.empty()) return true;
  return stranded_runnext(r, w, false) != nullptr;
}

// ---------------------------------------------------------------------------
// Idle workers and wakeups
//
// A worker with nothing to run first "spins" (steals, polls the global
// queue), then parks on its futex after putting itself on the idle list.
// Whoever makes work runnable calls wakep(), which wakes one idle worker only
// if nobody is spinning: a spinner will find the work, and when the last
// spinner finds some it calls wakep() itself, so wakeups ramp up one at a
// time instead of as a herd.
//
// No lost wakeups: the producer publishes work, then (seq_cst fence) reads
// nidle/nspinning; a worker going idle increments nidle and drops its
// spinning count, then (seq_cst fence) re-checks every queue. One of the two
// always sees the other.

// Wakes idle worker w, which sleeps on its futex word or in netpoll. The
// word is stored seq_cst before in_poll is read, and idle_wait stores
// in_poll before it reads the word: one of the two sees the other, so a
// poller either does not block or is broken out of its poll.
void post_idle(worker* w) noexcept {
  w->wake_word.store(1);
  futex_wake(&w->wake_word);
  if (w->in_poll.load()) netpoll_break();
}

void wakep(runtime& r) noexcept {
  store_load_fence();
  if (r.nidle.load(std::memory_order_relaxed) == 0) return;
  if (r.nspinning.load(std::memory_order_relaxed) != 0) return;
  unsigned zero = 0;
  if (!r.nspinning.compare_exchange_strong(zero, 1)) return;
  worker* w = nullptr;
  {
    spin_lock_guard lock(r.mu);
    w = r.idle;
    if (w) {
      r.idle = w->idle_next;
      r.nidle.fetch_sub(1);
    }
  }
  if (!w) {
    r.nspinning.fetch_sub(1);
    return;
  }
  w->spinning = true;  // the spinning count taken above is now w's
  post_idle(w);
}

void start_spinning(runtime& r, worker* w) {
  w->spinning = true;
  r.nspinning.fetch_add(1);
}

void stop_spinning(runtime& r, worker* w) {
  w->spinning = false;
  if (r.nspinning.fetch_sub(1) == 1) wakep(r);
}

bool remove_idle(runtime& r, worker* w) GOGO_REQUIRES(r.mu) {
  for (worker** p = &r.idle; *p; p = &(*p)->idle_next) {
    if (*p == w) {
      *p = w->idle_next;
      r.nidle.fetch_sub(1);
      return true;
    }
  }
  return false;
}

void wait_for_wakeup(worker* w) {
  while (w->wake_word.load(std::memory_order_acquire) == 0) futex_wait(&w->wake_word, 0);
  w->wake_word.store(0, std::memory_order_relaxed);
}

// As wait_for_wakeup, for at most `period`; false if nobody woke w.
bool wait_for_wakeup_for(worker* w, std::chrono::nanoseconds period) {
  if (period.count() <= 0) return false;
  auto deadline = std::chrono::steady_clock::now() + period;
  while (w->wake_word.load(std::memory_order_acquire) == 0) {
    auto left = deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::nanoseconds::zero()) return false;
    futex_wait_for(&w->wake_word, 0, left);
  }
  w->wake_word.store(0, std::memory_order_relaxed);
  return true;
}

// An idle worker's sleep, for at most `period` (zero: no limit): true when
// a waker posted it (handing it a spinning count), false when the period
// ran out or, for the poller, when the poll returned by itself.
//
// The netpoller (netpoll.hpp): while goroutines or threads wait on fds, or
// a timer is pending, one idle worker at a time sleeps in netpoll instead
// of on its futex word, until the next timer's deadline at most, so that an
// fd becoming ready or a timer coming due wakes a worker directly; the
// goroutines it readies go to the global queue (wake_all from the scheduler
// loop), which wakes another idle worker as any global_put does. It is on
// the idle list like the others; post_idle breaks its poll, and so does
// wake_for_timer for an earlier timer. Busy workers poll without blocking
// and fire due timers when they run out of local work (find_work), and the
// monitor when nobody polled for poll_starved or a timer is due while
// every worker runs one goroutine.
bool idle_wait(runtime& r, worker* w, std::chrono::nanoseconds period) {
  constexpr auto never = std::chrono::steady_clock::time_point::max();
  if ((netpoll_has_waiters() || timers_next() != never) &&
      !r.polling.load(std::memory_order_relaxed) && !r.polling.exchange(true)) {
    // The deadline is read after `polling` is set (both seq_cst), and
    // wake_for_timer publishes a new one before it reads `polling`: a new
    // earliest timer either is seen here or breaks the poll.
    std::chrono::nanoseconds timeout = period.count() > 0 ? period : std::chrono::nanoseconds(-1);
    if (auto next = timers_next(); next != never) {
      auto until = next - std::chrono::steady_clock::now();
      if (until.count() < 0) until = std::chrono::nanoseconds(0);
      if (timeout.count() < 0 || until < timeout) timeout = until;
    }
    netpoll_init();
    w->in_poll.store(true);
    if (w->wake_word.load() == 0) netpoll(timeout);
    w->in_poll.store(false, std::memory_order_relaxed);
    r.polling.store(false);
    if (timers_due()) timers_run();
    if (w->wake_word.load(std::memory_order_acquire) == 0) return false;
    w->wake_word.store(0, std::memory_order_relaxed);
    return true;
  }
  if (period.count() == 0) {
    wait_for_wakeup(w);
    return true;
  }
  return wait_for_wakeup_for(w, period);
}

// Stopping the world (stop_the_world): a worker told to stop parks here for
// good, at a scheduling point (no lock held, no goroutine half switched),
// or in the freeze signal's handler if its goroutine never reaches one.
[[noreturn]] void freeze(worker* w) {
  w->frozen.store(true, std::memory_order_release);
  for (;;) pause();
}

// ---------------------------------------------------------------------------
// The monitor: stuck workers, spares and surplus
//
// A worker is "stuck" when its goroutine has been running for stuck_after
// without starting another one (it is in a system call, a std::mutex, a long
// computation, or spinning on an atomic), or while it is inside
// gogo::blocking. The monitor then puts another worker in play (a retired
// one from the spare list, or a new thread, up to max_threads), which
// steals the stuck worker's queue like any thief, so that `maxprocs`
// workers that are not stuck keep running goroutines. The stuck worker
// keeps its queues and its goroutine: nothing is split or moved from under
// it. Its mark is cleared by whoever sees it move on first: itself in
// find_work, or the monitor seeing its schedtick change.
//
// Surplus: once a stuck worker moves on, more than maxprocs workers may be
// in play. The first worker that looks for work (find_work), or takes its
// periodic global look (next_local, every 61 switches), while
// nactive - nstuck > maxprocs retires to the spare list, handing its local
// queue to the global one. So the overshoot lasts at most one goroutine's
// run on each surplus worker.

// Guards the spare list, adding workers (nstarted) and `stopping`'s
// transition, so that no worker is added once the world stops.
std::mutex threads_mu;

inline bool surplus(runtime& r) noexcept {
  return r.nactive.load(std::memory_order_relaxed) >
         r.nstuck.load(std::memory_order_relaxed) + r.maxprocs.load(std::memory_order_relaxed);
}

void mark_stuck(runtime& r, worker* w, std::uint32_t tick) noexcept {
  w->stuck_tick.store(tick, std::memory_order_relaxed);
  if (!w->stuck.exchange(true)) r.nstuck.fetch_add(1);
}

void clear_stuck(runtime& r, worker* w) noexcept {
  if (w->stuck.exchange(false)) r.nstuck.fetch_sub(1);
}

void wake_monitor(runtime& r) noexcept {
  if (r.monitor_sleeping.exchange(0) != 0) futex_wake(&r.monitor_sleeping);
}

// w has nothing to run and is surplus: it hands its local queue to the
// global one, leaves play and sleeps in the spare list until the monitor
// (activate_spare) or stop_the_world wakes it. False if it is not surplus
// after all (checked again under threads_mu).
//
// w joins the spare list only once it is done with its queues and its
// spinning count: from then on activate_spare may take it and write its
// fields (spinning) before it sleeps.
bool retire(runtime& r, worker* w) {
  {
    std::lock_guard<std::mutex> lock(threads_mu);
    if (!surplus(r) || stopping.load()) return false;
    r.nactive.fetch_sub(1);  // out of play: no other worker retires for it
  }
  bool moved = false;
  {
    spin_lock_guard lock(r.mu);
    while (g* gp = w->runq.pop()) {
      global_put_locked(r, &gp, 1);
      moved = true;
    }
    if (g* gp = take_runnext(w)) {
      global_put_locked(r, &gp, 1);
      moved = true;
    }
  }
  if (w->spinning) stop_spinning(r, w);
  if (moved) wakep(r);
  {
    std::lock_guard<std::mutex> lock(threads_mu);
    w->spare_next = r.spare;
    r.spare = w;
  }
  // Leaving play may leave only idle workers: as when the last one goes
  // idle, this is the moment a deadlock becomes visible.
  check_deadlock();
  wait_for_wakeup(w);  // activate_spare hands us a spinning count
  return true;
}

// How an idle worker that stops waiting on its own (work seen in its
// re-check, or a timed wait that ran out) leaves the idle list: it takes
// itself off (ending its watch if it is the watcher) and returns true. But
// a waker may have taken it off first; then that waker's wakeup, which
// hands w its spinning count, is on the way: w waits for it and returns
// false.
bool leave_idle_or_wait(runtime& r, worker* w, bool watching) {
  bool removed;
  {
    spin_lock_guard lock(r.mu);
    if (watching) r.nwatching.store(0);
    removed = remove_idle(r, w);
  }
  if (!removed) wait_for_wakeup(w);
  return removed;
}

// Watching runnext slots.
//
// wake() does not call wakep() for a goroutine it puts in runnext: in a
// ping-pong the owner runs it a few hundred nanoseconds later, and waking
// an idle worker (a futex syscall) on every handoff to find nothing would
// double the cost of a handoff. Instead, while some worker is busy, one idle
// worker (the "watcher", runtime::nwatching) sleeps with a timeout rather
// than indefinitely; each time it wakes it looks for work like a spinner,
// including stranded runnext goroutines (stranded_runnext), and goes idle
// again. Its period starts at watch_min and doubles up to watch_max while
// it finds nothing, so a busy program pays about 1000 short wakeups per
// second, and a goroutine stranded in runnext waits at most about
// watch_max + runnext_grace. The watcher role is decided under `mu` when a
// worker goes idle (someone not idle, nobody watching yet); a watcher that
// leaves (timeout, or woken by wakep) is spinning from then on, and goes
// through the same decision when it goes idle again, so while a worker is
// busy and another idle there is always a watcher or a spinner.
constexpr std::chrono::nanoseconds watch_min{20000};
constexpr std::chrono::nanoseconds watch_max{1000000};

constexpr int spin_rounds = 4;

g* find_work(runtime& r, worker* w) {
  for (;;) {
    if (w->stop.load(std::memory_order_relaxed)) freeze(w);
    if (w->stuck.load(std::memory_order_relaxed)) clear_stuck(r, w);
    if (surplus(r) && retire(r, w)) continue;
    if (timers_due()) timers_run();
    // Now and then look at the global queue first, so goroutines readied
    // from plain threads or timers are not starved by a busy local queue.
    bool global_due = w->global_first || ++w->tick % 61 == 0;
    w->global_first = false;
    if (global_due && r.global.size() != 0) {
      if (g* gp = global_get(r, w)) return gp;
    }
    if (g* gp = local_get(w)) return gp;
    if (r.global.size() != 0) {
      if (g* gp = global_try_get(r, w)) return gp;
    }
    // Goroutines whose fds are ready, before stealing (Go's findrunnable
    // does the same); not while another worker sleeps in netpoll, which
    // gets the events itself.
    if (netpoll_has_waiters() && !r.polling.load(std::memory_order_relaxed) &&
        netpoll(std::chrono::nanoseconds(0)) > 0)
      continue;

    // Spin (steal) unless half the busy workers already do.
    if (w->spinning || 2 * r.nspinning.load() < r.nactive.load() - r.nidle.load()) {
      if (!w->spinning) start_spinning(r, w);
      // A worker made surplus while it spins (set_maxprocs) steals no more.
      for (int round = 0; round < spin_rounds && !surplus(r); round++) {
        g* gp = steal(r, w, round == spin_rounds - 1);
        if (!gp && r.global.size() != 0) gp = global_try_get(r, w);
        if (gp) return gp;
        for (int i = 0; i < 20; i++) cpu_relax();
      }
    }

    // Nothing to run: do the stack pool's chores (trimming returned stacks,
    // preparing fresh ones), then look for work again.
    if (r.pool.idle_work()) continue;

    // Go idle. Our spinning flag is read and cleared before we appear on
    // the idle list: from then on a waker may set it (handing us its count).
    const bool was_spinning = w->spinning;
    w->spinning = false;
    g* found = nullptr;
    bool watch = false;
    {
      spin_lock_guard lock(r.mu);
      found = global_get_locked(r, w);
      if (!found) {
        w->idle_next = r.idle;
        r.idle = w;
        r.nidle.fetch_add(1);
        if (r.nidle.load(std::memory_order_relaxed) < r.nactive.load(std::memory_order_relaxed) &&
            r.nwatching.load(std::memory_order_relaxed) == 0) {
          watch = true;
          r.nwatching.store(1);
        }
      }
    }
    if (found) {
      w->spinning = was_spinning;  // find_runnable() drops the count
      return found;
    }
    if (was_spinning) r.nspinning.fetch_sub(1);
    store_load_fence();
    if (work_visible(r, w)) {
      if (leave_idle_or_wait(r, w, watch)) start_spinning(r, w);
      continue;
    }
    check_deadlock();
    if (watch) {
      if (w->watch_period < watch_min) w->watch_period = watch_min;
      if (idle_wait(r, w, w->watch_period)) {
        // A waker handed us its spinning count.
        spin_lock_guard lock(r.mu);
        r.nwatching.store(0);
        continue;
      }
      if (!leave_idle_or_wait(r, w, true)) continue;
      // Look around as a spinner; back off while there is nothing to find.
      w->watch_period = std::min(2 * w->watch_period, watch_max);
      start_spinning(r, w);
      continue;
    }
    // Returned stacks wait to be trimmed until spawning has been quiet for a
    // while (stack_pool::idle_work): sleep only until then, so that a burst
    // that ends in an idle process still gives its deep stacks back.
    if (auto due = r.pool.chores_due_in(); due.count() > 0) {
      if (!idle_wait(r, w, due)) leave_idle_or_wait(r, w, false);
      continue;
    }
    if (!idle_wait(r, w, std::chrono::nanoseconds(0)) && leave_idle_or_wait(r, w, false))
      start_spinning(r, w);
  }
}

// A worker that found work stops spinning; if it was the last spinner it
// wakes another, since there may be more work than it took.
g* find_runnable(runtime& r, worker* w) {
  g* gp = find_work(r, w);
  w->watch_period = watch_min;
  if (w->spinning) stop_spinning(r, w);
  // Seq_cst: see monitor_sleep.
  if (r.monitor_sleeping.load() != 0) wake_monitor(r);
  return gp;
}

// ---------------------------------------------------------------------------
// Running goroutines

// Runs off gp's stack: a stack of its own goes back to the system, a pool
// stack to this thread's cache.
void release_goroutine(runtime& r, g* gp) {
  fiber_destroy(gp->f);
  if (gp->own_stack) {
    release_own_stack(gp);
    return;
  }
  void* stack = stack_of(gp, r.pool.stack_size());
  if (worker* w = current_worker()) {
    w->stacks.put(r.pool, stack);
  } else {
    tls_stacks.cache.put(r.pool, stack);
  }
}

// Switching.
//
// A goroutine that parks, yields or exits switches straight to the next
// goroutine this worker can run (runnext, then the local queue: what the
// scheduler loop would pick first), so a channel handoff costs one fcontext
// jump instead of two. Only when there is nothing local, or the periodic
// look at the global queue is due, does it switch to the worker's scheduler
// loop (find_work: global queue, stealing, going idle).
//
// The switching goroutine cannot finish its own switch-out: its park unlock
// (the lock a waker needs, released only once the goroutine can no longer
// miss its wakeup), its requeue (yield) or its stack release (exit) must
// happen after it is off its stack. So every switch carries a
// switch_request, and whatever runs next, the next goroutine or the
// scheduler loop, calls finish_switch() first thing after arriving.
// fiber_switch has stored the suspended context by then, so a waker always
// finds a complete, resumable context.

void start_on(worker* w, g* gp) {
  w->schedtick.store(w->schedtick.load(std::memory_order_relaxed) + 1,
                     std::memory_order_relaxed);
  w->current.store(gp, std::memory_order_relaxed);
}

void finish_switch(runtime& r, void* payload) {
  auto* req = static_cast<switch_request*>(payload);
  switch (req->kind) {
    case switch_request::none:
      break;
    case switch_request::park:
      req->unlock(req->arg);  // req may be gone from here on
      break;
    case switch_request::yield:
      global_put(r, &req->from, 1);
      break;
    case switch_request::exit:
      release_goroutine(r, req->from);
      break;
  }
}

// The goroutine a switching goroutine hands its worker to, or nullptr for
// the scheduler loop. Runs on the switching goroutine's stack, possibly
// with a spin_lock held (block()), so it takes no locks.
g* next_local(runtime& r, worker* w) {
  if (w->stop.load(std::memory_order_relaxed)) return nullptr;
  // Every 61st switch: the global queue, surplus and timers that are due
  // (the scheduler loop runs them), so none waits for a worker that keeps
  // switching between local goroutines. Surplus is not checked on every
  // switch (this is the hot path): a surplus worker retires within 61
  // switches, or at once when a goroutine exits (that goes through
  // find_work).
  if (++w->tick % 61 == 0 && (r.global.size() != 0 || surplus(r) || timers_due())) {
    w->global_first = true;
    return nullptr;
  }
  return local_get(w);
}

// Leaves the running goroutine `self` (see "Switching"); returns when self
// is resumed, possibly on another worker.
void switch_away(runtime& r, worker* w, g* self, switch_request& req) {
  fiber* to = &w->sched;
  if (g* next = next_local(r, w)) {
    start_on(w, next);
    to = &next->f;
  } else {
    w->current.store(nullptr, std::memory_order_relaxed);
  }
  void* payload = fiber_switch(self->f, *to, &req);
  finish_switch(r, payload);
}

void execute(runtime& r, worker* w, g* gp) {
  if (w->stop.load(std::memory_order_relaxed)) freeze(w);
  start_on(w, gp);
  switch_request none{switch_request::none, nullptr, nullptr, nullptr};
  void* payload = fiber_switch(w->sched, gp->f, &none);
  w->current.store(nullptr, std::memory_order_relaxed);
  finish_switch(r, payload);
}

void worker_main(runtime* r, worker* w) {
  tls_worker = w;
  install_signal_stack();
  fiber_init_thread(w->sched);
  for (;;) execute(*r, w, find_runnable(*r, w));
}

// The first code of every goroutine, on its own stack.
void goroutine_main(void* payload) {
  runtime& r = *the_runtime.load(std::memory_order_relaxed);
  finish_switch(r, payload);
  g* gp = current_g();
  // No handler here: an exception that escapes the goroutine finds none down
  // to the fiber's entry, which ends every unwind, so the C++ runtime calls
  // std::terminate where it was thrown, stack intact, and the runtime's
  // terminate handler reports the panic from there (see fatal.cpp).
  gp->run(gp->closure);
  if (gp->heap_closure_align_log2)
    ::operator delete(gp->closure, std::align_val_t(std::size_t(1) << gp->heap_closure_align_log2));
  gp->id = 0;  // no longer live for the reports
  // Straight to the next goroutine; it frees this stack once off it.
  switch_request req{switch_request::exit, gp, nullptr, nullptr};
  worker* w = current_worker();
  w->exited.store(w->exited.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  if (g* next = next_local(r, w)) {
    start_on(w, next);
    fiber_exit(gp->f, next->f, &req);
  }
  w->current.store(nullptr, std::memory_order_relaxed);
  fiber_exit(gp->f, w->sched, &req);
}

// Constructs worker slot k and starts its thread, spinning (it starts by
// looking for work to steal). Needs threads_mu. False if the thread could
// not be created.
bool start_worker(runtime& r, unsigned k, bool spinning) {
  worker* w = ::new (&r.workers[k]) worker();
  w->index = k;
  w->rng = 0x2545f491u * (k + 1);
  w->spinning = spinning;
  // Counted before its thread runs: a worker's steal() looks at nstarted
  // workers, itself included. Needs threads_mu (nstarted).
  r.nstarted.store(k + 1, std::memory_order_release);
  try {
    std::thread t(worker_main, &r, w);
    w->thread = t.native_handle();
    t.detach();
  } catch (const std::system_error&) {
    r.nstarted.store(k, std::memory_order_release);  // the slot stays, idle and empty
    return false;
  }
  return true;
}

// Puts one more worker in play, spinning: a spare, else a new thread while
// fewer than max_threads exist. False when neither is possible.
bool activate_spare(runtime& r) {
  worker* w = nullptr;
  {
    std::lock_guard<std::mutex> lock(threads_mu);
    if (stopping.load()) return false;
    r.nspinning.fetch_add(1);
    r.nactive.fetch_add(1);
    if (r.spare) {
      w = r.spare;
      r.spare = w->spare_next;
    } else {
      unsigned k = r.nstarted.load(std::memory_order_relaxed);
      if (k < r.max_threads && start_worker(r, k, true)) return true;
      r.nspinning.fetch_sub(1);
      r.nactive.fetch_sub(1);
      return false;
    }
  }
  w->spinning = true;  // the spinning count taken above is now w's
  w->wake_word.store(1, std::memory_order_release);
  futex_wake(&w->wake_word);
  return true;
}

// Runnable goroutines that are in some queue (global, local, runnext).
bool work_waiting(runtime& r) {
  if (r.global.size() != 0) return true;
  unsigned n = r.nstarted.load(std::memory_order_acquire);
  for (unsigned i = 0; i < n; i++) {
    const worker& w = r.workers[i];
    if (!w.runq.empty() || w.runnext.load(std::memory_order_relaxed)) return true;
  }
  return false;
}

// While fewer than maxprocs workers in play are free (not stuck), work
// waits in a queue, and no idle or spinning worker is there to take it,
// put a spare in play (one at a time: it spins, which stops the loop).
void hand_off(runtime& r) {
  for (;;) {
    int free = int(r.nactive.load()) - int(r.nstuck.load());
    if (free >= int(r.maxprocs.load())) return;
    if (r.nidle.load() != 0 || r.nspinning.load() != 0) return;
    if (!work_waiting(r)) return;
    if (!activate_spare(r)) return;
  }
}

constexpr std::chrono::milliseconds stuck_after{10};
// The monitor polls the netpoller itself when no worker did for this long
// (Go's sysmon does the same), so goroutines whose I/O is ready are not
// starved by goroutines that never leave their workers.
constexpr std::chrono::milliseconds poll_starved{10};
// The monitor's period while some worker is busy: monitor_min after a
// round that had something to do (a worker stuck, timers due, a starved
// poll), doubling with each quiet round up to monitor_max, as Go's sysmon
// backs off. A busy program that never needs it (a server whose
// goroutines all come back to the scheduler) is then disturbed a hundred
// times a second, not five hundred: each wakeup is a thread switch on a
// CPU that the workers or their peers would use.
constexpr std::chrono::milliseconds monitor_min{2};
constexpr std::chrono::milliseconds monitor_max{10};

// The monitor sleeps while every worker in play is idle: nothing can get
// stuck. No lost wakeup: it publishes monitor_sleeping, then reads nidle;
// a worker leaves the idle list (nidle drops), then reads
// monitor_sleeping in find_runnable; all seq_cst, so one sees the other.
void monitor_sleep(runtime& r) {
  r.monitor_sleeping.store(1);
  if (r.nidle.load() == r.nactive.load() && !stopping.load())
    futex_wait(&r.monitor_sleeping, 1);
  r.monitor_sleeping.store(0, std::memory_order_relaxed);
}

struct watched {
  std::uint32_t tick = 0;
  bool busy = false;
  std::chrono::steady_clock::time_point since;
};

// Exit watchdog. A goroutine frozen by the signal stopped wherever it was,
// possibly holding a lock (a std::mutex, malloc's) that a static destructor
// or an atexit handler then waits for forever; so may one that could not be
// stopped at all (ThreadSanitizer holds the signal back until the thread
// calls into it, which a loop may never do). So once either has happened
// (exit_forced), the monitor, which exit leaves running, gives the rest of
// the exit exit_stuck_after; past that it says why and ends the process
// with the exit's status, skipping what is left of the exit. An exit that
// stopped every goroutine at a scheduling point is never cut short.
std::atomic<std::uint32_t> exit_forced{0};
std::atomic<int> exit_status_seen{-1};  // -1: an exit gogo did not see (atexit backstop)
constexpr std::chrono::seconds exit_stuck_after{5};

void watch_exit_from_now() noexcept {
  exit_forced.store(1);
  futex_wake(&exit_forced);
}

[[noreturn]] void watch_exit() {
  while (exit_forced.load() == 0) futex_wait(&exit_forced, 0);
  auto deadline = std::chrono::steady_clock::now() + exit_stuck_after;
  while (std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_until(deadline);
  // What the program wrote to stdout and stderr is not lost with the rest:
  // each is flushed unless a frozen thread holds its lock.
  for (std::FILE* f : {stdout, stderr}) {
    if (ftrylockfile(f) != 0) continue;
    fflush_unlocked(f);
    funlockfile(f);
  }
  int status = exit_status_seen.load();
  report_writer out(2);
  out.str("gogo: the exit is stuck: a goroutine still running when the program exited was "
          "stopped where it was (or could not be stopped), and a static destructor or atexit "
          "handler is likely waiting for a lock it holds; exiting now without the rest of them\n");
  out.flush();
  _exit(status < 0 ? 1 : status);
}

// How long until the netpoller counts as starved (the monitor then polls
// it): nobody polled for poll_starved while someone waits on an fd. Never
// while a worker sleeps in the poller: that one is woken by the events
// themselves, however long ago its poll began.
std::chrono::nanoseconds until_poll_starved(runtime& r, std::chrono::steady_clock::time_point now) {
  if (!netpoll_has_waiters() || r.polling.load()) return std::chrono::nanoseconds::max();
  return netpoll_last_poll() + poll_starved - now;
}

void monitor_main(runtime* r) {
  std::vector<watched> seen;
  std::chrono::nanoseconds period = monitor_min;
  for (;;) {
    if (stopping.load()) watch_exit();
    if (r->nidle.load() == r->nactive.load()) {
      monitor_sleep(*r);
      continue;
    }
    // Never past the moment the netpoller would starve, so that a poll is
    // never more than about poll_starved late.
    std::this_thread::sleep_for(std::clamp<std::chrono::nanoseconds>(
        until_poll_starved(*r, std::chrono::steady_clock::now()), monitor_min, period));
    auto now = std::chrono::steady_clock::now();
    bool quiet = true;
    unsigned n = r->nstarted.load(std::memory_order_acquire);
    if (seen.size() < n) seen.resize(n);
    for (unsigned i = 0; i < n; i++) {
      worker& w = r->workers[i];
      bool busy = w.current.load(std::memory_order_relaxed) != nullptr;
      std::uint32_t tick = w.schedtick.load(std::memory_order_relaxed);
      watched& s = seen[i];
      if (!busy || !s.busy || tick != s.tick) {
        s = {tick, busy, now};
        if (w.stuck.load(std::memory_order_relaxed) &&
            (!busy || tick != w.stuck_tick.load(std::memory_order_relaxed)))
          clear_stuck(*r, &w);
        continue;
      }
      if (now - s.since >= stuck_after && !w.stuck.load(std::memory_order_relaxed))
        mark_stuck(*r, &w, tick);
    }
    if (until_poll_starved(*r, now) <= std::chrono::nanoseconds::zero()) {
      netpoll(std::chrono::nanoseconds(0));
      quiet = false;
    }
    // Timers due while every worker runs one goroutine for long.
    if (timers_due()) {
      timers_run();
      quiet = false;
    }
    if (r->nstuck.load() != 0) {
      hand_off(*r);
      quiet = false;
    }
    period = quiet ? std::min<std::chrono::nanoseconds>(2 * period, monitor_max) : monitor_min;
  }
}

// The freeze signal's handler (stop_the_world): parks the thread for good
// if it runs a goroutine. A worker with none (in the scheduler, or still
// starting: the thread library's and a sanitizer's thread setup run before
// worker_main) reaches a scheduling point by itself (the signal ends any
// wait it is in), and freezing it here could leave a lock that the exit
// needs held (threads_mu, the thread library's, malloc's). A goroutine is
// frozen where it is: from then on the monitor watches the exit
// (watch_exit).
void on_freeze_signal(int) {
  worker* w = tls_worker;
  if (!w || w->current.load(std::memory_order_relaxed) == nullptr) return;
  w->frozen.store(true, std::memory_order_release);
  watch_exit_from_now();
  for (;;) pause();
}

// Not SIGURG's usual use (out-of-band socket data, ignored by default);
// Go preempts goroutines with it for the same reason.
constexpr int freeze_signal = SIGURG;

void install_freeze_handler() {
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = &on_freeze_signal;
  sigfillset(&sa.sa_mask);
  sigaction(freeze_signal, &sa, nullptr);
}

void stop_world_at_exit() { stop_the_world(-1); }

runtime* start_runtime() {
  static std::once_flag once;
  std::call_once(once, [] {
    unsigned n = read_maxprocs();
    auto* r = new runtime(read_stack_size());
    r->maxprocs.store(n);
    r->max_threads = read_max_threads(n);
    // Reserved, not committed: slots are touched only when a worker starts.
    void* mem = mmap(nullptr, sizeof(worker) * r->max_threads, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mem == MAP_FAILED) fatal_errno("cannot reserve the worker table", errno);
    r->workers = static_cast<worker*>(mem);
    install_fatal_handlers();
    install_freeze_handler();
    the_runtime.store(r, std::memory_order_release);
    publish_debug_layout();
    // The monitor before the workers: check_deadlock counts it among the
    // threads it expects, and a worker may go idle with main blocked (and
    // check) before a monitor started after them existed; nothing would
    // check again.
    monitor_threads.store(1);
    std::thread(monitor_main, r).detach();
    {
      std::lock_guard<std::mutex> lock(threads_mu);
      r->nactive.store(n);
      for (unsigned i = 0; i < n; i++)
        if (!start_worker(*r, i, false)) fatal_error("cannot start the worker threads");
    }
    // Also for exits gogo does not see coming (exit() in a shared library,
    // or a program linked without --wrap=exit): see stop_the_world.
    std::atexit(stop_world_at_exit);
  });
  return the_runtime.load(std::memory_order_acquire);
}

runtime& rt() {
  runtime* r = the_runtime.load(std::memory_order_acquire);
  return r ? *r : *start_runtime();
}

}  // namespace

// ---------------------------------------------------------------------------
// Interface used by the rest of the runtime

// A plain thread's wakeup usually comes within microseconds (a goroutine
// answering it), so wait() spins a little before it sleeps, and post()
// makes the futex call only for a waiter that went to sleep: word is
// 0 (waiting, awake), 2 (asleep, or about to be) or 1 (posted).
void thread_parker::wait() noexcept {
  constexpr int spins = 100;
  for (int i = 0; i < spins; i++) {
    if (word.load(std::memory_order_acquire) == 1) return;
    cpu_relax();
  }
  for (int i = 0; i < 2; i++) {
    std::this_thread::yield();
    if (word.load(std::memory_order_acquire) == 1) return;
  }
  std::uint32_t awake = 0;
  if (!word.compare_exchange_strong(awake, 2, std::memory_order_acquire)) return;  // posted
  // With its registers saved, so that the reports can walk this stack.
  run_with_saved_context(&saved, [](void* self) {
    auto* tp = static_cast<thread_parker*>(self);
    while (tp->word.load(std::memory_order_acquire) != 1) futex_wait(&tp->word, 2);
  }, this);
}

void thread_parker::post() noexcept {
  if (word.exchange(1, std::memory_order_acq_rel) == 2) futex_wake(&word);
}

g* current_g() noexcept {
  worker* w = current_worker();
  return w ? w->current.load(std::memory_order_relaxed) : nullptr;
}

parker current_parker() noexcept {
  worker* w = current_worker();
  if (w) {
    if (g* gp = w->current.load(std::memory_order_relaxed)) return {gp, nullptr};
  }
  thread_parker* tp = current_thread_parker();
  tp->prepare();
  return {nullptr, tp};
}

void block(const parker& p, void (*unlock)(void*), void* arg) {
  if (p.gp) {
    switch_request req{switch_request::park, p.gp, unlock, arg};
    switch_away(*the_runtime.load(std::memory_order_relaxed), current_worker(), p.gp, req);
    return;
  }
  unlock(arg);
  rt();  // deadlock detection needs the workers to exist
  if (is_main_thread()) {
    main_parker.store(p.tp, std::memory_order_relaxed);
    main_blocked.store(true);
  }
  plain_blocked.fetch_add(1);
  plain_epoch.fetch_add(1);
  check_deadlock();
  p.tp->wait();
}

void wake(const parker& p) noexcept {
  if (p.tp) {
    // Counted as running again before it can run (and block again).
    if (p.tp == main_parker.load(std::memory_order_relaxed)) main_blocked.store(false);
    plain_blocked.fetch_sub(1);
    plain_epoch.fetch_add(1);
    p.tp->post();
    return;
  }
  runtime& r = *the_runtime.load(std::memory_order_relaxed);
  worker* w = current_worker();
  if (w && w->current.load(std::memory_order_relaxed)) {
    if (runnext_put(r, w, p.gp) != displaced::none) {
      wakep(r);
      return;
    }
    // No wakep() per handoff (see "Watching runnext slots"): an idle
    // watcher or a spinner will look at this slot. Only if there seems to
    // be neither, wake one; this check needs no fence, as the watcher
    // protocol does not depend on it.
    if (r.nidle.load(std::memory_order_relaxed) != 0 &&
        r.nwatching.load(std::memory_order_relaxed) == 0 &&
        r.nspinning.load(std::memory_order_relaxed) == 0)
      wakep(r);
    return;
  }
  global_put(r, &p.gp, 1);
}

void wake_all(const parker* ps, std::size_t n) noexcept {
  g* gs[64];
  while (n != 0) {
    std::size_t k = 0;
    for (; n != 0 && k < 64; ps++, n--) {
      if (ps->tp) {
        wake(*ps);
      } else {
        gs[k++] = ps->gp;
      }
    }
    if (k == 0) continue;  // only plain threads in this batch
    runtime& r = *the_runtime.load(std::memory_order_relaxed);
    worker* w = current_worker();
    if (w && w->current.load(std::memory_order_relaxed)) {
      for (std::size_t i = 0; i < k; i++) local_put(r, w, gs[i]);
      wakep(r);
      continue;
    }
    global_put(r, gs, k);
  }
}

// Deadlock: every worker idle with nothing queued, no timer pending, main
// blocked in gogo, and every other thread of the process either ours
// (workers, the monitor) or blocked in gogo. A thread we know nothing
// about may still act, so it prevents the report (see docs/runtime.md).
// With main as goroutine 1, main is a goroutine like any other: every
// worker idle with nothing queued means it is parked too. A stuck worker
// (a goroutine in a system call) is not idle, and spare workers, retired
// or not, and the monitor are ours.
void check_deadlock() noexcept {
  refresh_coarse_clock();  // something went idle: a cheap moment to read the clock
  runtime* r = the_runtime.load(std::memory_order_acquire);
  const bool main_g = main_is_goroutine.load();
  if (!r || stopping.load() || !(main_g || main_blocked.load())) return;
  spin_lock_guard lock(r->mu);
  if (r->nidle.load() != r->nactive.load()) return;
  if (r->global.size() != 0) return;
  unsigned n = r->nstarted.load(std::memory_order_acquire);
  for (unsigned i = 0; i < n; i++)
    if (!r->workers[i].runq.empty()) return;
  if (timers_pending()) return;
  // A goroutine waiting on an fd is not asleep forever: the fd's peer may
  // be outside the process.
  if (netpoll_has_waiters()) return;
  std::uint64_t epoch = plain_epoch.load();
  if (!main_g && !main_blocked.load()) return;
  int blocked_others = plain_blocked.load() - (main_g ? 0 : 1);
  int threads = count_threads();
  if (threads < 0 || threads_at_startup < 1) return;
  int expected =
      threads_at_startup + sanitizer_threads() + int(n) + monitor_threads.load() + blocked_others;
  if (threads != expected || plain_epoch.load() != epoch) return;
  if (r->nstarted.load() != n || stopping.load()) return;
  fatal_deadlock();
}

void freeze_self() noexcept {
  if (worker* w = current_worker()) freeze(w);
  for (;;) pause();
}

// Exit safety: static destructors and atexit handlers must not run while
// goroutines do (a goroutine sending on a channel at namespace scope would
// use it after its destructor ran). So before the real exit: every worker
// is told to stop, at its next scheduling point it parks for good (freeze),
// idle ones are woken to do so, and any still running user code after
// `grace` (in a system call, or computing) is frozen by a signal. The
// calling thread, if a worker, is left out: it is the one exiting.
void stop_the_world(int status) noexcept {
  // The atexit backstop after an exit this thread stopped: no lock taken,
  // since a frozen worker may hold threads_mu.
  if (tls_stopper) return;
  bool first;
  {
    std::lock_guard<std::mutex> lock(threads_mu);
    first = !stopping.exchange(true);
  }
  if (!first) freeze_self();  // another thread is exiting: wait for it here
  tls_stopper = true;
  exit_status_seen.store(status);
  runtime* r = the_runtime.load(std::memory_order_acquire);
  if (!r) return;
  wake_monitor(*r);
  worker* self = current_worker();
  unsigned n = r->nstarted.load(std::memory_order_acquire);
  for (unsigned i = 0; i < n; i++) r->workers[i].stop.store(true, std::memory_order_relaxed);
  for (unsigned i = 0; i < n; i++) {
    worker& w = r->workers[i];
    if (&w == self) continue;
    w.wake_word.store(1, std::memory_order_release);
    futex_wake(&w.wake_word);
  }
  netpoll_break();  // a worker sleeping in netpoll
  auto all_frozen = [&] {
    for (unsigned i = 0; i < n; i++) {
      const worker& w = r->workers[i];
      if (&w != self && !w.frozen.load(std::memory_order_acquire)) return false;
    }
    return true;
  };
  auto wait_frozen = [&](std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!all_frozen() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::microseconds(50));
  };
  constexpr std::chrono::milliseconds grace{5};
  wait_frozen(grace);
  for (unsigned i = 0; i < n; i++) {
    worker& w = r->workers[i];
    if (&w != self && !w.frozen.load(std::memory_order_acquire))
      pthread_kill(w.thread, freeze_signal);
  }
  // A thread that cannot take the signal now (a sanitizer runtime may
  // delay it) is not waited for forever. A goroutine still running then
  // may hold what the exit needs, as a frozen one may: watch the exit.
  wait_frozen(std::chrono::milliseconds(1000));
  for (unsigned i = 0; i < n; i++) {
    const worker& w = r->workers[i];
    if (&w != self && !w.frozen.load(std::memory_order_acquire) &&
        w.current.load(std::memory_order_relaxed) != nullptr) {
      watch_exit_from_now();
      break;
    }
  }
}


void wake_poller() noexcept { wakep(rt()); }

// See idle_wait: the new deadline is on the heap (seq_cst) before
// `polling` is read.
void wake_for_timer() noexcept {
  runtime& r = rt();
  if (r.polling.load()) {
    netpoll_break();
    return;
  }
  wakep(r);
}

bool is_main_goroutine_mode() noexcept { return main_is_goroutine.load(); }

bool world_stopping() noexcept { return stopping.load(std::memory_order_relaxed); }

g* main_goroutine() noexcept { return main_g.load(std::memory_order_acquire); }

// gogo::blocking: the caller's worker is marked stuck at once, and a spare
// put in play if work waits; the monitor does the rest while the call
// lasts (it is awake: this worker is busy).
void* blocking_enter() noexcept {
  worker* w = current_worker();
  if (!w || !w->current.load(std::memory_order_relaxed)) return nullptr;
  runtime& r = *the_runtime.load(std::memory_order_relaxed);
  mark_stuck(r, w, w->schedtick.load(std::memory_order_relaxed));
  hand_off(r);
  return w;
}

void blocking_exit(void* token) noexcept {
  auto* w = static_cast<worker*>(token);
  if (!w || w != current_worker()) return;  // moved: the monitor clears the mark
  clear_stuck(*the_runtime.load(std::memory_order_relaxed), w);
}

void spawn_main_goroutine(void* stack, std::size_t size, void (*run)(void*), void* closure) {
  runtime& r = rt();
  char* lo = static_cast<char*>(stack) + guard_size_for(size);
  char* slot = static_cast<char*>(stack) + size - g_slot;
  auto* gp = ::new (slot) g();
  // Created by no go statement, as in Go. A stack of its own, like
  // go_with's, so the overflow handler and the reports find it; not in
  // own_stacks' list: the reports show goroutine 1 first, by itself.
  g_info* info = ::new (g_info_of(gp)) g_info();
  gp->own_stack = true;
  info->own_stack_size = size;
  gp->id = 1;
  gp->run = run;
  gp->closure = closure;
  fiber_init(gp->f, lo, std::size_t(slot - g_info_slot - lo));
  main_g.store(gp, std::memory_order_release);
  publish_main_goroutine(gp, size);
  // Queued and marked in one step under mu, which check_deadlock holds:
  // marked before it is queued, an idle worker would see no goroutine
  // anywhere and report a deadlock; marked after, a worker could run it,
  // see it block and go idle while check_deadlock still ignores it, and
  // nothing would check again.
  bool any_idle;
  {
    spin_lock_guard lock(r.mu);
    global_put_locked(r, &gp, 1);
    main_is_goroutine.store(true);
    any_idle = r.nidle.load(std::memory_order_relaxed) != 0;
  }
  if (any_idle) wakep(r);
}

std::uint32_t fast_rand() noexcept {
  if (worker* w = current_worker()) return xorshift(w->rng);
  return xorshift(tls_rng);
}

const stack_pool* runtime_stack_pool() noexcept {
  runtime* r = the_runtime.load(std::memory_order_acquire);
  return r ? &r->pool : nullptr;
}

std::size_t running_goroutines(g** out, std::size_t max) noexcept {
  runtime* r = the_runtime.load(std::memory_order_acquire);
  std::size_t n = 0;
  unsigned nw = r ? r->nstarted.load(std::memory_order_acquire) : 0;
  for (unsigned i = 0; i < nw && n < max; i++) {
    // A stale view is what a snapshot means.
    if (g* gp = r->workers[i].current.load(std::memory_order_relaxed)) out[n++] = gp;
  }
  return n;
}

bool on_worker_thread() noexcept { return current_worker() != nullptr; }

thread_parker* blocked_main() noexcept {
  return main_blocked.load() ? main_parker.load(std::memory_order_relaxed) : nullptr;
}

std::uint64_t live_goroutines() noexcept {
  runtime* r = the_runtime.load(std::memory_order_acquire);
  if (!r) return 0;
  std::uint64_t spawned = r->spawned_by_threads.load(std::memory_order_relaxed), exited = 0;
  unsigned nw = r->nstarted.load(std::memory_order_acquire);
  for (unsigned i = 0; i < nw; i++) {
    spawned += r->workers[i].spawned.load(std::memory_order_relaxed);
    exited += r->workers[i].exited.load(std::memory_order_relaxed);
  }
  return spawned > exited ? spawned - exited : 0;
}

stack_span goroutine_stack(const g* gp) noexcept {
  if (gp->own_stack) {
    const std::size_t bytes = own_stack_size(gp);
    return {static_cast<char*>(stack_of(gp, bytes)), bytes, guard_size_for(bytes), true};
  }
  const stack_pool& pool = the_runtime.load(std::memory_order_acquire)->pool;
  return {static_cast<char*>(stack_of(gp, pool.stack_size())), pool.stack_size(),
          pool.guard_size(), false};
}

// ---------------------------------------------------------------------------
// go(), yield(), goroutine_id()

namespace {

// Each spawning thread takes goroutine ids a block at a time, as Go's Ps
// do: one shared counter bumped per spawn would cost a contended atomic on
// every go statement. Ids stay unique, and in spawn order within a thread.
constexpr std::uint64_t id_block_size = 64;
struct id_block {
  std::uint64_t next = 0;
  std::uint64_t end = 0;
};
thread_local id_block tls_ids;

std::uint64_t new_goroutine_id(runtime& r) noexcept {
  id_block& b = tls_ids;
  if (b.next == b.end) {
    b.next = r.next_id.fetch_add(id_block_size, std::memory_order_relaxed);
    b.end = b.next + id_block_size;
  }
  return b.next++;
}

}  // namespace

// Every fiber made by fiber_init is a goroutine (see fiber.hpp).
void fiber_main(void* payload) { goroutine_main(payload); }

namespace {

// Builds a goroutine, not yet runnable, on the free stack
// [stack, stack + stack_size) whose lowest guard bytes are its guard: its g
// in the top g_slot bytes; its closure of `size` bytes in what g leaves of
// that slot, or else below g_info if no larger than an eighth of the stack,
// or else on the heap.
inline g* make_goroutine(char* stack, std::size_t stack_size, std::size_t guard,
                         std::size_t size, std::size_t align) {
  char* lo = stack + guard;
  char* top = stack + stack_size;
#if GOGO_ASAN
  __asan_unpoison_memory_region(lo, std::size_t(top - lo));
#endif
  char* slot = top - g_slot;
  auto* gp = ::new (slot) g();
  char* sp = slot - g_info_slot;
  std::size_t a = align < 16 ? 16 : align;
  auto below = [a, size](char* p) {
    return reinterpret_cast<char*>((reinterpret_cast<std::uintptr_t>(p) - size) & ~(a - 1));
  };
  if (a <= 64 && below(top) >= slot + sizeof(g)) {
    // A small closure shares g's cache line: spawning writes one line of
    // the new stack, and the worker that runs it misses on one line.
    gp->closure = below(top);
  } else if (size <= stack_size / 8 && align <= 4096) {
    sp = below(sp);
    gp->closure = sp;
  } else {
    std::size_t heap_align = align < alignof(std::max_align_t) ? alignof(std::max_align_t) : align;
    gp->closure = ::operator new(size, std::align_val_t(heap_align));
    gp->heap_closure_align_log2 = std::uint8_t(__builtin_ctzll(heap_align));
  }
  fiber_init(gp->f, lo, std::size_t(sp - lo));
  return gp;
}

}  // namespace

spawn_slot spawn_begin(std::size_t size, std::size_t align) {
  runtime& r = rt();
  worker* w = current_worker();
  stack_cache& cache = w ? w->stacks : tls_stacks.cache;
  void* stack = cache.get(r.pool);
  // A spawn writes the top line of a cached stack that another worker ran
  // a goroutine on, out of this cache and TLB: start fetching the one a few
  // spawns ahead.
  if (void* ahead = cache.peek(3))
    __builtin_prefetch(static_cast<char*>(ahead) + r.pool.stack_size() - g_slot, 1, 3);
  g* gp = make_goroutine(static_cast<char*>(stack), r.pool.stack_size(), r.pool.guard_size(),
                         size, align);
  return {gp->closure, gp};
}

spawn_slot spawn_begin_own_stack(std::size_t size, std::size_t align, std::size_t stack_bytes) {
  rt();
  const std::size_t bytes = round_stack_size(stack_bytes);
  char* stack = static_cast<char*>(map_stack(bytes));
  g* gp = make_goroutine(stack, bytes, guard_size_for(bytes), size, align);
  add_own_stack(gp, bytes);
  return {gp->closure, gp};
}

void spawn_abort(void* handle) noexcept {
  g* gp = static_cast<g*>(handle);
  if (gp->heap_closure_align_log2)
    ::operator delete(gp->closure, std::align_val_t(std::size_t(1) << gp->heap_closure_align_log2));
  release_goroutine(rt(), gp);
}

void spawn_commit(void* handle, void (*run)(void*)) {
  runtime& r = rt();
  g* gp = static_cast<g*>(handle);
  gp->run = run;
  worker* w = current_worker();
  // For the reports: where the go statement is (go() and go_statement are
  // always inlined into it) and which goroutine ran it.
  g_info* info = g_info_of(gp);
  info->created_pc = reinterpret_cast<std::uintptr_t>(__builtin_return_address(0));
  g* parent = w ? w->current.load(std::memory_order_relaxed) : nullptr;
  info->parent = parent ? parent->id : is_main_thread() ? 1 : 0;
  gp->id = new_goroutine_id(r);
  if (w) {
    w->spawned.store(w->spawned.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  } else {
    r.spawned_by_threads.fetch_add(1, std::memory_order_relaxed);
  }
  if (parent) {
    // Into runnext, as Go does: the child runs as soon as the spawner
    // blocks (a parent that spawns and then waits runs its children depth
    // first, which keeps the live set and its cold stacks small), and the
    // goroutine it displaces joins the local queue, where thieves find it.
    bool spilled = runnext_put(r, w, gp) == displaced::spilled;
    wakep(r);
    // Back-pressure: a goroutine that spawns faster than the workers run
    // its children would otherwise keep every child (and its stack) alive
    // at once. When its local queue overflows, let the children run.
    if (spilled) ::gogo::yield();
    return;
  }
  global_put(r, &gp, 1);
  // Back-pressure, as above: do not let the global queue grow without
  // bound while every worker is busy.
  if (r.global.size() > 1024 * std::size_t(r.maxprocs.load(std::memory_order_relaxed)))
    std::this_thread::yield();
}

}  // namespace gogo::detail

namespace gogo {

void yield() {
  detail::g* gp = detail::current_g();
  if (!gp) {
    std::this_thread::yield();
    return;
  }
  gp->waiting = detail::wait_reason::none;  // runnable, for the reports
  detail::switch_request req{detail::switch_request::yield, gp, nullptr, nullptr};
  detail::switch_away(detail::rt(), detail::current_worker(), gp, req);
}

std::uint64_t goroutine_id() {
  detail::g* gp = detail::current_g();
  return gp ? gp->id : 0;
}

std::size_t num_goroutine() { return std::size_t(detail::live_goroutines()) + 1; }

int maxprocs() { return int(detail::rt().maxprocs.load(std::memory_order_relaxed)); }

// Lowering maxprocs makes workers surplus: each retires to the spare list
// when it next comes back to its scheduler (next_local, find_work), and an
// idle one when it is next woken. Raising it puts spares (or new threads)
// in play at once, as the monitor's hand_off does.
int set_maxprocs(int n) {
  detail::runtime& r = detail::rt();
  static std::mutex serial;
  std::lock_guard<std::mutex> lock(serial);
  const int prev = int(r.maxprocs.load());
  if (n < 1) return prev;
  const unsigned want = std::min({unsigned(n), detail::max_maxprocs, r.max_threads});
  r.maxprocs.store(want);
  while (r.nactive.load() < r.nstuck.load() + want)
    if (!detail::activate_spare(r)) break;
  return prev;
}

}  // namespace gogo
