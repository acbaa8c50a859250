// Where turning the capture into a copy would not compile or would change
// what the goroutine does, gogo-loop-capture reports without a fix-it, and
// --fix leaves the file byte for byte as it was.
//
// RUN: rm -f %t.cpp %t.yaml && cp %s %t.cpp
// RUN: %check_gogo --fix %t.cpp -- -std=c++17
// RUN: diff %s %t.cpp
//
// No report carries a fix-it: none is exported either.
// RUN: %gogo-rewrite --lint --export-fixes=%t.yaml %s -- -std=c++17 > /dev/null 2>&1
// RUN: FileCheck %s --input-file=%t.yaml --check-prefix=NOFIX
// NOFIX: DiagnosticName: gogo-loop-capture
// NOFIX-NOT: ReplacementText

#include <gogo/gogo.hpp>

#include <functional>
#include <memory>
#include <mutex>

void use(int) {}
void bump(int *p) { ++*p; }
void worker(int &) {}

void not_mechanical(gogo::wait_group &wg) {
  for (int i = 0; i < 3; ++i) {
    // The goroutine writes the variable: a copy would not compile ([&] is
    // needed) and would hide the race instead of fixing it.
    // CHECK: :[[@LINE+1]]:14: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    go [&] { i++; };
    // Its address escapes inside the goroutine.
    // CHECK: :[[@LINE+1]]:20: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    go [&] { bump(&i); };
    // Non-copyable objects.
    std::unique_ptr<int> owned = std::make_unique<int>(i);
    // CHECK: :[[@LINE+1]]:10: warning: goroutine captures 'owned' by reference, but 'owned' is declared in the loop body and dies at the end of each iteration [gogo-loop-capture]
    go [&owned] { use(*owned); };
    std::mutex mu;
    // CHECK: :[[@LINE+1]]:10: warning: goroutine captures 'mu' by reference, but 'mu' is declared in the loop body and dies at the end of each iteration [gogo-loop-capture]
    go [&mu] { std::lock_guard<std::mutex> hold(mu); };
    // References passed as arguments.
    // CHECK: :[[@LINE+1]]:13: warning: goroutine gets the address of loop variable 'i'; every iteration shares it [gogo-loop-capture]
    go bump(&i);
    // CHECK: :[[@LINE+1]]:15: warning: goroutine gets a reference to loop variable 'i' through std::ref; every iteration shares it [gogo-loop-capture]
    go worker(std::ref(i));
    // Init captures by reference.
    // CHECK: :[[@LINE+1]]:10: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    go [&r = i] { use(r); };
  }
  wg.wait();
}
