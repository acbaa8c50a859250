// From Go 1.19's test/chan/zerosize.go: channels of Go's zero-sized types.
// C++ has none (an empty class has size 1); the closest are an empty
// struct, std::monostate and a zero-length std::array.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <array>
#include <variant>

struct empty {};

int main() {
  (void)gogo::make_chan<std::array<char, 0>>();
  (void)gogo::make_chan<std::array<char, 0>>(1);
  (void)gogo::make_chan<empty>();
  (void)gogo::make_chan<empty>(1);
  auto c = gogo::make_chan<std::monostate>(1);
  c.send({});
  check(c.recv().has_value(), "no value");
}
