// --fix applies gogo-loop-capture's fix-its in place: the by-reference
// capture of the loop variable becomes a by-value one. The fixed file must
// compile and lint clean.
//
// RUN: rm -f %t.cpp && cp %s %t.cpp
// RUN: %gogo-rewrite --lint --fix %t.cpp -- -std=c++17 2>&1 | FileCheck %s --check-prefix=MESSAGES
// RUN: FileCheck %s --input-file=%t.cpp --check-prefix=CHECK-FIXES
// RUN: %check_gogo --check-prefix=CLEAN --allow-empty %t.cpp -- -std=c++17
// RUN: %cxx-clang -fsyntax-only %t.cpp
// RUN: %cxx-gcc -fsyntax-only %t.cpp
// CLEAN-NOT: gogo-
//
// The CHECK-FIXES patterns are anchored at the start of the line ({{^}}), so
// they cannot match their own comment lines.

#include <gogo/gogo.hpp>

#include <string>
#include <vector>

void use(int) {}
void use_str(const std::string &) {}

void default_capture(gogo::wait_group &wg) {
  for (int i = 0; i < 3; ++i) {
    // MESSAGES: :[[@LINE+1]]:18: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    go [&] { use(i); };
    // CHECK-FIXES: {{^}}    go [&, i] { use(i); };{{$}}
  }
  wg.wait();
}

void explicit_capture(gogo::wait_group &wg) {
  for (int i = 0; i < 3; ++i) {
    go [&i] { use(i); };
    // CHECK-FIXES: {{^}}    go [i] { use(i); };{{$}}
    go [& i] { use(i); };
    // CHECK-FIXES: {{^}}    go [i] { use(i); };{{$}}
    go [=, &i] { use(i); };
    // CHECK-FIXES: {{^}}    go [=] { use(i); };{{$}}
    go [&wg, &i] { use(i); wg.done(); };
    // CHECK-FIXES: {{^}}    go [&wg, i] { use(i); wg.done(); };{{$}}
  }
  wg.wait();
}

// Two variables in one [&]: one insertion naming both.
void two_variables(gogo::wait_group &wg) {
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      go [&] { use(i + j); };
  // CHECK-FIXES: {{^}}      go [&, i, j] { use(i + j); };{{$}}
  wg.wait();
}

// A body-local string, a range-for copy, a while counter.
void other_variables(gogo::wait_group &wg, const std::vector<std::string> &names) {
  for (std::string name : names) {
    std::string greeting = "hello " + name;
    go [&] {
      use_str(greeting);
      use_str(name);
    };
    // CHECK-FIXES: {{^}}    go [&, greeting, name] {{{$}}
  }
  int n = 0;
  while (n < 3) {
    go [&n] { use(n); };
    // CHECK-FIXES: {{^}}    go [n] { use(n); };{{$}}
    ++n;
  }
  wg.wait();
}

// Member functions: [&] with `this` in play.
struct spawner {
  int base = 0;
  void start(gogo::wait_group &wg) {
    for (int i = 0; i < 3; ++i)
      go [&, this] { use(base + i); };
    // CHECK-FIXES: {{^}}      go [&, this, i] { use(base + i); };{{$}}
    wg.wait();
  }
};
