// One gogo-loop-capture finding (line 9), nothing else.
#include <gogo/gogo.hpp>

void use(int) {}

void spawn(gogo::wait_group &wg) {
  for (int i = 0; i < 3; ++i) {
    wg.add(1);
    go [&] { use(i); wg.done(); };
  }
  wg.wait();
}
