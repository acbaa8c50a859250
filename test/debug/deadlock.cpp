// A deadlock lists every goroutine: its id, Go's wait reason, where it is
// blocked and where it was created; main is goroutine 1. Exit status 2.
// Both compilers, -O0 and -O2.
// RUN: %cxx-gcc -O0 -g %s %gogo-link -o %t.gcc-O0
// RUN: %cxx-gcc -O2 -g %s %gogo-link -o %t.gcc-O2
// RUN: %cxx-clang -O0 -g %s %gogo-link -o %t.clang-O0
// RUN: %cxx-clang -O2 -g %s %gogo-link -o %t.clang-O2
// RUN: for v in gcc-O0 gcc-O2 clang-O0 clang-O2; do \
// RUN:   sh -c "%t.$v 2>&1; echo exit=\$?" | FileCheck %s --match-full-lines; \
// RUN: done
#define GOGO_NO_GO_KEYWORD
#include <gogo/gogo.hpp>

gogo::wait_group started, never;
gogo::mutex held;
volatile int sink;

// CHECK:      fatal error: all goroutines are asleep - deadlock!
// CHECK-EMPTY:
// CHECK-NEXT: goroutine 1 [sync.WaitGroup.Wait]:
// CHECK-NEXT: main()
// CHECK-NEXT: {{.*}}deadlock.cpp:[[#MAIN_WAIT:]] +0x{{[0-9a-f]+}}

__attribute__((noinline)) void receiver(gogo::chan<int> c) {
  started.done();
  c.recv();
  // CHECK-EMPTY:
  // CHECK-NEXT: goroutine 2 [chan receive]:
  // CHECK-NEXT: receiver(gogo::chan<int>)
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[@LINE-4]] +0x{{[0-9a-f]+}}
  // CHECK-NEXT: created by main in goroutine 1
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[#GO_RECEIVER:]] +0x{{[0-9a-f]+}}
  sink = 1;
}

__attribute__((noinline)) void sender(gogo::chan<int> c) {
  started.done();
  c.send(1);
  // CHECK-EMPTY:
  // CHECK-NEXT: goroutine 3 [chan send]:
  // CHECK-NEXT: sender(gogo::chan<int>)
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[@LINE-4]] +0x{{[0-9a-f]+}}
  // CHECK-NEXT: created by main in goroutine 1
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[#GO_RECEIVER+1]] +0x{{[0-9a-f]+}}
  sink = 2;
}

__attribute__((noinline)) void selector(gogo::chan<int> a, gogo::chan<int> b) {
  started.done();
  gogo::select{gogo::on_recv(a, [](auto) {}), gogo::on_recv(b, [](auto) {})};
  // CHECK-EMPTY:
  // CHECK-NEXT: goroutine 4 [select]:
  // CHECK-NEXT: selector(gogo::chan<int>, gogo::chan<int>)
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[@LINE-4]] +0x{{[0-9a-f]+}}
  // CHECK-NEXT: created by main in goroutine 1
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[#GO_RECEIVER+2]] +0x{{[0-9a-f]+}}
  sink = 3;
}

__attribute__((noinline)) void empty_select() {
  started.done();
  gogo::select{};
  // CHECK-EMPTY:
  // CHECK-NEXT: goroutine 5 [select (no cases)]:
  // CHECK-NEXT: empty_select()
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[@LINE-4]] +0x{{[0-9a-f]+}}
  // CHECK-NEXT: created by main in goroutine 1
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[#GO_RECEIVER+3]] +0x{{[0-9a-f]+}}
  sink = 4;
}

__attribute__((noinline)) void group_waiter() {
  started.done();
  never.wait();
  // CHECK-EMPTY:
  // CHECK-NEXT: goroutine 6 [sync.WaitGroup.Wait]:
  // CHECK-NEXT: group_waiter()
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[@LINE-4]] +0x{{[0-9a-f]+}}
  // CHECK-NEXT: created by main in goroutine 1
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[#GO_RECEIVER+4]] +0x{{[0-9a-f]+}}
  sink = 5;
}

__attribute__((noinline)) void locker() {
  started.done();
  held.lock();
  // CHECK-EMPTY:
  // CHECK-NEXT: goroutine 7 [sync.Mutex.Lock]:
  // CHECK-NEXT: locker()
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[@LINE-4]] +0x{{[0-9a-f]+}}
  // CHECK-NEXT: created by main in goroutine 1
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[#GO_RECEIVER+5]] +0x{{[0-9a-f]+}}
  sink = 6;
}

__attribute__((noinline)) void nil_receiver() {
  started.done();
  gogo::chan<int>().recv();
  // CHECK-EMPTY:
  // CHECK-NEXT: goroutine 8 [chan receive (nil chan)]:
  // CHECK-NEXT: nil_receiver()
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[@LINE-4]] +0x{{[0-9a-f]+}}
  // CHECK-NEXT: created by main in goroutine 1
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[#GO_RECEIVER+6]] +0x{{[0-9a-f]+}}
  // CHECK-NEXT: exit=2
  sink = 7;
}

int main() {
  auto a = gogo::make_chan<int>(), b = gogo::make_chan<int>();
  held.lock();
  never.add(1);
  started.add(7);
  // Spawned one per line, in id order (the ids are main's: 2, 3, ...).
  gogo::go(receiver, a);
  gogo::go(sender, b);
  gogo::go(selector, a, a);
  gogo::go(empty_select);
  gogo::go(group_waiter);
  gogo::go(locker);
  gogo::go(nil_receiver);
  started.wait();
  gogo::wait_group forever;
  forever.add(1);
  forever.wait();
}
