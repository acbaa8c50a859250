// --fix and --export-fixes on threads, std::async and user spawners: the
// by-reference capture becomes a copy ([&] -> [&, i], [&i] -> [i]) and
// std::ref(i)/std::cref(i) becomes i where the callee takes a copy or a
// const reference. Cases without a safe fix keep their code. The fixed
// file compiles with both compilers and lints clean but for those; the
// exported YAML, applied, gives the same file.
//
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/fixed.cpp && cp %s %t/exported.cpp
// RUN: %gogo-rewrite --lint --fix %t/fixed.cpp -- -std=c++17 2>&1 | FileCheck %s --check-prefix=MESSAGES
// MESSAGES: applied 5 of 5 fix-its
// RUN: FileCheck %s --input-file=%t/fixed.cpp --check-prefix=CHECK-FIXES
// RUN: %check_gogo --check-prefix=AFTER %t/fixed.cpp -- -std=c++17
// RUN: %cxx-clang -fsyntax-only %t/fixed.cpp
// RUN: %cxx-gcc -fsyntax-only %t/fixed.cpp
// RUN: %gogo-rewrite --lint --export-fixes=%t/fixes.yaml %t/exported.cpp -- -std=c++17 2>/dev/null
// RUN: cmp %s %t/exported.cpp
// RUN: python3 %S/Inputs/apply_fixes.py %t/fixes.yaml %t/exported.cpp > %t/applied.cpp
// RUN: cmp %t/fixed.cpp %t/applied.cpp
//
// CHECK-FIXES patterns are anchored ({{^}}) so they cannot match
// themselves.

#include <functional>
#include <future>
#include <thread>
#include <vector>

void use(int) {}
int square(int x) { return x * x; }
void by_cref(const int &) {}
void by_ref(int &) {}
void by_value(int) {}

void threads(int n) {
  std::vector<std::thread> pool;
  for (int i = 0; i < n; ++i) {
    pool.emplace_back([&] { use(i); });
    // CHECK-FIXES: {{^}}    pool.emplace_back([&, i] { use(i); });{{$}}
    pool.emplace_back([&i] { use(i); });
    // CHECK-FIXES: {{^}}    pool.emplace_back([i] { use(i); });{{$}}
    pool.emplace_back(by_cref, std::cref(i));
    // CHECK-FIXES: {{^}}    pool.emplace_back(by_cref, i);{{$}}
    pool.emplace_back(by_value, std::ref(i));
    // CHECK-FIXES: {{^}}    pool.emplace_back(by_value, i);{{$}}
    // by_ref writes through its reference: a copy would change the
    // meaning, so no fix.
    // AFTER: fixed.cpp:[[@LINE+1]]:31: warning: thread gets a reference to loop variable 'i' through std::ref; every iteration shares it [gogo-loop-capture]
    pool.emplace_back(by_ref, std::ref(i));
    // CHECK-FIXES: {{^}}    pool.emplace_back(by_ref, std::ref(i));{{$}}
    // The thread writes 'i': no fix either.
    // AFTER: fixed.cpp:[[@LINE+1]]:29: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    pool.emplace_back([&] { i += 0; });
  }
  for (auto &t : pool) t.join();
}

int tasks(int n) {
  std::vector<std::future<int>> futures;
  for (int i = 0; i < n; ++i)
    futures.push_back(std::async(std::launch::async, [&] { return square(i); }));
  // CHECK-FIXES: {{^}}    futures.push_back(std::async(std::launch::async, [&, i] { return square(i); }));{{$}}
  int total = 0;
  for (auto &f : futures) total += f.get();
  return total;
}
// AFTER: 2 warnings, 0 errors in 1 file
