// A panic prints the value (a number, what(), a string, the type otherwise),
// then the panicking goroutine's stack at the throw point (inlined frames
// included, gogo's own hidden) and where it was created; exit status 2.
// Both compilers, -O0 and -O2.
// RUN: %cxx-gcc -O0 -g %s %gogo-link -o %t.gcc-O0
// RUN: %cxx-gcc -O2 -g %s %gogo-link -o %t.gcc-O2
// RUN: %cxx-clang -O0 -g %s %gogo-link -o %t.clang-O0
// RUN: %cxx-clang -O2 -g %s %gogo-link -o %t.clang-O2
// RUN: for v in gcc-O0 gcc-O2 clang-O0 clang-O2; do \
// RUN:   sh -c "%t.$v int 2>&1; echo exit=\$?" | FileCheck %s --check-prefix=INT --match-full-lines; \
// RUN:   sh -c "%t.$v runtime-error 2>&1; echo exit=\$?" | FileCheck %s --check-prefix=ERR --match-full-lines; \
// RUN:   sh -c "%t.$v custom 2>&1; echo exit=\$?" | FileCheck %s --check-prefix=CUSTOM --match-full-lines; \
// RUN:   sh -c "%t.$v string 2>&1; echo exit=\$?" | FileCheck %s --check-prefix=STR --match-full-lines; \
// RUN: done
#define GOGO_NO_GO_KEYWORD
#include <gogo/gogo.hpp>

#include <cstring>
#include <stdexcept>
#include <string>

namespace app {
struct custom_failure {
  int code;
};
}  // namespace app

volatile int value = 42;

// INT:      panic: 42
// INT-EMPTY:
// INT-NEXT: goroutine {{[0-9]+}} [running]:
// ERR:      panic: bad config
// ERR-EMPTY:
// ERR-NEXT: goroutine {{[0-9]+}} [running]:
// CUSTOM:      panic: (app::custom_failure)
// CUSTOM-EMPTY:
// CUSTOM-NEXT: goroutine {{[0-9]+}} [running]:
// STR:      panic: out of tea
// STR-EMPTY:
// STR-NEXT: goroutine {{[0-9]+}} [running]:
__attribute__((always_inline)) inline void check(int v, const char* how) {
  if (std::strcmp(how, "int") == 0) throw int(v);
  // INT-NEXT: check{{.*}}
  // INT-NEXT: {{.*}}panic-value.cpp:[[@LINE-2]]
  if (std::strcmp(how, "runtime-error") == 0) throw std::runtime_error("bad config");
  // ERR-NEXT: check{{.*}}
  // ERR-NEXT: {{.*}}panic-value.cpp:[[@LINE-2]]
  if (std::strcmp(how, "custom") == 0) throw app::custom_failure{v};
  // CUSTOM-NEXT: check{{.*}}
  // CUSTOM-NEXT: {{.*}}panic-value.cpp:[[@LINE-2]]
  throw std::string("out of tea");
  // STR-NEXT: check{{.*}}
  // STR-NEXT: {{.*}}panic-value.cpp:[[@LINE-2]]
}

__attribute__((noinline)) void validate(const char* how) {
  check(value, how);
  // INT-NEXT: validate(char const*)
  // INT-NEXT: {{.*}}panic-value.cpp:[[@LINE-2]] +0x{{[0-9a-f]+}}
  // ERR-NEXT: validate(char const*)
  // ERR-NEXT: {{.*}}panic-value.cpp:[[@LINE-4]] +0x{{[0-9a-f]+}}
  // CUSTOM-NEXT: validate(char const*)
  // CUSTOM-NEXT: {{.*}}panic-value.cpp:[[@LINE-6]] +0x{{[0-9a-f]+}}
  // STR-NEXT: validate(char const*)
  // STR-NEXT: {{.*}}panic-value.cpp:[[@LINE-8]] +0x{{[0-9a-f]+}}
  value = 0;  // keeps the call above from being a tail call
}

__attribute__((noinline)) void worker(const char* how) {
  validate(how);
  // INT-NEXT: worker(char const*)
  // INT-NEXT: {{.*}}panic-value.cpp:[[@LINE-2]]{{( \+0x[0-9a-f]+)?}}
  // ERR-NEXT: worker(char const*)
  // CUSTOM-NEXT: worker(char const*)
  // STR-NEXT: worker(char const*)
  value = 1;
}

int main(int argc, char** argv) {
  if (argc != 2) return 64;
  gogo::go(worker, argv[1]);
  // INT-NEXT: created by main in goroutine 1
  // INT-NEXT: {{.*}}panic-value.cpp:[[@LINE-2]] +0x{{[0-9a-f]+}}
  // ERR:      created by main in goroutine 1
  // ERR-NEXT: {{.*}}panic-value.cpp:[[@LINE-4]] +0x{{[0-9a-f]+}}
  // CUSTOM:      created by main in goroutine 1
  // CUSTOM-NEXT: {{.*}}panic-value.cpp:[[@LINE-6]] +0x{{[0-9a-f]+}}
  // STR:      created by main in goroutine 1
  // STR-NEXT: {{.*}}panic-value.cpp:[[@LINE-8]] +0x{{[0-9a-f]+}}
  // INT-NEXT: exit=2
  // ERR-NEXT: exit=2
  // CUSTOM-NEXT: exit=2
  // STR-NEXT: exit=2
  gogo::make_chan<int>().recv();
}
