// The gdb extension, loaded by gdb from the program's .debug_gdb_scripts:
// `info goroutines` and `goroutine N bt` on a live process (stopped by the
// abort() of GOGO_TRACEBACK=crash after a deadlock, when every goroutine
// is parked) and on the kernel's core dump of the same abort(). Debian's
// gdb in batch mode; both compilers, -O0 and -O2.
// REQUIRES: gdb, kernel-core-in-cwd
// RUN: %cxx-gcc -O0 -g %s %gogo-link -o %t.gcc-O0
// RUN: %cxx-gcc -O2 -g %s %gogo-link -o %t.gcc-O2
// RUN: %cxx-clang -O0 -g %s %gogo-link -o %t.clang-O0
// RUN: %cxx-clang -O2 -g %s %gogo-link -o %t.clang-O2
// RUN: for v in gcc-O0 gcc-O2 clang-O0 clang-O2; do \
// RUN:   env GOGO_TRACEBACK=crash %gdb -ex run -ex 'info goroutines' \
// RUN:     -ex 'goroutine 2 bt' -ex 'goroutine 3 bt' -ex 'goroutine 1 bt' %t.$v 2>&1 \
// RUN:     | FileCheck %s --check-prefixes=CHECK,LIVE; \
// RUN: done
// RUN: rm -rf %t.cores && mkdir %t.cores
// RUN: for v in gcc-O0 gcc-O2 clang-O0 clang-O2; do \
// RUN:   rm -f %t.cores/core*; \
// RUN:   (cd %t.cores && ulimit -c unlimited && env GOGO_TRACEBACK=crash %t.$v >/dev/null 2>&1; true); \
// RUN:   %gdb -ex 'info goroutines' -ex 'goroutine 2 bt' -ex 'goroutine 3 bt' -ex 'goroutine 1 bt' \
// RUN:     %t.$v %t.cores/core* 2>&1 | FileCheck %s --check-prefixes=CHECK,CORE; \
// RUN: done
#define GOGO_NO_GO_KEYWORD
#include <gogo/gogo.hpp>

gogo::wait_group started, forever;
gogo::mutex held;
volatile int sink;

__attribute__((noinline)) void receiver(gogo::chan<int> c) {
  started.done();
  c.recv();
  sink = 1;
}

__attribute__((noinline)) void locker() {
  started.done();
  held.lock();
  sink = 2;
}

// LIVE:       {{.*}} received signal SIGABRT, Aborted.
// CORE:       Program terminated with signal SIGABRT, Aborted.
// CHECK:      {{^}}  1 waiting: sync.WaitGroup.Wait  main goroutine
// CHECK-NEXT: {{^}}  2 waiting: chan receive  created by main()
// CHECK-NEXT: {{^}}  3 waiting: sync.Mutex.Lock  created by main()
// CHECK:      {{^#[0-9]+ .*}}receiver (c=...) at {{.*}}gdb.cpp:[[#@LINE-15]]
// CHECK-NEXT: {{^#[0-9]+ }}
// CHECK:      {{^#[0-9]+ .*}}locker () at {{.*}}gdb.cpp:[[#@LINE-11]]
// CHECK-NEXT: {{^#[0-9]+ }}
// CHECK:      {{^#[0-9]+ .*}}main () at {{.*}}gdb.cpp:[[#@LINE+9]]
int main() {
  held.lock();
  auto c = gogo::make_chan<int>();
  started.add(2);
  gogo::go(receiver, c);
  gogo::go(locker);
  started.wait();
  forever.add(1);
  forever.wait();  // a deadlock: with GOGO_TRACEBACK=crash, abort()
}
