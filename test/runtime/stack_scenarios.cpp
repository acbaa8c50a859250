// Programs about goroutine stacks, run as `gogo_stack_scenarios <name>` by
// subprocess_test.cpp: what fits the default stack (a 64 KiB buffer,
// std::regex, iostreams) and how overflowing it ends (gogo's message, exit
// status 2). The test build compiles this file with g++ and clang++, each
// with nothing but gogo's usage requirements: overflow detection depends on
// the stack probes they add.
#define GOGO_NO_GO_KEYWORD
#include <gogo/gogo.hpp>

#include "scenario.hpp"

#include <cstdio>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>

namespace {

// Runs f on a goroutine of its own and waits for it.
template <class F>
void in_goroutine(F f) {
  gogo::wait_group wg;
  wg.add(1);
  gogo::go([&] {
    f();
    wg.done();
  });
  wg.wait();
}

// A frame of N bytes that writes only the bottom of its buffer, as a
// function with a large local buffer for occasional long strings does.
// Without stack probes, at GOGO_STACK_SIZE=64k, it ran past its guard into
// the stack below and exited 0, or died by a bare SIGSEGV.
template <std::size_t N>
__attribute__((noinline)) void format_in_big_buffer() {
  char buf[N];
  std::snprintf(buf, sizeof buf, "%zu-byte buffer", N);
  std::puts(buf);
}

template <std::size_t N>
int big_frame() {
  in_goroutine(format_in_big_buffer<N>);
  return 0;
}

// Fills and sums a buffer behind the compiler's back.
__attribute__((noinline)) unsigned fill_and_sum(char* p, std::size_t n) {
  std::memset(p, 1, n);
  asm volatile("" : : "r"(p) : "memory");
  unsigned sum = 0;
  for (std::size_t i = 0; i < n; i++) sum += static_cast<unsigned char>(p[i]);
  return sum;
}

// A 64 KiB local buffer, every byte of it used.
int full_64k_buffer() {
  in_goroutine([] {
    char buf[64 * 1024];
    std::printf("%u\n", fill_and_sum(buf, sizeof buf));
  });
  return 0;
}

__attribute__((noinline)) unsigned long recurse(unsigned long n) {
  volatile char pad[512];
  pad[0] = char(n);
  return n == 0 ? pad[0] : recurse(n + 1) + pad[0];
}

int deep_recursion() {
  in_goroutine([] { std::printf("%lu\n", recurse(1)); });
  return 0;
}

// The same in main, goroutine 1, whose stack is as large as a thread's.
int main_deep_recursion() {
  std::printf("%lu\n", recurse(1));
  return 0;
}

// The same in a goroutine with a 1 MiB stack of its own.
int own_stack_overflow() {
  gogo::wait_group wg;
  wg.add(1);
  gogo::go_with(gogo::stack_size(1 << 20), [&] {
    std::printf("%lu\n", recurse(1));
    wg.done();
  });
  wg.wait();
  return 0;
}

#if defined(__x86_64__)
// What code compiled without stack probes does on entry to a frame of n
// bytes: it moves the stack pointer down by n at once, then writes at the
// bottom (the return address of its first call).
__attribute__((noinline)) void unprobed_frame(std::size_t n) {
  asm volatile(
      "subq %0, %%rsp\n\t"
      "movq $0, (%%rsp)\n\t"
      "addq %0, %%rsp"
      :
      : "r"(n)
      : "memory");
}

// At GOGO_STACK_SIZE=256k (a 64 KiB guard at the bottom), from the top of a
// fresh goroutine: a 224 KiB frame's bottom lies in the goroutine's own
// guard; a 480 KiB one skips it and lands in the guard of the stack slot
// below (or the one that starts every reservation).
int unprobed_into_guard() {
  in_goroutine([] { unprobed_frame(224 * 1024); });
  return 0;
}

int unprobed_below_guard() {
  in_goroutine([] { unprobed_frame(480 * 1024); });
  return 0;
}
#endif

// A text of about n bytes: lines of words, numbers and e-mail addresses.
std::string sample_text(std::size_t n) {
  std::string s;
  for (int i = 0; s.size() < n; i++)
    s += "line " + std::to_string(i) + ": user" + std::to_string(i % 7) +
         "@example.com wrote   some words\n";
  return s;
}

// std::regex as a program reads text: search, iterate and replace over
// 16 KB, and match whole lines of a few hundred characters. (libstdc++'s
// matcher recurses once per character that one repetition matches: a
// single match of thousands of characters needs a larger stack; see
// docs/runtime.md, "Stack sizes and overflow".)
int regex_text() {
  in_goroutine([] {
    const std::string text = sample_text(16 * 1024);
    std::regex address(R"((\w+)@(\w+)\.com)");
    std::size_t addresses = 0;
    for (std::sregex_iterator it(text.begin(), text.end(), address), end; it != end; ++it)
      addresses++;
    std::string squeezed = std::regex_replace(text, std::regex(" +"), " ");
    std::smatch first;
    std::regex_search(text, first, std::regex(R"(line (\d+): user3@\w+\.com wrote +some)"));
    std::string line(400, 'a');
    bool whole = std::regex_match(line, std::regex("[a-z]*"));
    std::printf("addresses=%zu squeezed=%zu first=%s whole=%d\n", addresses,
                text.size() - squeezed.size(), first[1].str().c_str(), int(whole));
  });
  return 0;
}

// A regex_match of 10,000 characters (3-4 MiB of recursion) on a goroutine
// given a stack for it.
int own_stack_regex() {
  gogo::wait_group wg;
  wg.add(1);
  gogo::go_with(gogo::stack_size(8 << 20), [&] {
    bool whole = std::regex_match(std::string(10000, 'a'), std::regex("[a-z]*"));
    std::printf("whole=%d\n", int(whole));
    wg.done();
  });
  wg.wait();
  return 0;
}

// A deadlock with a goroutine on a stack of its own among the blocked: the
// report lists it like the others.
int own_stack_deadlock() {
  auto never = gogo::make_chan<int>();
  gogo::go_with(gogo::stack_size(1 << 20), [never] { never.recv(); });
  gogo::go([never] { never.recv(); });
  never.recv();
  return 0;
}

// Formatting and parsing with iostreams in many goroutines at once.
int iostreams() {
  constexpr int n = 200;
  auto results = gogo::make_chan<std::string>(n);
  for (int i = 0; i < n; i++) {
    gogo::go([results, i] {
      std::ostringstream out;
      out << std::fixed << std::setprecision(3) << i * 0.5 << ' ' << std::hex << i << ' '
          << std::setw(6) << std::setfill('.') << std::dec << i;
      std::istringstream in(out.str());
      double half = 0;
      int hex = 0;
      in >> half >> std::hex >> hex;
      if (half != i * 0.5 || hex != i) out << " WRONG";
      results.send(out.str());
    });
  }
  int wrong = 0;
  std::string last;
  for (int i = 0; i < n; i++) {
    std::string s = *results.recv();
    if (s.find("WRONG") != std::string::npos) wrong++;
    if (s.rfind("99.500 ", 0) == 0) last = s;
  }
  in_goroutine([&] { std::cout << "wrong=" << wrong << " last=" << last << std::endl; });
  return 0;
}

const scenario scenarios[] = {
    {"big-frame-65536", big_frame<65536>},
    {"big-frame-70000", big_frame<70000>},
    {"full-64k-buffer", full_64k_buffer},
    {"deep-recursion", deep_recursion},
    {"main-deep-recursion", main_deep_recursion},
    {"own-stack-overflow", own_stack_overflow},
    {"own-stack-regex", own_stack_regex},
    {"own-stack-deadlock", own_stack_deadlock},
#if defined(__x86_64__)
    {"unprobed-into-guard", unprobed_into_guard},
    {"unprobed-below-guard", unprobed_below_guard},
#endif
    {"regex", regex_text},
    {"iostreams", iostreams},
};

}  // namespace

int main(int argc, char** argv) { return run_scenario(argc, argv, scenarios); }
