#include "parts.h"
#include <cstdio>
void part_a(gogo::wait_group* wg) {
  go [wg] { std::puts("hello from a"); wg->done(); };
}
