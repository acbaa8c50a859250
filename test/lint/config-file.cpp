// The configuration of user spawners: found like .clang-tidy (the nearest
// .gogo-lint.yaml in the source's directory or above), or named with
// --config-file; `builtin: false` drops the built-in Boost.Asio and TBB
// names; annotated functions count whatever the file says. A file that
// cannot be read or parsed is a usage error (exit status 2) naming the
// file and line.
//
// No configuration file above test/lint/: only the built-in names and the
// annotations.
// RUN: %check_gogo --check-prefixes=ALL,BUILTIN %s -- -std=c++17 -I%S/Inputs/spawners
//
// --config-file: the pool of own-pool.yaml too.
// RUN: %check_gogo --config-file=%S/Inputs/config/own-pool.yaml --check-prefixes=ALL,BUILTIN,OWN %s -- -std=c++17 -I%S/Inputs/spawners
// RUN: %check_gogo --config-file=%S/Inputs/config/builtin-off.yaml --check-prefixes=ALL %s -- -std=c++17 -I%S/Inputs/spawners
//
// Found by walking up from the source.
// RUN: rm -rf %t && mkdir -p %t/project/src/deep
// RUN: cp %S/Inputs/config/own-pool.yaml %t/project/.gogo-lint.yaml
// RUN: cp %s %t/project/src/deep/main.cpp
// RUN: %check_gogo --check-prefixes=ALL,BUILTIN,OWN %t/project/src/deep/main.cpp -- -std=c++17 -I%S/Inputs/spawners
// A nearer one wins.
// RUN: cp %S/Inputs/config/builtin-off.yaml %t/project/src/.gogo-lint.yaml
// RUN: %check_gogo --check-prefixes=ALL %t/project/src/deep/main.cpp -- -std=c++17 -I%S/Inputs/spawners
//
// Errors.
// RUN: %gogo-rewrite --lint --config-file=%S/Inputs/config/unknown-key.yaml %s -- -std=c++17 > %t.out 2>&1 || echo "exit=$?" >> %t.out
// RUN: FileCheck %s --input-file=%t.out --check-prefix=UNKNOWN
// UNKNOWN: gogo-rewrite: error: {{.*}}unknown-key.yaml:3: unknown key 'wait' (expected spawns, waits or builtin)
// UNKNOWN: exit=2
// RUN: %gogo-rewrite --lint --config-file=%S/Inputs/config/broken.yaml %s -- -std=c++17 > %t.out 2>&1 || echo "exit=$?" >> %t.out
// RUN: FileCheck %s --input-file=%t.out --check-prefix=BROKEN
// BROKEN: gogo-rewrite: error: {{.*}}broken.yaml:{{[0-9]+}}: {{.+}}
// BROKEN: exit=2
// RUN: %gogo-rewrite --lint --config-file=%S/Inputs/config/bad-name.yaml %s -- -std=c++17 > %t.out 2>&1 || echo "exit=$?" >> %t.out
// RUN: FileCheck %s --input-file=%t.out --check-prefix=BADNAME
// BADNAME: gogo-rewrite: error: {{.*}}bad-name.yaml:2: 'not a name' is not a qualified name like ns::cls::fn
// BADNAME: exit=2
// RUN: %gogo-rewrite --lint --config-file=%t/missing.yaml %s -- -std=c++17 > %t.out 2>&1 || echo "exit=$?" >> %t.out
// RUN: FileCheck %s --input-file=%t.out --check-prefix=MISSING
// MISSING: gogo-rewrite: error: cannot read configuration: {{.*}}missing.yaml
// MISSING: exit=2

#include <tbb/task_group.h>

#include <functional>

void use(int) {}

namespace shop {
struct queue {
  template <class F> void enqueue(F f) { (void)f; }
  void flush() {}
};
}  // namespace shop

template <class F> void start_task(F f) { (void)f; }
namespace elsewhere {
template <class F> void start_task(F f) { (void)f; }
}  // namespace elsewhere

[[clang::annotate("gogo::spawns")]] void later(std::function<void()> f);

void spawners(shop::queue &q, int n) {
  for (int i = 0; i < n; ++i)
    // OWN: :[[@LINE+1]]:25: warning: task given to 'enqueue' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    q.enqueue([&] { use(i); });
  for (int i = 0; i < n; ++i) {
    q.enqueue([&] { use(i); });
    q.flush();
  }
  for (int i = 0; i < n; ++i)
    // OWN: :[[@LINE+1]]:26: warning: task given to 'start_task' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    start_task([&] { use(i); });
  for (int i = 0; i < n; ++i)
    elsewhere::start_task([&] { use(i); });  // `::start_task` is the global one only
  for (int i = 0; i < n; ++i)
    // ALL: :[[@LINE+1]]:21: warning: task given to 'later' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    later([&] { use(i); });
  tbb::task_group group;
  for (int i = 0; i < n; ++i)
    // BUILTIN: :[[@LINE+1]]:25: warning: task given to 'run' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    group.run([&] { use(i); });
  group.wait();
}
