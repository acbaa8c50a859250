// When rewriting, a goroutine that captures a loop variable by reference is
// an error (gogo-loop-capture): exit 1, nothing written. (Only location,
// severity, variable and name are checked here: the wording belongs to the
// check's own tests.) The by-value forms
// of the same loops are fine. (The full must-fire / must-not-fire corpus is
// in test/lint/.)
// RUN: not %gogo-rewrite %s -- 2> %t.err > %t.out
// RUN: FileCheck %s --input-file=%t.err --implicit-check-not=error:
// RUN: test ! -s %t.out
// RUN: rm -rf %t.dir && mkdir -p %t.dir && cp %s %t.dir/in.cpp
// RUN: not %gogo-rewrite -i %t.dir/in.cpp -- 2>/dev/null
// RUN: cmp %s %t.dir/in.cpp
// RUN: %gogo-rewrite %s -- -DONLY_GOOD | FileCheck %s --check-prefix=GOOD
#include <gogo/gogo.hpp>

void use(int);
void use_ptr(int*);

void good(gogo::wait_group& wg) {
  for (int i = 0; i < 3; i++) {
    wg.add(1);
    go [&wg](int n) { use(n); wg.done(); }(i);
    go [&wg, i] { use(i); wg.done(); };
// GOOD: ::gogo::detail::go_statement{[&wg, i] { use(i); wg.done(); }};
    go [=] { use(i); };
    go use(i);
  }
}

#ifndef ONLY_GOOD
void bad() {
  for (int i = 0; i < 3; i++) {
    go [&] { use(i); };
// CHECK: loop-capture-error.cpp:[[@LINE-1]]:{{[0-9]+}}: error: {{.*}}'i'{{.*}} [gogo-loop-capture]
    go [&i] { use(i); };
// CHECK: loop-capture-error.cpp:[[@LINE-1]]:{{[0-9]+}}: error: {{.*}}'i'{{.*}} [gogo-loop-capture]
    go use_ptr(&i);
// CHECK: loop-capture-error.cpp:[[@LINE-1]]:{{[0-9]+}}: error: {{.*}}'i'{{.*}} [gogo-loop-capture]
  }
  int n = 0;
  while (n < 3) {
    go [&] { use(n); };
// CHECK: loop-capture-error.cpp:[[@LINE-1]]:{{[0-9]+}}: error: {{.*}}'n'{{.*}} [gogo-loop-capture]
    ++n;
  }
}
#endif
