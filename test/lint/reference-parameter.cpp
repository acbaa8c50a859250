// gogo-reference-parameter: the callee takes a non-const lvalue reference,
// but a go statement copies its arguments, so the callee works on the
// goroutine's own copy. Every CHECK must fire; nothing else may.
//
// RUN: %check_gogo %s -- -std=c++17
//
// The note names the parameter's declaration, which comes before the go
// statement: checked in a run of its own so that it can sit beside it.
// RUN: %gogo-rewrite --lint %s -- -std=c++17 2>&1 | FileCheck %s --check-prefix=NOTES

#include <gogo/gogo.hpp>

#include <functional>
#include <string>
#include <utility>

// NOTES: reference-parameter.cpp:[[@LINE+1]]:21: note: parameter declared here
void increment(int &counter) { ++counter; }
void append(std::string &out, const std::string &text) { out += text; }
void read_only(const int &) {}
void by_value(int) {}
void sink(int &&) {}
void by_pointer(int *p) { ++*p; }
template <class T> void forward_it(T &&) {}
template <class... T> void forward_all(T &&...) {}

struct counter {
  int total = 0;
  void add_to(int &target) const { target += total; }
};

void fires(gogo::wait_group &wg, counter &c) {
  int n = 0;
  std::string log;
  // CHECK: :[[@LINE+1]]:16: warning: 'increment' takes parameter 'counter' by non-const reference, but the goroutine binds it to its own copy of 'n' [gogo-reference-parameter]
  go increment(n);
  // CHECK: :[[@LINE+1]]:13: warning: 'append' takes parameter 'out' by non-const reference, but the goroutine binds it to its own copy of 'log' [gogo-reference-parameter]
  go append(log, "x");
  // CHECK: :[[@LINE+1]]:15: warning: 'add_to' takes parameter 'target' by non-const reference, but the goroutine binds it to its own copy of 'n' [gogo-reference-parameter]
  go c.add_to(n);
  // CHECK: :[[@LINE+1]]:26: warning: the lambda takes parameter 'v' by non-const reference, but the goroutine binds it to its own copy of 'n' [gogo-reference-parameter]
  go [](int &v) { ++v; }(n);
  // CHECK: :[[@LINE+1]]:27: warning: the lambda takes parameter 'v' by non-const reference, but the goroutine binds it to its own copy of 'n' [gogo-reference-parameter]
  go [](auto &v) { ++v; }(n);
  void (*fp)(int &) = increment;
  // CHECK: :[[@LINE+1]]:9: warning: the callee takes parameter 1 by non-const reference, but the goroutine binds it to its own copy of 'n' [gogo-reference-parameter]
  go fp(n);
  std::function<void(int &)> fn = increment;
  // CHECK: :[[@LINE+1]]:9: warning: 'fn' takes parameter 1 by non-const reference, but the goroutine binds it to its own copy of 'n' [gogo-reference-parameter]
  go fn(n);
  wg.wait();
}

void does_not_fire(gogo::wait_group &wg) {
  int n = 0;
  go read_only(n);
  go by_value(n);
  go sink(std::move(n));
  go by_pointer(&n);            // a pointer is shared on purpose
  go increment(std::ref(n));    // std::ref: shared on purpose
  go forward_it(n);             // forwarding references take what they get
  go forward_all(n, n);
  go [](const int &v) { by_value(v); }(n);
  go [](int v) { by_value(v); }(n);
  go [&n] { increment(n); };    // no arguments: nothing copied
  wg.wait();
}

// Dependent calls in a template are left alone.
template <class T> void in_template(gogo::wait_group &wg, T value) {
  go increment(value);
  go forward_it(value);
  wg.wait();
}
