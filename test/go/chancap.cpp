// From Go 1.19's test/chancap.go: len and cap of channels, and the capacity
// check: sizes that are negative in Go (huge as a std::size_t), beyond the
// allocation limit, or whose byte size overflows are refused.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <cstdint>
#include <functional>
#include <string>

using T = gogo::chan<int>;

void should_panic(const std::string& str, const std::function<void()>& f) {
  try {
    f();
  } catch (const gogo::channel_error& e) {
    std::string s = e.what();
    check(s.find(str) != std::string::npos, "got panic " + s + ", want " + str);
    return;
  }
  panic("did not panic");
}

int main() {
  T c = gogo::make_chan<int>(10);
  check(c.len() == 0 && c.cap() == 10, "chan len/cap want 0 10");
  for (int i = 0; i < 3; i++) c.send(i);
  check(c.len() == 3 && c.cap() == 10, "chan len/cap want 3 10");

  c = gogo::make_chan<int>();
  check(c.len() == 0 && c.cap() == 0, "chan len/cap want 0 0");

  int n = -1;
  should_panic("makechan: size out of range", [n] { (void)gogo::make_chan<int>(std::size_t(n)); });
  should_panic("makechan: size out of range",
               [n] { (void)gogo::make_chan<int>(std::size_t(std::int64_t(n))); });
  // More memory than the allocation limit.
  std::int64_t n2 = std::int64_t(1) << 59;
  should_panic("makechan: size out of range", [n2] { (void)gogo::make_chan<int>(std::size_t(n2)); });
  // Element size times capacity overflows.
  n2 = INT64_MAX;
  should_panic("makechan: size out of range", [n2] { (void)gogo::make_chan<int>(std::size_t(n2)); });
}
