// A C++20 program using the installed gogo: it compiles only if the flags
// gogo's package adds leave the user's -std=c++20 in force.
#define GOGO_NO_GO_KEYWORD
#include <gogo/gogo.hpp>
#include <concepts>
#include <cstdio>

static_assert(__cplusplus >= 202002L, "built below C++20: the package lowered the standard");

template <std::integral T>
T sum_of(gogo::chan<T> ch) {
  T sum{};
  for (T v : ch) sum += v;
  return sum;
}

int main() {
  auto ch = gogo::make_chan<int>();
  gogo::go([ch] { for (int i = 1; i <= 3; i++) ch.send(i * 7); ch.close(); });
  std::printf("sum=%d\n", sum_of(ch));
}
