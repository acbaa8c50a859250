// A template and an inline function with go statements, found through -I;
// it includes its neighbour by a relative name.
#pragma once
#include "node.hpp"
#include <gogo/gogo.hpp>

namespace app {

template <class F>
void visit_all(const node* nodes, int n, F f, gogo::wait_group& wg) {
  wg.add(n);
  for (int i = 0; i < n; ++i) {
    const node* at = &nodes[i];
    go [f, at, &wg] { f(*at); wg.done(); };
  }
}

inline void visit_one(const node& at, gogo::chan<int> done) {
  go [&at, done] { done.send(at.id * 10); };
}

}  // namespace app
