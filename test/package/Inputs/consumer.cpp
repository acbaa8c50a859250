// A program using the installed gogo: a goroutine sends three values.
#define GOGO_NO_GO_KEYWORD
#include <gogo/gogo.hpp>
#include <cstdio>
int main() {
  auto ch = gogo::make_chan<int>();
  gogo::go([ch] { for (int i = 1; i <= 3; i++) ch.send(i * 7); ch.close(); });
  int sum = 0;
  for (int v : ch) sum += v;
  std::printf("sum=%d\n", sum);
}
