// The checks as a clang-tidy module: clang-tidy --load=libgogo-tidy.so
// knows the gogo-* checks, reports them with their names, honours NOLINT,
// reads .gogo-lint.yaml, and applies the fix-its with --fix.
//
// REQUIRES: gogo-tidy
// RUN: %clang-tidy --load=%gogo-tidy --list-checks --checks='-*,gogo-*' | FileCheck %s --check-prefix=LIST
// LIST-DAG: gogo-loop-capture
// LIST-DAG: gogo-dangling-capture
// LIST-DAG: gogo-main-exit
// LIST-DAG: gogo-reference-parameter
// LIST-DAG: gogo-unrewritable
//
// RUN: %clang-tidy --load=%gogo-tidy --checks='-*,gogo-*' %s -- -std=c++17 -I%S/Inputs/spawners 2>&1 | FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
//
// One check only: the other stays silent.
// RUN: %clang-tidy --load=%gogo-tidy --checks='-*,gogo-dangling-capture' %s -- -std=c++17 -I%S/Inputs/spawners 2>&1 | FileCheck %s --check-prefix=ONE --implicit-check-not=warning:
// ONE: warning: thread captures local variable 'x' by reference
//
// --fix: the fixed file is the one gogo-rewrite --fix writes.
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/tidy.cpp && cp %s %t/gogo.cpp
// RUN: %clang-tidy --load=%gogo-tidy --checks='-*,gogo-loop-capture' --fix %t/tidy.cpp -- -std=c++17 -I%S/Inputs/spawners > /dev/null 2>&1
// RUN: %gogo-rewrite --lint --fix %t/gogo.cpp -- -std=c++17 -I%S/Inputs/spawners > /dev/null 2>&1
// RUN: cmp %t/tidy.cpp %t/gogo.cpp
// RUN: FileCheck %s --input-file=%t/tidy.cpp --check-prefix=CHECK-FIXES

#include <tbb/task_group.h>

#include <thread>
#include <vector>

void use(int) {}

void threads(int n) {
  std::vector<std::thread> pool;
  for (int i = 0; i < n; ++i)
    // CHECK: tidy-module.cpp:[[@LINE+1]]:33: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    pool.emplace_back([&] { use(i); });
  // CHECK-FIXES: {{^}}    pool.emplace_back([&, i] { use(i); });{{$}}
  // CHECK: :[[@LINE-2]]:10: note: thread started here, inside the loop
  for (auto &t : pool) t.join();
}

void silenced(int n) {
  std::vector<std::thread> pool;
  for (int i = 0; i < n; ++i)
    pool.emplace_back([&] { use(i); }); // NOLINT(gogo-loop-capture)
  for (auto &t : pool) t.join();
}

void built_in_spawner(tbb::task_group &group, int n) {
  for (int i = 0; i < n; ++i)
    // CHECK: tidy-module.cpp:[[@LINE+1]]:25: warning: task given to 'run' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    group.run([&] { use(i); });
  group.wait();
}

void dangling() {
  int x = 1;
  // CHECK: tidy-module.cpp:[[@LINE+1]]:25: warning: thread captures local variable 'x' by reference, and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  std::thread([&] { use(x); }).detach();
}
