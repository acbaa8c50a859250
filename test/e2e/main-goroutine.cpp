// A rewritten program's main is goroutine 1 (the link options gogo's
// package carries), with its argc/argv and exit status, and exit runs
// static destructors and atexit handlers after every goroutine stopped.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc %t.cpp -o %t.gcc %gogo-link
// RUN: not %t.gcc a b 2>&1 | FileCheck %s
// RUN: %cxx-clang %t.cpp -o %t.clang %gogo-link
// RUN: not %t.clang a b 2>&1 | FileCheck %s
// CHECK: main is goroutine 1, argc 3, argv[2] b
// CHECK-NEXT: child is not goroutine 1
// CHECK-NEXT: atexit
// CHECK-NEXT: static destructor
// CHECK-NOT: {{.}}
#include <gogo/gogo.hpp>

#include <cstdio>
#include <cstdlib>

struct announce {
  ~announce() { std::printf("static destructor\n"); }
} at_exit_object;

void report(gogo::chan<int> done) {
  std::printf("child is %sgoroutine 1\n", gogo::goroutine_id() == 1 ? "" : "not ");
  done.send(1);
  for (;;) done.send(2);  // still sending when main returns
}

int main(int argc, char** argv) {
  std::atexit([] { std::printf("atexit\n"); });
  std::printf("main is goroutine %llu, argc %d, argv[2] %s\n",
              (unsigned long long)gogo::goroutine_id(), argc, argv[2]);
  auto done = gogo::make_chan<int>();
  go report(done);
  done.recv();
  std::fflush(stdout);
  return 3;
}
