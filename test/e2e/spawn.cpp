// gogo::spawn, the spelling of the runtime call that works in every file:
// here, one that includes <gogo/gogo.hpp> (so `go` is the keyword macro) and
// also has go statements. A member named `go`, declared by a header
// included first, is called where the macro is pushed away. The file as
// written compiles (as editors see it), and rewritten it runs.
// RUN: %cxx-gcc -I%S/Inputs -fsyntax-only %s
// RUN: %cxx-clang -I%S/Inputs -fsyntax-only %s
// RUN: %gogo-rewrite %s -- -I%S/Inputs > %t.cpp
// RUN: %cxx-gcc -I%S/Inputs %t.cpp -o %t.gcc %gogo-link
// RUN: %t.gcc | FileCheck %s
// RUN: %cxx-clang -I%S/Inputs %t.cpp -o %t.clang %gogo-link
// RUN: %t.clang | FileCheck %s
#include "engine.hpp"
#include <gogo/gogo.hpp>

#include <cstdio>

void report(const char* how, gogo::chan<int> done) {
  std::printf("%s\n", how);
  done.send(0);
}

int main() {
  auto done = gogo::make_chan<int>();
  gogo::spawn(report, "started with gogo::spawn", done);
  done.recv();
  go report("started with a go statement", done);
  done.recv();
  engine e;
#pragma push_macro("go")
#undef go
  e.go();
#pragma pop_macro("go")
  std::printf("engine started %d time\n", e.started);
}
// CHECK: started with gogo::spawn
// CHECK-NEXT: started with a go statement
// CHECK-NEXT: engine started 1 time
