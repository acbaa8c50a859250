#pragma once
#include <gogo/gogo.hpp>
void work(int);
// go statements in a header: rewritten into a copy (with --header-dir).
inline void spawn_in_header(int n) {
  go work(n);
}

template <class T>
void spawn_template(T n) {
  go work(n);
}
