// From Go 1.19's src/sync/waitgroup_test.go: TestWaitGroup, TestWaitGroupMisuse
// (a negative counter throws), TestWaitGroupRace and TestWaitGroupAlign.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>

void test_wait_group(gogo::wait_group& wg1, gogo::wait_group& wg2) {
  constexpr int n = 16;
  wg1.add(n);
  wg2.add(n);
  auto exited = gogo::make_chan<bool>(n);
  for (int i = 0; i != n; i++) {
    go [&wg1, &wg2, exited] {
      wg1.done();
      wg2.wait();
      exited.send(true);
    };
  }
  wg1.wait();
  for (int i = 0; i != n; i++) {
    check(exited.poll().status == gogo::recv_status::would_block,
          "WaitGroup released group too soon");
    wg2.done();
  }
  for (int i = 0; i != n; i++) exited.recv();  // blocks if the barrier fails to unlock someone
}

void test_wait_group_misuse() {
  gogo::wait_group wg;
  wg.add(1);
  wg.done();
  try {
    wg.done();
  } catch (const std::logic_error& e) {
    check(std::string(e.what()) == "sync: negative WaitGroup counter",
          std::string("Unexpected panic: ") + e.what());
    return;
  }
  panic("Should panic");
}

void test_wait_group_race() {
  for (int i = 0; i < 1000; i++) {
    gogo::wait_group wg;
    std::atomic<int> n{0};
    wg.add(1);
    go [&] {
      n++;
      wg.done();
    };
    wg.add(1);
    go [&] {
      n++;
      wg.done();
    };
    wg.wait();
    check(n.load() == 2, "Spurious wakeup from Wait");
  }
}

void test_wait_group_align() {
  struct X {
    char x;
    gogo::wait_group wg;
  };
  X x;
  x.wg.add(1);
  go [](X* x) { x->wg.done(); }(&x);
  x.wg.wait();
}

int main() {
  gogo::wait_group wg1, wg2;
  // The same test a few times: the barrier must be reusable.
  for (int i = 0; i != 8; i++) test_wait_group(wg1, wg2);
  test_wait_group_misuse();
  test_wait_group_race();
  test_wait_group_align();
}
