// Compares the unwinders and symbolizers that Debian packages, for the
// panic and goroutine reports (docs/debugging.md, "Choosing the unwinder"):
// the cost of capturing a 32-frame stack, of symbolizing it the first time
// (debug info loaded) and again, and what each prints (inlined frames,
// file:line). Needs the packages `scripts/install-deps.sh bench` installs:
//   g++ -O2 -g -std=c++17 bench/stacktrace/compare.cpp -o compare \
//       -lbacktrace -ldw -lunwind -ldl && ./compare      (SHOW=1: the output)
#define BOOST_STACKTRACE_USE_BACKTRACE
#include <boost/stacktrace.hpp>

#include <backtrace.h>
#include <cxxabi.h>
#include <elfutils/libdwfl.h>
#include <dwarf.h>
#define UNW_LOCAL_ONLY
#include <libunwind.h>
#include <unwind.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

namespace {

using clock_type = std::chrono::steady_clock;
constexpr int depth = 32;
void* pcs[64];
int npcs = 0;

double us_since(clock_type::time_point t0) {
  return std::chrono::duration<double, std::micro>(clock_type::now() - t0).count();
}

std::string demangle(const char* name) {
  if (!name) return "??";
  int status = 0;
  char* d = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  std::string s = status == 0 && d ? d : name;
  std::free(d);
  return s;
}

// --- capture -------------------------------------------------------------

_Unwind_Reason_Code collect(_Unwind_Context* ctx, void* arg) {
  int* n = static_cast<int*>(arg);
  if (*n < 64) pcs[(*n)++] = reinterpret_cast<void*>(_Unwind_GetIP(ctx));
  return _URC_NO_REASON;
}

int capture_libgcc() {
  int n = 0;
  _Unwind_Backtrace(collect, &n);
  return n;
}

int capture_libunwind() { return unw_backtrace(pcs, 64); }

int capture_boost() { return int(boost::stacktrace::stacktrace().size()); }

template <class F>
double time_capture(F f, int* frames) {
  constexpr int reps = 2000;
  auto t0 = clock_type::now();
  for (int i = 0; i < reps; i++) *frames = f();
  return us_since(t0) / reps;
}

// --- symbolize -----------------------------------------------------------

backtrace_state* bt_state;
std::string out;

int bt_frame(void*, uintptr_t, const char* file, int line, const char* fn) {
  out += demangle(fn) + " " + (file ? file : "??") + ":" + std::to_string(line) + "\n";
  return 0;
}
void bt_error(void*, const char* msg, int) { out += std::string("error: ") + msg + "\n"; }

void symbolize_libbacktrace() {
  if (!bt_state) bt_state = backtrace_create_state(nullptr, 0, bt_error, nullptr);
  for (int i = 0; i < npcs; i++)
    backtrace_pcinfo(bt_state, uintptr_t(pcs[i]) - 1, bt_frame, bt_error, nullptr);
}

void symbolize_boost() {
  for (int i = 0; i < npcs; i++) {
    boost::stacktrace::frame f(reinterpret_cast<boost::stacktrace::frame::native_frame_ptr_t>(pcs[i]));
    out += f.name() + " " + f.source_file() + ":" + std::to_string(f.source_line()) + "\n";
  }
}

Dwfl* dwfl;
void symbolize_libdw() {
  if (!dwfl) {
    static const Dwfl_Callbacks cb = {dwfl_linux_proc_find_elf, dwfl_standard_find_debuginfo,
                                      nullptr, nullptr};
    dwfl = dwfl_begin(&cb);
    dwfl_linux_proc_report(dwfl, getpid());
    dwfl_report_end(dwfl, nullptr, nullptr);
  }
  for (int i = 0; i < npcs; i++) {
    Dwarf_Addr pc = Dwarf_Addr(pcs[i]) - 1;
    Dwfl_Module* mod = dwfl_addrmodule(dwfl, pc);
    Dwarf_Addr bias = 0;
    Dwarf_Die* cu = mod ? dwfl_module_addrdie(mod, pc, &bias) : nullptr;
    Dwarf_Die* scopes = nullptr;
    int n = cu ? dwarf_getscopes(cu, pc - bias, &scopes) : 0;
    // Inlined frames: each DW_TAG_inlined_subroutine scope, innermost first;
    // the call site of one is the line of the next.
    Dwfl_Line* l = mod ? dwfl_module_getsrc(mod, pc) : nullptr;
    int line = 0;
    const char* file = l ? dwfl_lineinfo(l, nullptr, &line, nullptr, nullptr, nullptr) : nullptr;
    for (int s = 0; s < n; s++) {
      int tag = dwarf_tag(&scopes[s]);
      if (tag != DW_TAG_inlined_subroutine && tag != DW_TAG_subprogram) continue;
      Dwarf_Attribute a;
      Dwarf_Die origin;
      Dwarf_Die* d = &scopes[s];
      if (dwarf_attr_integrate(d, DW_AT_abstract_origin, &a)) d = dwarf_formref_die(&a, &origin);
      const char* name = d ? dwarf_diename(d) : nullptr;
      Dwarf_Attribute link;
      if (d && dwarf_attr_integrate(d, DW_AT_linkage_name, &link)) name = dwarf_formstring(&link);
      out += demangle(name) + " " + (file ? file : "??") + ":" + std::to_string(line) + "\n";
      if (tag == DW_TAG_subprogram) break;
      Dwarf_Word cl = 0;
      if (dwarf_attr(&scopes[s], DW_AT_call_line, &a)) dwarf_formudata(&a, &cl);
      line = int(cl);
      Dwarf_Files* files;
      Dwarf_Word cf = 0;
      if (dwarf_attr(&scopes[s], DW_AT_call_file, &a) && dwarf_formudata(&a, &cf) == 0 &&
          dwarf_getsrcfiles(cu, &files, nullptr) == 0)
        file = dwarf_filesrc(files, cf, nullptr, nullptr);
    }
    std::free(scopes);
    if (n <= 0) out += "?? ??:0\n";
  }
}

void symbolize_libunwind() {
  // libunwind names only the function of an address it is unwinding; give
  // it our own stack again and ask for each frame's name.
  unw_context_t uc;
  unw_cursor_t c;
  unw_getcontext(&uc);
  unw_init_local(&c, &uc);
  char name[512];
  unw_word_t off;
  do {
    if (unw_get_proc_name(&c, name, sizeof name, &off) == 0) out += demangle(name) + "\n";
  } while (unw_step(&c) > 0);
}

template <class F>
void time_symbolize(const char* what, F f) {
  out.clear();
  auto t0 = clock_type::now();
  f();
  double first = us_since(t0);
  std::string first_out = out;
  constexpr int reps = 20;
  t0 = clock_type::now();
  for (int i = 0; i < reps; i++) {
    out.clear();
    f();
  }
  double again = us_since(t0) / reps;
  int lines = 0, inlined_shown = 0, with_line = 0;
  for (std::size_t p = 0, q; (q = first_out.find('\n', p)) != std::string::npos; p = q + 1) {
    std::string l = first_out.substr(p, q - p);
    lines++;
    if (l.find("leaf_inline") != std::string::npos) inlined_shown = 1;
    if (l.find(".cpp:") != std::string::npos) with_line++;
  }
  std::printf("%-16s first %9.0f us  again %7.1f us  %2d lines  inlined frame %s  %2d with file:line\n",
              what, first, again, lines, inlined_shown ? "yes" : "no ", with_line);
  if (std::getenv("SHOW")) std::printf("%s\n", first_out.c_str());
}

void measure() {
  int frames = 0;
  std::printf("capture (unwind only), %d-deep stack:\n", depth);
  std::printf("  libgcc _Unwind_Backtrace %6.2f us", time_capture(capture_libgcc, &frames));
  std::printf("  (%d frames)\n", frames);
  std::printf("  libunwind unw_backtrace  %6.2f us", time_capture(capture_libunwind, &frames));
  std::printf("  (%d frames)\n", frames);
  std::printf("  boost::stacktrace        %6.2f us", time_capture(capture_boost, &frames));
  std::printf("  (%d frames)\n", frames);
  npcs = capture_libgcc();
  std::printf("symbolize those frames:\n");
  time_symbolize("libbacktrace", symbolize_libbacktrace);
  time_symbolize("boost(backtrace)", symbolize_boost);
  time_symbolize("libdw", symbolize_libdw);
  time_symbolize("libunwind", symbolize_libunwind);
}

__attribute__((always_inline)) inline void leaf_inline() { measure(); }

__attribute__((noinline)) void recurse(int n) {
  if (n == 0) {
    leaf_inline();
  } else {
    recurse(n - 1);
  }
  asm volatile("");
}

}  // namespace

int main() { recurse(depth - 4); }
