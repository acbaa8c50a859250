// From Go 1.19's src/sync/once_test.go: TestOnce and TestOncePanic (a
// function that throws counts as run).
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <memory>

void run(std::shared_ptr<gogo::once> once, std::shared_ptr<int> o, gogo::chan<bool> c) {
  once->call([o] { ++*o; });
  check(*o == 1, "once failed inside run: " + std::to_string(*o) + " is not 1");
  c.send(true);
}

void test_once() {
  auto o = std::make_shared<int>(0);
  auto once = std::make_shared<gogo::once>();
  auto c = gogo::make_chan<bool>();
  constexpr int N = 10;
  for (int i = 0; i < N; i++) go run(once, o, c);
  for (int i = 0; i < N; i++) c.recv();
  check(*o == 1, "once failed outside run: " + std::to_string(*o) + " is not 1");
}

void test_once_panic() {
  gogo::once once;
  bool threw = false;
  try {
    once.call([] { throw std::runtime_error("failed"); });
  } catch (const std::runtime_error&) {
    threw = true;
  }
  check(threw, "once.call did not throw");
  once.call([] { panic("once.call called twice"); });
}

int main() {
  test_once();
  test_once_panic();
}
