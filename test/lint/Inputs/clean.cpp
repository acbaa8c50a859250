// No findings: lint prints nothing at all for this file.
#include <gogo/gogo.hpp>

void use(int) {}

int main() {
  gogo::wait_group wg;
  for (int i = 0; i < 3; ++i) {
    wg.add(1);
    go [&wg, i] { use(i); wg.done(); };
  }
  wg.wait();
}
