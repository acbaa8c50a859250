#include "env.hpp"

#include "fatal.hpp"
#include "stack_memory.hpp"

#include <cerrno>
#include <cstdlib>
#include <thread>

#include <unistd.h>

namespace gogo::detail {
namespace {

constexpr std::size_t default_stack_size = 256 * 1024;
constexpr unsigned default_max_threads = 10000;

}  // namespace

unsigned read_maxprocs() {
  const char* v = std::getenv("GOGO_MAXPROCS");
  if (!v || !*v) {
    unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : n > max_maxprocs ? max_maxprocs : n;
  }
  char* end = nullptr;
  errno = 0;
  long n = std::strtol(v, &end, 10);
  if (errno || *end || n < 1 || n > long(max_maxprocs))
    fatal_bad_setting("GOGO_MAXPROCS", v, "want an integer 1..1024");
  return unsigned(n);
}

unsigned read_max_threads(unsigned maxprocs) {
  const char* v = std::getenv("GOGO_MAXTHREADS");
  if (!v || !*v) return maxprocs > default_max_threads ? maxprocs : default_max_threads;
  char* end = nullptr;
  errno = 0;
  long n = std::strtol(v, &end, 10);
  if (errno || *end || n < 1 || n > 100000)
    fatal_bad_setting("GOGO_MAXTHREADS", v, "want an integer 1..100000");
  return unsigned(n) < maxprocs ? maxprocs : unsigned(n);
}

std::size_t read_stack_size() {
  const char* v = std::getenv("GOGO_STACK_SIZE");
  if (!v || !*v) return default_stack_size;
  char* end = nullptr;
  errno = 0;
  unsigned long long n = std::strtoull(v, &end, 10);
  unsigned long long unit = 1;
  if (*end == 'k' || *end == 'K') unit = 1024, end++;
  else if (*end == 'm' || *end == 'M') unit = 1024 * 1024, end++;
  if (errno || end == v || *end || v[0] == '-' || n > (1ull << 40) / unit)
    fatal_bad_setting("GOGO_STACK_SIZE", v,
                      "want bytes, optionally with a k or m suffix, e.g. 256k");
  std::size_t bytes = std::size_t(n * unit);
  if (bytes < min_stack_size) fatal_bad_setting("GOGO_STACK_SIZE", v, "want at least 16k");
  std::size_t page = std::size_t(sysconf(_SC_PAGESIZE));
  return (bytes + page - 1) / page * page;
}

}  // namespace gogo::detail
