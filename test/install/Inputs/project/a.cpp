#include "parts.h"
#include <a_config.h>
#include <cstdio>
void part_a(gogo::wait_group* wg) {
  go [wg] { std::puts(A_MESSAGE); wg->done(); };
}
