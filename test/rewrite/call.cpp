// Calls of named functions: the function is named inside a wrapper lambda,
// so overloads, templates and default arguments resolve as in the original;
// lvalue arguments reach the callee as lvalues (of the goroutine's copy),
// rvalues are moved.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: FileCheck %s --match-full-lines --strict-whitespace < %t.cpp
// RUN: test "$(wc -l < %s)" -eq "$(wc -l < %t.cpp)"
// RUN: %cxx-gcc -fsyntax-only %t.cpp
// RUN: %cxx-clang -fsyntax-only %t.cpp
#include <gogo/gogo.hpp>
#include <string>

void f(int a, int b);
void over(int);
void over(const std::string&);
void defaults(int a, int b = 2);
void ref(int& r);
template <class T> void tf(T t);
namespace ns { void g(double); }

void calls(int x, int y) {
  go f(x, y);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_a0_, auto&& gogo_a1_) { f(gogo_a0_, gogo_a1_); }, x, y};
  go f(x + 1, 2);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_a0_, auto&& gogo_a1_) { f(::std::move(gogo_a0_), ::std::move(gogo_a1_)); }, x + 1, 2};
  go over(x);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_a0_) { over(gogo_a0_); }, x};
  go over(std::string("hi"));
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_a0_) { over(::std::move(gogo_a0_)); }, std::string("hi")};
  go defaults(x);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_a0_) { defaults(gogo_a0_); }, x};
  go ref(x);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_a0_) { ref(gogo_a0_); }, x};
  go tf<long>(x);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_a0_) { tf<long>(gogo_a0_); }, x};
  go tf(x);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_a0_) { tf(gogo_a0_); }, x};
  go ns::g(1.5);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_a0_) { ns::g(::std::move(gogo_a0_)); }, 1.5};
  go ::ns::g(x);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_a0_) { ::ns::g(gogo_a0_); }, x};
}

// Layout survives: comments, line breaks, line numbers.
void layout(int x, int y) {
  go /* first */ f(x,   // the x
                   y);  // the y
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_a0_, auto&& gogo_a1_) { f(gogo_a0_, gogo_a1_); }, /* first */ x,   // the x
// CHECK-NEXT:                   y};  // the y
  go
    f(x, y);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_a0_, auto&& gogo_a1_) { f(gogo_a0_, gogo_a1_); },
// CHECK-NEXT:    x, y};
}
