// Beside the sources and included by a relative name.
#pragma once
#include <gogo/gogo.hpp>
#include <cstdio>
void shout(int);
inline void shout_later(int n, gogo::wait_group& wg) {
  wg.add(1);
  go [n, &wg] { shout(n); wg.done(); };
}
