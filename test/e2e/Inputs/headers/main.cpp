// Go statements in headers, rewritten into copies of the headers.
#include <app/graph.hpp>
#include "local.hpp"
#include <cstdio>
int visit_from_helper();
void ping(gogo::chan<int> c) { c.send(1); }
int main() {
  auto c = gogo::make_chan<int>(1);
  go ping(c);
  std::printf("ping %d\n", *c.recv());
  gogo::wait_group wg;
  app::node nodes[] = {{1}, {2}, {3}};
  gogo::mutex mu;
  int sum = 0;
  app::visit_all(nodes, 3, [&](const app::node& n) {
    mu.lock();
    sum += n.id;
    mu.unlock();
  }, wg);
  shout_later(5, wg);
  wg.wait();
  std::printf("sum %d\n", sum);
  std::printf("helper %d\n", visit_from_helper());
}
