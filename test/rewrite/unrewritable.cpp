// gogo-unrewritable: what cannot be rewritten is an error that says why;
// nothing is written.
// RUN: not %gogo-rewrite %s -- 2> %t.err > %t.out
// RUN: FileCheck %s --input-file=%t.err --implicit-check-not=error:
// RUN: test ! -s %t.out
#include <gogo/gogo.hpp>

void f(int);
template <class... A> void sinkv(A...);
struct S { void m(int); };
struct point { int x, y; };
struct flags { unsigned ready : 1; };
void at(point);
#define SPAWN(call) go call

template <class... A>
void pack_not_last(A... a) {
  go sinkv(a..., 1);
// CHECK: unrewritable.cpp:[[@LINE-1]]:3: error: cannot rewrite this go statement: a pack expansion is only supported as the last argument [gogo-unrewritable]
}

void bad(S s, void (S::*pm)(int), int x, flags fl) {
  go f(fl.ready);
// CHECK: unrewritable.cpp:[[@LINE-1]]:3: error: cannot rewrite this go statement: argument 1 is a bit-field, which cannot be bound to a reference; copy it into a variable first [gogo-unrewritable]
  SPAWN(f(x));
// CHECK: unrewritable.cpp:[[@LINE-1]]:3: error: cannot rewrite this go statement: it comes from the expansion of macro 'SPAWN'; write go statements in the source file [gogo-unrewritable]
  int v = (go f(x), 1);
// CHECK: unrewritable.cpp:[[@LINE-1]]:12: error: cannot rewrite this go statement: it is part of a larger expression; a go statement must be a statement of its own: 'go f(args);' [gogo-unrewritable]
  (void)v;
  go 42;
// CHECK: unrewritable.cpp:[[@LINE-1]]:3: error: cannot rewrite this go statement: its expression, of type 'int', is neither a call nor a callable: write 'go f(args);' or 'go callable;' [gogo-unrewritable]
  go at({1, 2});
// CHECK: unrewritable.cpp:[[@LINE-1]]:3: error: cannot rewrite this go statement: argument 1 is a braced initializer list; name its type, e.g. 'std::vector<int>{1, 2}' [gogo-unrewritable]
  go (s.*pm)(x);
// CHECK: unrewritable.cpp:[[@LINE-1]]:3: error: cannot rewrite this go statement: it calls through a pointer to member; wrap the call in a lambda: 'go [=]{ (obj.*pm)(args); };' [gogo-unrewritable]
  for (int i = 0; i < 2; go f(i)) ++i;
// CHECK: unrewritable.cpp:[[@LINE-1]]:26: error: cannot rewrite this go statement: it is part of a larger expression; a go statement must be a statement of its own: 'go f(args);' [gogo-unrewritable]
}
