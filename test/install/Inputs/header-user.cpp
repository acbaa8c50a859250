#include "parts.h"
#include "go-in-header.hpp"
void part_a(gogo::wait_group* wg) {
  go [wg] { greet_later(wg); };
}
