// No go token of its own: it still needs the rewritten copies.
#include <app/graph.hpp>
#include "local.hpp"
#include <cstdio>
void shout(int n) { std::printf("shout %d\n", n); }
int visit_from_helper() {
  app::node n{7};
  auto done = gogo::make_chan<int>(1);
  app::visit_one(n, done);
  return *done.recv();
}
