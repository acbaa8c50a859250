// The command line and result line shared by the C++ peers (gogo and
// Boost.Fiber); bench/go/internal/report prints the same line for Go, and
// bench/run.py parses it:
//
//   name=<workload> peer=<peer> n=<N> workers=<W> ops=<ops> total_ns=<t>
//   ns_per_op=<t/ops> peak_rss_kb=<VmHWM> base_rss_kb=<VmRSS before the work>
//   pte_kb=<VmPTE after the work> base_pte_kb=<VmPTE before the work>
//
// Memory comes from /proc/self/status: VmHWM is the peak resident set of the
// whole process, VmRSS at start() is the baseline that park subtracts.
// VmPTE is the page tables, which the resident set does not count; a
// process keeps them after its goroutines exit, so after the work they are
// at their peak.
#ifndef GOGO_BENCH_REPORT_HPP
#define GOGO_BENCH_REPORT_HPP

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace bench {

// argv[i] as a number > 0, or `fallback` when absent; anything else prints
// "usage: <program> <usage>" and exits with 2.
inline long positive_arg(int argc, char** argv, int i, long fallback, const char* usage) {
  if (argc <= i) return fallback;
  char* end = nullptr;
  long v = std::strtol(argv[i], &end, 10);
  if (*argv[i] == '\0' || *end != '\0' || v <= 0) {
    std::fprintf(stderr, "usage: %s %s\n", argv[0], usage);
    std::exit(2);
  }
  return v;
}

// The workload size from argv[1], or `fallback` when absent.
inline long size_arg(int argc, char** argv, long fallback) {
  return positive_arg(argc, argv, 1, fallback, "[N>0]");
}

// How many bursts a workload runs, from argv[2] (default 1): all but the
// last are untimed warm-up, so the timed one runs on a warmed-up runtime
// (Go's testing.B does the same by running a benchmark repeatedly).
inline long bursts_arg(int argc, char** argv) {
  return positive_arg(argc, argv, 2, 1, "[N>0 [bursts>0]]");
}

// One "Key:   123 kB" field of /proc/self/status, in kB; -1 if unreadable.
inline long status_kb(const char* key) {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  long kb = -1;
  std::size_t len = std::strlen(key);
  while (std::fgets(line, sizeof line, f)) {
    if (std::strncmp(line, key, len) == 0 && line[len] == ':') {
      kb = std::strtol(line + len + 1, nullptr, 10);
      break;
    }
  }
  std::fclose(f);
  return kb;
}

// The worker count this peer runs with, from the environment variable that
// configures it (GOGO_MAXPROCS for gogo); Boost.Fiber passes 1.
inline long workers_from_env(const char* var) {
  const char* v = std::getenv(var);
  return v && *v ? std::strtol(v, nullptr, 10) : 0;
}

class run {
 public:
  run(const char* name, const char* peer, long n, long workers)
      : name_(name), peer_(peer), n_(n), workers_(workers),
        base_kb_(status_kb("VmRSS")),
        base_pte_kb_(status_kb("VmPTE")),
        start_(std::chrono::steady_clock::now()) {}

  // Stops the clock and prints the result line; ops is what ns_per_op
  // divides by.
  void finish(long ops) const {
    auto total = std::chrono::duration_cast<std::chrono::nanoseconds>(
                     std::chrono::steady_clock::now() - start_).count();
    finish_measured(ops, total);
  }

  // Prints the result line with a measured quantity in place of the
  // elapsed time, for workloads whose figure is not a duration of the whole
  // run (the worst lateness of a ticker).
  void finish_measured(long ops, long long total) const {
    std::printf(
        "name=%s peer=%s n=%ld workers=%ld ops=%ld total_ns=%lld "
        "ns_per_op=%.2f peak_rss_kb=%ld base_rss_kb=%ld pte_kb=%ld base_pte_kb=%ld\n",
        name_, peer_, n_, workers_, ops, static_cast<long long>(total),
        static_cast<double>(total) / static_cast<double>(ops),
        status_kb("VmHWM"), base_kb_, status_kb("VmPTE"), base_pte_kb_);
    std::fflush(stdout);
  }

 private:
  const char* name_;
  const char* peer_;
  long n_;
  long workers_;
  long base_kb_;
  long base_pte_kb_;
  std::chrono::steady_clock::time_point start_;
};

// Reports a failed self-check and exits 1 (the driver records the failure).
[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "%s\n", what.c_str());
  std::exit(1);
}

}  // namespace bench

#endif
