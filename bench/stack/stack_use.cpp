// stack_use: how much stack common C++ needs, to choose gogo's default
// goroutine stack size (docs/performance.md, "Goroutine stack size").
//
// Each workload runs on a thread whose stack is a fresh mapping filled with
// a byte pattern; afterwards the lowest byte that differs from the pattern
// is as deep as the workload went. Figures are bytes of stack below the
// thread's entry function, the cost of an empty workload subtracted.
// Built by the benchmarks' CMake as bench-stack-use; also:
//   g++ -std=c++17 -O2 -pthread bench/stack/stack_use.cpp -o stack_use
#include <pthread.h>
#include <sys/mman.h>

#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>

namespace {

constexpr std::size_t stack_bytes = std::size_t(16) << 20;
constexpr unsigned char pattern = 0xa5;

// Bytes of stack f() used, counted from the thread's start.
std::size_t depth_of(const std::function<void()>& f) {
  void* p = mmap(nullptr, stack_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return 0;
  std::memset(p, pattern, stack_bytes);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstack(&attr, p, stack_bytes);
  pthread_t t;
  auto body = [](void* arg) -> void* {
    (*static_cast<const std::function<void()>*>(arg))();
    return nullptr;
  };
  pthread_create(&t, &attr, body, const_cast<std::function<void()>*>(&f));
  pthread_join(t, nullptr);
  pthread_attr_destroy(&attr);
  const auto* bytes = static_cast<const unsigned char*>(p);
  std::size_t lowest = 0;
  while (lowest < stack_bytes && bytes[lowest] == pattern) lowest++;
  munmap(p, stack_bytes);
  return stack_bytes - lowest;
}

std::size_t baseline;

std::size_t used(const std::function<void()>& f) { return depth_of(f) - baseline; }

std::string words(std::size_t n) {
  std::string s;
  while (s.size() < n) s += "word ";
  s.resize(n);
  return s;
}

volatile std::size_t sink;

// One workload over texts of several lengths: bytes used and bytes per
// character of the longest.
void per_char(const char* what, const std::function<void(std::size_t)>& f) {
  std::printf("%-46s", what);
  std::size_t last = 0, n_last = 0;
  for (std::size_t n : {1000, 2000, 3000, 10000}) {
    last = used([&] { f(n); });
    n_last = n;
    std::printf(" %9zu", last);
  }
  std::printf(" %7.0f\n", double(last) / double(n_last));
}

void once(const char* what, const std::function<void()>& f) {
  std::printf("%-46s %9zu\n", what, used(f));
}

}  // namespace

int main() {
  baseline = depth_of([] {});
  std::printf("bytes of stack used, for texts of %s characters (last: bytes per character)\n",
              "1000, 2000, 3000, 10000");
  per_char("regex_match(\"aaa...\", \"[a-z]*\")", [](std::size_t n) {
    sink = std::regex_match(std::string(n, 'a'), std::regex("[a-z]*"));
  });
  per_char("regex_match(\"word word...\", \"(\\\\w+\\\\s?)*\")", [](std::size_t n) {
    sink = std::regex_match(words(n), std::regex("(\\w+\\s?)*"));
  });
  per_char("regex_search(\"...\\\"aaa...\\\"\", \"\\\"[^\\\"]*\\\"\")", [](std::size_t n) {
    sink = std::regex_search("x\"" + std::string(n, 'a') + "\"", std::regex("\"[^\"]*\""));
  });
  per_char("regex_search(\"aaa...needle\", \"needle\")", [](std::size_t n) {
    sink = std::regex_search(std::string(n, 'a') + "needle", std::regex("needle"));
  });
  per_char("sregex_iterator(\"word word...\", \"\\\\w+\")", [](std::size_t n) {
    std::string s = words(n);
    std::regex re("\\w+");
    std::size_t k = 0;
    for (std::sregex_iterator it(s.begin(), s.end(), re), end; it != end; ++it) k++;
    sink = k;
  });
  per_char("regex_replace(\"word  word...\", \" +\", \" \")", [](std::size_t n) {
    sink = std::regex_replace(words(n), std::regex(" +"), " ").size();
  });
  std::printf("\nbytes of stack used\n");
  once("std::cout << double << int << string << endl", [] {
    std::cout << 3.14159 << ' ' << 42 << ' ' << std::string("(the workload's line)") << std::endl;
  });
  once("ostringstream << double; istringstream >> double", [] {
    std::ostringstream out;
    out << 2.718281828 << ' ' << 1e300;
    std::istringstream in(out.str());
    double a = 0, b = 0;
    in >> a >> b;
    sink = std::size_t(a + b > 0);
  });
  once("snprintf(\"%g %s %d\")", [] {
    char b[64];
    sink = std::size_t(std::snprintf(b, sizeof b, "%g %s %d", 3.14159, "x", 42));
  });
  once("snprintf(\"%f\", 1e300)", [] {
    char b[400];
    sink = std::size_t(std::snprintf(b, sizeof b, "%f", 1e300));
  });
  // "%.0d" of 0 prints nothing, through all of vfprintf.
  once("fprintf(stderr, ...) (unbuffered stream)", [] { std::fprintf(stderr, "%.0d", 0); });
  once("throw and catch std::runtime_error", [] {
    try {
      throw std::runtime_error("x");
    } catch (const std::exception& e) {
      sink = std::strlen(e.what());
    }
  });
  return 0;
}
