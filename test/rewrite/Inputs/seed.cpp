#include <gogo/gogo.hpp>
#include <cstdio>

int main() {
  gogo::wait_group wg;
  for (int i = 0; i < 10; i++) {
    wg.add(1);
    go [&wg](int n) { std::printf("%d\n", n); wg.done(); }(i);
  }
  wg.wait();
}
