// A C++20 program, rewritten, linted, compiled with g++ and clang++ in
// C++20 mode, and run: go statements next to ranges (libstdc++'s <ranges>,
// which clang 14 and 15 cannot parse), concepts, std::jthread and a
// coroutine in the same file.
// REQUIRES: llvm-16-or-later
// RUN: %gogo-rewrite %s -- -std=c++20 > %t.cpp
// RUN: %gogo-rewrite --lint %s -- -std=c++20 2>&1 | FileCheck %s --check-prefix=LINT --allow-empty
// RUN: %cxx-gcc -std=c++20 %t.cpp -o %t.gcc %gogo-link
// RUN: %t.gcc | FileCheck %s
// RUN: %cxx-clang -std=c++20 %t.cpp -o %t.clang %gogo-link
// RUN: %t.clang | FileCheck %s
// LINT-NOT: {{.}}
#include <gogo/gogo.hpp>

#include <concepts>
#include <coroutine>
#include <cstdio>
#include <ranges>
#include <thread>
#include <vector>

template <std::integral T>
void square(T n, gogo::chan<T> out) {
  out.send(n * n);
}

// The smallest coroutine: it runs eagerly, its result is never awaited.
struct eager {
  struct promise_type {
    eager get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

eager announce(int n) {
  std::printf("coroutine: %d even numbers\n", n);
  co_return;
}

int main() {
  std::vector<int> v = {1, 2, 3, 4, 5, 6};
  auto even = v | std::views::filter([](int n) { return n % 2 == 0; });
  auto out = gogo::make_chan<int>();
  int count = 0;
  for (int n : even) {
    go square(n, out);
    ++count;
  }
  int sum = 0;
  for (int i = 0; i < count; ++i) sum += *out.recv();
  std::printf("sum of squares of evens: %d\n", sum);

  auto done = gogo::make_chan<int>();
  std::jthread watcher([&] { done.recv(); std::puts("jthread: done"); });
  go [done]() mutable { done.send(1); };
  watcher.join();
  announce(count);
}
// CHECK: sum of squares of evens: 56
// CHECK-NEXT: jthread: done
// CHECK-NEXT: coroutine: 3 even numbers
