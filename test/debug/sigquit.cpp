// SIGQUIT on a busy program dumps every goroutine (running ones on other
// workers without a stack, as Go) and exits 2; gogo::dump_goroutines
// writes the same and returns. Both compilers, -O0 and -O2.
// RUN: %cxx-gcc -O0 -g %s %gogo-link -o %t.gcc-O0
// RUN: %cxx-gcc -O2 -g %s %gogo-link -o %t.gcc-O2
// RUN: %cxx-clang -O0 -g %s %gogo-link -o %t.clang-O0
// RUN: %cxx-clang -O2 -g %s %gogo-link -o %t.clang-O2
// RUN: for v in gcc-O0 gcc-O2 clang-O0 clang-O2; do \
// RUN:   rm -f %t.ready; \
// RUN:   sh -c "%t.$v %t.ready 2>&1 & pid=\$!; \
// RUN:          for i in \$(seq 200); do [ -e %t.ready ] && break; sleep 0.05; done; \
// RUN:          kill -QUIT \$pid; wait \$pid; echo exit=\$?" \
// RUN:     | FileCheck %s --check-prefixes=CHECK,QUIT --match-full-lines; \
// RUN:   sh -c "%t.$v dump 2>&1; echo exit=\$?" | FileCheck %s --check-prefixes=CHECK,DUMP --match-full-lines; \
// RUN: done
#define GOGO_NO_GO_KEYWORD
#include <gogo/debug.hpp>
#include <gogo/gogo.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

volatile long spins;

// QUIT:      SIGQUIT: quit
// QUIT-EMPTY:
// QUIT-NEXT: goroutine 1 [running]:
// DUMP:      goroutine 1 [running]:
// CHECK-NEXT: main()
// CHECK-NEXT: {{.*}}sigquit.cpp:{{[0-9]+}} +0x{{[0-9a-f]+}}

__attribute__((noinline)) void spin() {
  for (;;) spins = spins + 1;
  // CHECK-EMPTY:
  // CHECK-NEXT: goroutine 2 [running]:
  // CHECK-NEXT: {{\s*}}goroutine running on other thread; stack unavailable
  // CHECK-NEXT: created by main in goroutine 1
  // CHECK-NEXT: {{.*}}sigquit.cpp:[[#GO_SPIN:]] +0x{{[0-9a-f]+}}
}

__attribute__((noinline)) void nap() {
  for (;;) gogo::sleep_for(std::chrono::hours(1));
  // CHECK-EMPTY:
  // CHECK-NEXT: goroutine 3 [sleep]:
  // CHECK-NEXT: nap()
  // CHECK-NEXT: {{.*}}sigquit.cpp:[[@LINE-4]] +0x{{[0-9a-f]+}}
  // CHECK-NEXT: created by main in goroutine 1
  // CHECK-NEXT: {{.*}}sigquit.cpp:[[#GO_SPIN+1]] +0x{{[0-9a-f]+}}
  // QUIT-NEXT: exit=2
  // DUMP-NEXT: exit=0
}

int main(int argc, char** argv) {
  if (argc != 2) return 64;
  gogo::go(spin);
  gogo::go(nap);
  while (spins == 0) std::this_thread::yield();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // nap is asleep
  if (std::strcmp(argv[1], "dump") == 0) {
    gogo::dump_goroutines(1);
    std::fflush(stdout);
    std::_Exit(0);
  }
  if (FILE* f = std::fopen(argv[1], "w")) std::fclose(f);
  for (;;) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}
