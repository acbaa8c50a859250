// Callables (no call, or empty call parentheses): copied now, invoked later
// with no arguments. A lambda called with arguments (the seed's pattern)
// gets a wrapper that receives the lambda and the copied arguments.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: FileCheck %s --match-full-lines --strict-whitespace < %t.cpp
// RUN: %cxx-gcc -fsyntax-only %t.cpp
// RUN: %cxx-clang -fsyntax-only %t.cpp
#include <gogo/gogo.hpp>
#include <functional>

void work();
void use(int);
struct functor { void operator()() const; void operator()(int) const; };

void callables(int x, functor fn, std::function<void()> stdfn, void (*fp)(int)) {
  go [=] { use(x); };
// CHECK:  ::gogo::detail::go_statement{[=] { use(x); }};
  go [&x] { use(x); };
// CHECK:  ::gogo::detail::go_statement{[&x] { use(x); }};
  go work;
// CHECK:  ::gogo::detail::go_statement{[]() { work(); }};
  go fn;
// CHECK:  ::gogo::detail::go_statement{fn};
  go stdfn;
// CHECK:  ::gogo::detail::go_statement{stdfn};
  go functor{};
// CHECK:  ::gogo::detail::go_statement{functor{}};
  go [&] { use(x); }();
// CHECK:  ::gogo::detail::go_statement{[&] { use(x); }};
  go fn();
// CHECK:  ::gogo::detail::go_statement{fn};
  go [](int n) { use(n); }(x);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_fn_, auto&& gogo_a0_) { gogo_fn_(gogo_a0_); }, [](int n) { use(n); }, x};
  go fn(x);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_fn_, auto&& gogo_a0_) { gogo_fn_(gogo_a0_); }, fn, x};
  go fp(x);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_fn_, auto&& gogo_a0_) { gogo_fn_(gogo_a0_); }, fp, x};
  go (fp)(1);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_fn_, auto&& gogo_a0_) { gogo_fn_(::std::move(gogo_a0_)); }, (fp), 1};
  go [](auto a, auto b) { use(a + b); }(x, 2);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_fn_, auto&& gogo_a0_, auto&& gogo_a1_) { gogo_fn_(gogo_a0_, ::std::move(gogo_a1_)); }, [](auto a, auto b) { use(a + b); }, x, 2};
  if (x) go work; else go fn;
// CHECK:  if (x) ::gogo::detail::go_statement{[]() { work(); }}; else ::gogo::detail::go_statement{fn};
  switch (x) { case 1: go fn; break; }
// CHECK:  switch (x) { case 1: ::gogo::detail::go_statement{fn}; break; }
  go [&] {
    go [=] { use(x); };
  };
// CHECK:  ::gogo::detail::go_statement{[&] {
// CHECK-NEXT:    ::gogo::detail::go_statement{[=] { use(x); }};
// CHECK-NEXT:  }};
}
