// gogo-unrewritable in --lint mode: every go statement the rewriter would
// refuse is reported (a warning here, an error when rewriting or with
// --werror), with the reason; every rewritable form stays silent.
//
// RUN: %check_gogo %s -- -std=c++17
// RUN: not %gogo-rewrite --lint --werror %s -- -std=c++17 2>&1 | FileCheck %s --check-prefix=WERROR

#include <gogo/gogo.hpp>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

void f(int) {}
void g(int, int) {}
template <class... A> void sinkv(A...) {}
struct point { int x, y; };
void at(point) {}
struct S {
  void m(int) {}
  void run() {}
  void start() {
    go m(1);
    go run();
    go [this] { run(); };
  }
};
struct functor { void operator()() const {} void operator()(int) const {} };
#define SPAWN(call) go call
#define SPAWN_LAMBDA go [] {}

template <class... A> void pack_not_last(A... a) {
  // CHECK: :[[@LINE+1]]:3: warning: cannot rewrite this go statement: a pack expansion is only supported as the last argument [gogo-unrewritable]
  go sinkv(a..., 1);
}

template <class... A> void pack_last(A... a) {
  go sinkv(1, a...);
}

void must_fire(S s, void (S::*pm)(int), int x) {
  // CHECK: :[[@LINE+1]]:3: warning: cannot rewrite this go statement: it comes from the expansion of macro 'SPAWN'; write go statements in the source file [gogo-unrewritable]
  SPAWN(f(x));
  // WERROR: :[[@LINE-1]]:3: error: cannot rewrite this go statement: it comes from the expansion of macro 'SPAWN'; write go statements in the source file [gogo-unrewritable]
  // CHECK: :[[@LINE+1]]:3: warning: cannot rewrite this go statement: it comes from the expansion of macro 'SPAWN_LAMBDA'; write go statements in the source file [gogo-unrewritable]
  SPAWN_LAMBDA;
  // CHECK: :[[@LINE+1]]:12: warning: cannot rewrite this go statement: it is part of a larger expression; a go statement must be a statement of its own: 'go f(args);' [gogo-unrewritable]
  int v = (go f(x), 1);
  (void)v;
  // CHECK: :[[@LINE+1]]:3: warning: cannot rewrite this go statement: its expression, of type 'int', is neither a call nor a callable: write 'go f(args);' or 'go callable;' [gogo-unrewritable]
  go 42;
  // CHECK: :[[@LINE+1]]:3: warning: cannot rewrite this go statement: argument 1 is a braced initializer list; name its type, e.g. 'std::vector<int>{1, 2}' [gogo-unrewritable]
  go at({1, 2});
  // CHECK: :[[@LINE+1]]:3: warning: cannot rewrite this go statement: it calls through a pointer to member; wrap the call in a lambda: 'go [=]{ (obj.*pm)(args); };' [gogo-unrewritable]
  go (s.*pm)(x);
  // CHECK: :[[@LINE+1]]:26: warning: cannot rewrite this go statement: it is part of a larger expression; a go statement must be a statement of its own: 'go f(args);' [gogo-unrewritable]
  for (int i = 0; i < 2; go f(i))
    ++i;
}

// The forms of rewrite.md: all rewritable, all silent.
void must_not_fire(S &s, S *p, int x) {
  gogo::wait_group wg;
  go f(x);
  go g(x, x + 1);
  go [](int n) { f(n); }(x);
  go [=] { f(x); };
  go [] {};
  go [x] { f(x); }();
  go s.m(x);
  go p->m(x);
  go std::make_unique<S>()->run();
  go S().m(x);
  auto fn = [x] { f(x); };
  go fn;
  go functor();
  go functor{};
  go functor{}(x);
  std::function<void()> task = [] {};
  go task;
  go task();
  go f(std::move(x));
  if (x > 0)
    go f(x);
  else
    go f(-x);
  while (x-- > 0)
    go f(x);
  go (f)(x);
  go pack_last<int, int>(1, 2);
  wg.wait();
}
// WERROR: 0 warnings, 8 errors in 1 file
