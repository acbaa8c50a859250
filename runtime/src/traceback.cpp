#include "traceback.hpp"

#include "report_writer.hpp"

#include <csetjmp>
#include <cstdlib>
#include <cstring>
#include <cxxabi.h>
#include <unwind.h>

// libbacktrace comes with GCC (libgcc-12-dev installs libbacktrace.a beside
// libstdc++); its header sits in GCC's private include directory, which
// clang does not search, so the three functions used are declared here.
#if GOGO_LIBBACKTRACE
extern "C" {
struct backtrace_state;
typedef void (*backtrace_error_callback)(void* data, const char* msg, int errnum);
typedef int (*backtrace_full_callback)(void* data, std::uintptr_t pc, const char* filename,
                                       int lineno, const char* function);
typedef void (*backtrace_syminfo_callback)(void* data, std::uintptr_t pc, const char* symname,
                                           std::uintptr_t symval, std::uintptr_t symsize);
backtrace_state* backtrace_create_state(const char* filename, int threaded,
                                        backtrace_error_callback error_callback, void* data);
int backtrace_pcinfo(backtrace_state* state, std::uintptr_t pc, backtrace_full_callback callback,
                     backtrace_error_callback error_callback, void* data);
int backtrace_syminfo(backtrace_state* state, std::uintptr_t addr,
                      backtrace_syminfo_callback callback,
                      backtrace_error_callback error_callback, void* data);
}
#endif

namespace gogo::detail {
namespace {

// ---------------------------------------------------------------------------
// Capturing

struct walk {
  stack_trace* t;
  bool started;                   // past the walk frame (fiber and thread walks)
  std::uintptr_t cfa_limit;       // stop at frames above this (0: no limit)
};

_Unwind_Reason_Code collect(_Unwind_Context* ctx, void* arg) {
  auto* w = static_cast<walk*>(arg);
  int before_insn = 0;
  std::uintptr_t ip = _Unwind_GetIPInfo(ctx, &before_insn);
  if (ip == 0) return _URC_END_OF_STACK;
  if (!w->started) {
    w->started = is_walk_frame(ip);
    return _URC_NO_REASON;
  }
  if (w->cfa_limit && _Unwind_GetCFA(ctx) > w->cfa_limit) return _URC_END_OF_STACK;
  stack_trace& t = *w->t;
  if (t.n == stack_trace::max_frames) {
    t.truncated = true;
    return _URC_END_OF_STACK;
  }
  // A return address points after its call: look up the call itself. A
  // signal frame's address is the interrupted instruction.
  t.pc[t.n++] = before_insn ? ip : ip - 1;
  return _URC_NO_REASON;
}

// Set while this thread walks a stack that may change under it.
thread_local sigjmp_buf* faulted_walk = nullptr;

void walk_here(void* arg) { _Unwind_Backtrace(collect, arg); }

bool guarded_walk(bool (*enter)(const void*, void*), const void* what, walk& w) {
  sigjmp_buf env;
  if (sigsetjmp(env, 1) != 0) {
    faulted_walk = nullptr;
    return false;
  }
  faulted_walk = &env;
  bool ok = enter(what, &w);
  faulted_walk = nullptr;
  return ok && w.t->n > 0;
}

// ---------------------------------------------------------------------------
// Symbolizing

// One source-level frame: the physical function or one inlined into it.
struct source_frame {
  const char* function;  // as the debug information has it (mangled or not)
  const char* file;
  int line;
};

struct frames_of_pc {
  static constexpr int max = 16;
  source_frame f[max];
  int n = 0;
  const char* symbol = nullptr;  // from the symbol table, if no debug info
  std::uintptr_t symbol_start = 0;
};

#if GOGO_LIBBACKTRACE
void ignore_error(void*, const char*, int) {}

backtrace_state* symbolizer() noexcept {
  static backtrace_state* state = backtrace_create_state(nullptr, 1, ignore_error, nullptr);
  return state;
}

int add_frame(void* data, std::uintptr_t, const char* file, int line, const char* function) {
  auto* fs = static_cast<frames_of_pc*>(data);
  if (fs->n < frames_of_pc::max && (function || file)) fs->f[fs->n++] = {function, file, line};
  return 0;
}

void add_symbol(void* data, std::uintptr_t, const char* name, std::uintptr_t start, std::uintptr_t) {
  auto* fs = static_cast<frames_of_pc*>(data);
  fs->symbol = name;
  fs->symbol_start = start;
}
#endif

void symbolize(std::uintptr_t pc, frames_of_pc& fs) noexcept {
#if GOGO_LIBBACKTRACE
  backtrace_state* st = symbolizer();
  if (!st) return;
  backtrace_pcinfo(st, pc, add_frame, ignore_error, &fs);
  backtrace_syminfo(st, pc, add_symbol, ignore_error, &fs);
#else
  (void)pc, (void)fs;
#endif
}

// The demangled form of a name, in a buffer reused from call to call (the
// reports run one at a time: see claim_death in fatal.cpp).
const char* demangled(const char* name) noexcept {
  static char* buf = nullptr;
  static std::size_t len = 0;
  if (!name) return nullptr;
  if (name[0] != '_' || name[1] != 'Z') return name;
  int status = 0;
  char* d = abi::__cxa_demangle(name, buf, &len, &status);
  if (status != 0 || !d) return name;
  buf = d;
  return d;
}

bool starts_with(const char* s, const char* prefix) noexcept {
  return s && std::strncmp(s, prefix, std::strlen(prefix)) == 0;
}

// One source-level frame of a trace, ready to print.
struct shown_frame {
  const char* raw_name;  // as the symbol table (physical frames) or the debug information has it
  const char* file;
  int line;
  std::uintptr_t pc;
  std::uintptr_t symbol_start;  // for the +0x offset of a physical frame
  bool physical;                // the last of its pc: not inlined
};

// A demangled function name without the return type that names of function
// template instances start with ("void gogo::go<...>(...)"): from after the
// first space outside brackets, if it comes before the parameter list.
const char* qualified_name(const char* name) noexcept {
  int depth = 0;
  for (const char* p = name; *p; p++) {
    if (*p == '<' || *p == '[') depth++;
    if (*p == '>' || *p == ']') depth--;
    if (depth == 0 && *p == '(') return name;
    if (depth == 0 && *p == ' ') return p + 1;
  }
  return name;
}

// Where libgogo's own sources are (this file's directory).
const char* const runtime_src = __FILE__;
const std::size_t runtime_src_dir = std::size_t(std::strrchr(__FILE__, '/') - __FILE__ + 1);

// gogo's own code: the gogo namespace, the asm entry points, and whatever
// was inlined from gogo's headers or sources (an inlined frame has only its
// short name in the debug information, so its file tells).
bool is_runtime(const shown_frame& f, const char* name) noexcept {
  if (f.file && (std::strstr(f.file, "/include/gogo/") ||
                 std::strncmp(f.file, runtime_src, runtime_src_dir) == 0))
    return true;
  if (!name) return false;
  name = qualified_name(name);
  return starts_with(name, "gogo::") || starts_with(name, "gogo_");
}

// What a throw, a terminate handler or a signal handler put above the frame
// that threw or was interrupted.
bool is_machinery_above(const shown_frame& f, const char* name) noexcept {
  static const char* const prefixes[] = {
      "__cxa_", "__cxxabiv1::", "std::terminate", "_Unwind_", "__gxx_personality",
      "__gnu_cxx::__verbose_terminate_handler", "__restore_rt", "std::rethrow_exception",
  };
  if (!name) return true;
  for (const char* p : prefixes)
    if (starts_with(name, p)) return true;
  return is_runtime(f, name);
}

// What starts a program, a thread or a goroutine below the user's code:
// libc's and the C++ library's calls down to it (std::invoke, std::apply,
// std::thread), and gogo's.
bool is_machinery_below(const shown_frame& f, const char* name) noexcept {
  static const char* const prefixes[] = {"__libc_start", "_start", "start_thread", "clone",
                                         "std::", "execute_native_thread_routine"};
  if (!name || (f.file && std::strstr(f.file, "/include/c++/"))) return true;
  for (const char* p : prefixes)
    if (starts_with(qualified_name(name), p)) return true;
  return is_runtime(f, name);
}

// Expands every pc of t into its source frames, innermost first. A
// physical frame is named from the symbol table (qualified, demangled);
// an inlined one from the debug information.
int expand(const stack_trace& t, shown_frame* out, int max) noexcept {
  int n = 0;
  for (int i = 0; i < t.n && n < max; i++) {
    frames_of_pc fs;
    symbolize(t.pc[i], fs);
    int levels = fs.n ? fs.n : 1;
    for (int k = 0; k < levels && n < max; k++) {
      bool physical = k == levels - 1;
      const char* name = k < fs.n ? fs.f[k].function : nullptr;
      if (physical && fs.symbol) name = fs.symbol;
      out[n++] = {name, k < fs.n ? fs.f[k].file : nullptr, k < fs.n ? fs.f[k].line : 0, t.pc[i],
                  fs.symbol_start, physical};
    }
  }
  return n;
}

void print_function(report_writer& out, const char* name) noexcept {
  if (!name) {
    out.str("?()\n");
    return;
  }
  out.str(name);
  if (!std::strchr(name, '(')) out.str("()");
  out.str("\n");
}

void print_location(report_writer& out, const shown_frame& f) noexcept {
  out.str("\t");
  if (f.file) {
    out.str(f.file).str(":").num(std::uint64_t(f.line > 0 ? f.line : 0));
  } else {
    out.str("?:0");
  }
  if (f.physical) {
    if (f.symbol_start && f.pc >= f.symbol_start) {
      out.str(" +").hex(f.pc - f.symbol_start);
    } else {
      out.str(" pc=").hex(f.pc);
    }
  }
  out.str("\n");
}

}  // namespace

void capture_here(stack_trace& t) noexcept {
  t.n = 0;
  t.truncated = false;
  walk w{&t, true, 0};
  _Unwind_Backtrace(collect, &w);
  // Drop capture_here's own frame.
  if (t.n > 0) {
    std::memmove(t.pc, t.pc + 1, sizeof(std::uintptr_t) * std::size_t(t.n - 1));
    t.n--;
  }
}

bool capture_fiber(const fiber& f, const void* stack_top, stack_trace& t) noexcept {
  t.n = 0;
  t.truncated = false;
  walk w{&t, false, reinterpret_cast<std::uintptr_t>(stack_top)};
  return guarded_walk(
      [](const void* fp, void* wp) { return fiber_walk(*static_cast<const fiber*>(fp), walk_here, wp); },
      &f, w);
}

bool capture_saved(void* saved, stack_trace& t) noexcept {
  t.n = 0;
  t.truncated = false;
  walk w{&t, false, 0};
  return guarded_walk(
      [](const void* sp, void* wp) { return saved_context_walk(const_cast<void*>(sp), walk_here, wp); },
      saved, w);
}

void print_trace(report_writer& out, const stack_trace& t, bool system) noexcept {
  constexpr int max = stack_trace::max_frames * frames_of_pc::max;
  static shown_frame frames[max];  // one report at a time (claim_death in fatal.cpp)
  int n = expand(t, frames, max);
  int first = 0, last = n;
  if (!system) {
    while (first < last && is_machinery_above(frames[first], demangled(frames[first].raw_name)))
      first++;
    while (last > first && is_machinery_below(frames[last - 1], demangled(frames[last - 1].raw_name)))
      last--;
  }
  for (int i = first; i < last; i++) {
    const char* name = demangled(frames[i].raw_name);
    if (!system && is_runtime(frames[i], name)) continue;
    print_function(out, name);
    print_location(out, frames[i]);
  }
  if (t.truncated) out.str("...additional frames elided...\n");
}

void print_created_by(report_writer& out, std::uintptr_t pc, std::uint64_t parent) noexcept {
  if (pc == 0) return;
  stack_trace t;
  t.pc[0] = pc - 1;
  t.n = 1;
  shown_frame frames[frames_of_pc::max];
  int n = expand(t, frames, frames_of_pc::max);
  // The go statement's function: the first frame, from the innermost, that
  // is not gogo's (go() and go_statement are inlined into it).
  int k = 0;
  while (k < n - 1 && is_runtime(frames[k], demangled(frames[k].raw_name))) k++;
  const char* name = demangled(frames[k].raw_name);
  out.str("created by ").str(name ? name : "?");
  out.str(" in goroutine ").num(parent).str("\n");
  frames[k].physical = true;
  print_location(out, frames[k]);
}

void escape_faulted_walk() noexcept {
  if (sigjmp_buf* env = faulted_walk) siglongjmp(*env, 1);
}

}  // namespace gogo::detail
