#include "parts.h"
int main() {
  gogo::wait_group wg;
  wg.add(2);
  part_a(&wg);
  part_b(&wg);
  wg.wait();
}
