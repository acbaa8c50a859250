#pragma once
#include <gogo/gogo.hpp>
#include <cstdio>
inline void greet_later(gogo::wait_group* wg) {
  go [wg] { std::puts("hello from a header"); wg->done(); };
}
