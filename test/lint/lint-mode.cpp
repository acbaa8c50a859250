// The --lint mode itself: warnings with exit status 0, errors with --werror
// (exit 1), a summary line, silence on clean files, nothing written.
//
// Clean file: no output at all, exit 0.
// RUN: %gogo-rewrite --lint %S/Inputs/clean.cpp -- -std=c++17 > %t.clean 2>&1
// RUN: test ! -s %t.clean
//
// One finding: a warning, the summary, exit 0; the file is not touched and
// nothing goes to stdout.
// RUN: rm -rf %t.dir && mkdir -p %t.dir && cp %S/Inputs/one-race.cpp %t.dir/
// RUN: %gogo-rewrite --lint %t.dir/one-race.cpp -- -std=c++17 2> %t.err > %t.out
// RUN: FileCheck %s --input-file=%t.err --check-prefix=WARN --implicit-check-not=warning: --implicit-check-not=error:
// RUN: test ! -s %t.out
// RUN: cmp %S/Inputs/one-race.cpp %t.dir/one-race.cpp
// WARN: one-race.cpp:9:18: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
// WARN-NEXT: {{^}}    go [&] { use(i); wg.done(); };
// WARN-NEXT: {{^}}                 ^
// WARN-NEXT: {{^}}           , i
// WARN: one-race.cpp:9:5: note: goroutine started here, inside the loop
// WARN: 1 warning, 0 errors in 1 file
//
// --werror: the same finding is an error, exit status 1.
// RUN: not %gogo-rewrite --lint --werror %t.dir/one-race.cpp -- -std=c++17 2>&1 | FileCheck %s --check-prefix=WERROR --implicit-check-not=warning:
// WERROR: one-race.cpp:9:18: error: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
// WERROR: 0 warnings, 1 error in 1 file
//
// Several files: findings per file, one summary counting files with findings.
// RUN: %gogo-rewrite --lint %S/Inputs/clean.cpp %t.dir/one-race.cpp %s -- -std=c++17 2>&1 | FileCheck %s --check-prefix=MANY --implicit-check-not=warning: --implicit-check-not=error:
// MANY: one-race.cpp:9:18: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
// (this file's finding and the summary: at the end, beside the code)
//
// Rewrite mode: the race is an error (exit 1), the dangling capture only a
// warning.
// RUN: not %gogo-rewrite %t.dir/one-race.cpp -- -std=c++17 2>&1 | FileCheck %s --check-prefix=REWRITE
// REWRITE: one-race.cpp:9:18: error: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
// RUN: %gogo-rewrite %s -- -std=c++17 2>&1 >/dev/null | FileCheck %s --check-prefix=REWRITE-WARN
#include <gogo/gogo.hpp>
void use(int) {}
void dangling() {
  int x = 0;
  // MANY: lint-mode.cpp:[[@LINE+1]]:16: warning: goroutine captures local variable 'x' by reference, and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  go [&] { use(x); };
  // REWRITE-WARN: lint-mode.cpp:[[@LINE-1]]:16: warning: goroutine captures local variable 'x' by reference{{.*}}[gogo-dangling-capture]
}
// MANY: 2 warnings, 0 errors in 2 files
