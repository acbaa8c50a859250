// Without gogo-rewrite, a file with go statements still parses (editors and
// clangd show no errors) but never runs: the link fails naming the marker,
// with both compilers.
// RUN: %cxx-gcc -fsyntax-only %s
// RUN: %cxx-clang -fsyntax-only %s
// RUN: not %cxx-gcc %s -o %t.gcc %gogo-link 2>&1 | FileCheck %s
// RUN: not %cxx-clang %s -o %t.clang %gogo-link 2>&1 | FileCheck %s
// RUN: test ! -e %t.gcc && test ! -e %t.clang
// CHECK: undefined reference to {{.*}}gogo::detail::go_statement_needs_gogo_rewrite()
#include <gogo/gogo.hpp>
#include <cstdio>

void hello(int n) { std::printf("hello %d\n", n); }

int main() {
  go hello(1);
  gogo::sleep_for(std::chrono::milliseconds(10));
}
