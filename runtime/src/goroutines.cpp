#include "goroutines.hpp"

#include "own_stacks.hpp"
#include "report_writer.hpp"
#include "stack_pool.hpp"
#include "traceback.hpp"

#include <algorithm>
#include <cstddef>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace gogo::detail {

std::atomic<std::uint32_t> coarse_clock{0};

namespace {

std::uint32_t steady_seconds() noexcept {
  return std::uint32_t(std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::steady_clock::now().time_since_epoch())
                           .count());
}

bool on_main_thread() noexcept { return syscall(SYS_gettid) == getpid(); }

// ", 3 minutes" past a minute of waiting, as Go prints it.
void print_wait(report_writer& out, wait_reason why, std::uint32_t since) noexcept {
  out.str(wait_reason_words(why));
  std::uint32_t now = steady_seconds();
  if (since != 0 && now > since && (now - since) / 60 >= 1) out.str(", ").num((now - since) / 60).str(" minutes");
}

void print_stack(report_writer& out, bool ok, const stack_trace& t, traceback_level level) {
  if (!ok) {
    out.str("\t(stack unavailable)\n");
    return;
  }
  print_trace(out, t, level >= traceback_level::system);
}

struct listed {
  std::uint64_t id;
  g* gp;
};

// Every live goroutine but `self`, sorted by id, in memory of its own (the
// report must not allocate); n is set to how many. `own` is the first
// goroutine on a stack of its own (hold_own_stacks), or nullptr.
listed* list_goroutines(const stack_pool& pool, const g* self, g* own, std::size_t& n,
                        std::size_t& bytes) noexcept {
  std::size_t carved = 0;
  for (const stack_pool::chunk* c = pool.chunks(); c; c = c->next)
    carved += std::size_t(c->carved.load(std::memory_order_acquire) - c->base) / pool.stack_size();
  for (const g* gp = own; gp; gp = next_own_stack(gp)) carved++;
  n = 0;
  if (carved == 0) return nullptr;
  bytes = carved * sizeof(listed);
  void* mem = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) return nullptr;
  auto* list = static_cast<listed*>(mem);
  for (const stack_pool::chunk* c = pool.chunks(); c; c = c->next) {
    char* end = c->carved.load(std::memory_order_acquire);
    for (char* s = c->base; s < end && n < carved; s += pool.stack_size()) {
      auto* gp = reinterpret_cast<g*>(s + pool.stack_size() - g_slot);
      std::uint64_t id = __atomic_load_n(&gp->id, __ATOMIC_RELAXED);
      if (id != 0 && gp != self) list[n++] = {id, gp};
    }
  }
  for (g* gp = own; gp && n < carved; gp = next_own_stack(gp)) {
    std::uint64_t id = __atomic_load_n(&gp->id, __ATOMIC_RELAXED);
    if (id != 0 && gp != self) list[n++] = {id, gp};
  }
  std::sort(list, list + n, [](const listed& a, const listed& b) { return a.id < b.id; });
  return list;
}

void print_other(report_writer& out, g* gp, std::uint64_t id, g* const* running,
                 std::size_t nrunning, traceback_level level) noexcept;

void print_main(report_writer& out, traceback_level level) noexcept {
  if (g* main = main_goroutine()) {
    g* running[1024];
    std::size_t nrunning = running_goroutines(running, 1024);
    print_other(out, main, 1, running, nrunning, level);
    return;
  }
  out.str("\ngoroutine 1 [");
  thread_parker* tp = blocked_main();
  if (!tp) {
    out.str("running]:\n\tgoroutine running on other thread; stack unavailable\n");
    return;
  }
  print_wait(out, tp->waiting, tp->wait_since);
  out.str("]:\n");
  // main flags itself blocked just before it saves its registers (wait()):
  // give it a moment to get there.
  void* saved = nullptr;
  for (int i = 0; i < 1000 && !(saved = __atomic_load_n(&tp->saved, __ATOMIC_ACQUIRE)); i++)
    usleep(100);
  stack_trace t;
  print_stack(out, saved && capture_saved(saved, t), t, level);
}

void print_other(report_writer& out, g* gp, std::uint64_t id, g* const* running,
                 std::size_t nrunning, traceback_level level) noexcept {
  out.str("\ngoroutine ").num(id).str(" [");
  const g_info* info = g_info_of(gp);
  if (std::find(running, running + nrunning, gp) != running + nrunning) {
    out.str("running]:\n\tgoroutine running on other thread; stack unavailable\n");
  } else {
    wait_reason why = gp->waiting;
    if (why == wait_reason::none) {
      out.str("runnable");
    } else {
      print_wait(out, why, gp->wait_since);
    }
    out.str("]:\n");
    stack_trace t;
    bool ok = capture_fiber(gp->f, g_info_of(gp), t);
    // A goroutine that never ran has no frames yet; Go shows only its creator.
    if (ok || why != wait_reason::none) print_stack(out, ok, t, level);
  }
  print_created_by(out, info->created_pc, info->parent);
}

}  // namespace

void refresh_coarse_clock() noexcept {
  coarse_clock.store(steady_seconds(), std::memory_order_relaxed);
}

const char* wait_reason_words(wait_reason why) noexcept {
  switch (why) {
    case wait_reason::none: return "runnable";
    case wait_reason::chan_receive: return "chan receive";
    case wait_reason::chan_receive_nil: return "chan receive (nil chan)";
    case wait_reason::chan_send: return "chan send";
    case wait_reason::chan_send_nil: return "chan send (nil chan)";
    case wait_reason::select: return "select";
    case wait_reason::select_no_cases: return "select (no cases)";
    case wait_reason::wait_group: return "sync.WaitGroup.Wait";
    case wait_reason::mutex: return "sync.Mutex.Lock";
    case wait_reason::sleep: return "sleep";
    case wait_reason::cond_wait: return "sync.Cond.Wait";
    case wait_reason::rw_lock: return "sync.RWMutex.Lock";
    case wait_reason::rw_rlock: return "sync.RWMutex.RLock";
    case wait_reason::semacquire: return "semacquire";
    case wait_reason::io_wait: return "IO wait";
  }
  return "?";
}

traceback_level configured_traceback() noexcept {
  const char* v = std::getenv("GOGO_TRACEBACK");
  if (!v || !*v) return traceback_level::single;
  struct setting {
    const char* name;
    traceback_level level;
  };
  // 0, 1 and 2 as in Go: none, all, system.
  static const setting settings[] = {
      {"none", traceback_level::none},     {"0", traceback_level::none},
      {"single", traceback_level::single}, {"all", traceback_level::all},
      {"1", traceback_level::all},         {"system", traceback_level::system},
      {"2", traceback_level::system},      {"crash", traceback_level::crash},
  };
  for (const setting& s : settings)
    if (std::strcmp(v, s.name) == 0) return s.level;
  return traceback_level::single;
}

reporter current_reporter() noexcept {
  reporter r;
  r.gp = current_g();
  if (!r.gp) {
    r.is_worker = on_worker_thread();
    r.is_main = !r.is_worker && on_main_thread();
  }
  return r;
}

void print_goroutines(report_writer& out, const reporter& self, traceback_level level) noexcept {
  if (level == traceback_level::none) return;
  if (self.gp || !self.is_worker) {
    stack_trace t;
    capture_here(t);
    if (self.gp) {
      out.str("\ngoroutine ").num(self.gp->id).str(" [running]:\n");
    } else if (self.is_main) {
      out.str("\ngoroutine 1 [");
      // Blocked, and reporting from its way into the wait (check_deadlock).
      if (thread_parker* tp = blocked_main()) {
        print_wait(out, tp->waiting, tp->wait_since);
      } else {
        out.str("running");
      }
      out.str("]:\n");
    } else {
      out.str("\nthread ").num(std::uint64_t(syscall(SYS_gettid))).str(" [running]:\n");
    }
    print_trace(out, t, level >= traceback_level::system);
    if (self.gp) print_created_by(out, g_info_of(self.gp)->created_pc, g_info_of(self.gp)->parent);
  }
  if (level == traceback_level::single) return;
  if (!self.is_main && !(self.gp && self.gp == main_goroutine())) print_main(out, level);
  const stack_pool* pool = runtime_stack_pool();
  if (!pool) return;
  g* running[1024];
  std::size_t nrunning = running_goroutines(running, 1024);
  std::size_t n = 0, bytes = 0;
  // Goroutines on stacks of their own cannot unmap them until the report
  // is done with them.
  bool own_held = false;
  g* own = hold_own_stacks(own_held);
  listed* list = list_goroutines(*pool, self.gp, own, n, bytes);
  for (std::size_t i = 0; i < n; i++)
    print_other(out, list[i].gp, list[i].id, running, nrunning, level);
  if (own_held) release_own_stacks();
  if (list) munmap(list, bytes);
}

}  // namespace gogo::detail

// ---------------------------------------------------------------------------
// For debuggers

extern "C" {
// What the gdb extension (runtime/gdb/gogo.py) needs to find and walk the
// goroutines of a live process or a core file without debug information:
// where the registry is, and the layouts of g, g_info, the stack pool's
// chunks and a saved context. Its version changes with any of them.
struct gogo_debug_layout_t {
  std::uint32_t version;
  std::uint32_t context_kind;  // 1: gogo_switch's saved registers, 2: Boost fcontext's, 0: none
  std::uint64_t stack_size;    // 0 until the runtime started
  const void* chunks;          // the head of the stack pool's chunk list (a chunk*)
  std::uint32_t g_slot, g_info_slot;
  std::uint32_t chunk_base, chunk_carved, chunk_next;
  std::uint32_t g_ctx, g_id, g_waiting, g_wait_since;
  std::uint32_t info_created_pc, info_parent;
  // Goroutine 1 when main runs as one (its stack is not the pool's): its g
  // and its stack size; 0 otherwise.
  std::uint64_t main_g, main_stack_size;
};
__attribute__((used)) gogo_debug_layout_t gogo_debug_layout;
}

namespace gogo::detail {

void publish_debug_layout() noexcept {
  gogo_debug_layout_t& d = gogo_debug_layout;
#if defined(__x86_64__) && defined(__linux__) && !GOGO_BOOST_SWITCH
  d.context_kind = 1;
#elif defined(__x86_64__) && defined(__linux__)
  d.context_kind = 2;
#endif
  const stack_pool* pool = runtime_stack_pool();
  d.stack_size = pool ? pool->stack_size() : 0;
  d.chunks = pool ? pool->chunk_list_head() : nullptr;
  d.g_slot = std::uint32_t(g_slot);
  d.g_info_slot = std::uint32_t(g_info_slot);
  d.chunk_base = offsetof(stack_pool::chunk, base);
  d.chunk_carved = offsetof(stack_pool::chunk, carved);
  d.chunk_next = offsetof(stack_pool::chunk, next);
  d.g_ctx = offsetof(g, f) + offsetof(fiber, ctx);
  d.g_id = offsetof(g, id);
  d.g_waiting = offsetof(g, waiting);
  d.g_wait_since = offsetof(g, wait_since);
  d.info_created_pc = offsetof(g_info, created_pc);
  d.info_parent = offsetof(g_info, parent);
  __atomic_store_n(&d.version, 1, __ATOMIC_RELEASE);
}

void publish_main_goroutine(const g* gp, std::size_t stack_size) noexcept {
  gogo_debug_layout.main_stack_size = stack_size;
  __atomic_store_n(&gogo_debug_layout.main_g, reinterpret_cast<std::uint64_t>(gp), __ATOMIC_RELEASE);
}

}  // namespace gogo::detail

// The gdb extension, embedded for auto-loading: gdb runs an inlined script
// of .debug_gdb_scripts when the program is in its auto-load safe-path.
// In this object because every gogo program links it (publish_debug_layout).
#if defined(GOGO_GDB_SCRIPT) && defined(__ELF__)
asm(".pushsection \".debug_gdb_scripts\", \"MS\",@progbits,1\n"
    ".byte 4\n"  // SECTION_SCRIPT_ID_PYTHON_TEXT
    ".ascii \"gdb.inlined-script.gogo\\n\"\n"
    ".incbin \"" GOGO_GDB_SCRIPT "\"\n"
    ".byte 0\n"
    ".popsection\n");
#endif
