// --export-fixes=FILE writes the fix-its as clang-apply-replacements YAML
// and changes nothing else. Applying the exported replacements gives the
// same code --fix would write; that code compiles and lints clean.
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir && cp %s %t.dir/src.cpp
// RUN: %gogo-rewrite --lint --export-fixes=%t.dir/fixes.yaml %t.dir/src.cpp -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MESSAGES
// RUN: cmp %s %t.dir/src.cpp
// RUN: FileCheck %s --input-file=%t.dir/fixes.yaml --check-prefix=YAML
// RUN: python3 %S/Inputs/apply_fixes.py %t.dir/fixes.yaml %t.dir/src.cpp > %t.dir/fixed.cpp
// RUN: FileCheck %s --input-file=%t.dir/fixed.cpp --check-prefix=CHECK-FIXES
// RUN: %check_gogo --check-prefix=AFTER %t.dir/fixed.cpp -- -std=c++17
// RUN: %cxx-clang -fsyntax-only %t.dir/fixed.cpp
//
// MESSAGES: 3 warnings, 0 errors in 1 file
//
// YAML: MainSourceFile: '{{.*}}src.cpp'
// YAML: Diagnostics:
// YAML: - DiagnosticName: gogo-loop-capture
// YAML: Message: 'goroutine captures loop variable ''i'' by reference; every iteration shares it'
// YAML: Replacements:
// YAML-NEXT: - FilePath: '{{.*}}src.cpp'
// YAML-NEXT: Offset: {{[0-9]+}}
// YAML-NEXT: Length: 0
// YAML-NEXT: ReplacementText: ', i'
// YAML: Level: Warning
// YAML: - DiagnosticName: gogo-loop-capture
// YAML: Length: 1
// YAML-NEXT: ReplacementText: ''
// The address-of case has no mechanical fix: an empty list.
// YAML: - DiagnosticName: gogo-loop-capture
// YAML: Message: 'goroutine gets the address of loop variable ''i''; every iteration shares it'
// YAML: Replacements: []

#include <gogo/gogo.hpp>

void use(int) {}
void store(int *) {}

void spawn(gogo::wait_group &wg) {
  for (int i = 0; i < 3; ++i) {
    go [&] { use(i); };
    // CHECK-FIXES: {{^}}    go [&, i] { use(i); };{{$}}
    go [&i] { use(i); };
    // CHECK-FIXES: {{^}}    go [i] { use(i); };{{$}}
    // After the fixes only this case, which has no fix-it, is left:
    // AFTER: fixed.cpp:[[@LINE+1]]:14: warning: goroutine gets the address of loop variable 'i'; every iteration shares it [gogo-loop-capture]
    go store(&i);
    // CHECK-FIXES: {{^}}    go store(&i);{{$}}
  }
  wg.wait();
}
// AFTER: 1 warning, 0 errors in 1 file
