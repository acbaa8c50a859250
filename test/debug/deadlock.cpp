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
gogo::mutex cond_mu;
gogo::cond cv;
gogo::rw_mutex rw;
gogo::wait_group in_once;
gogo::once done_once;
gogo::semaphore sem(1);
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
  sink = 7;
}

__attribute__((noinline)) void cond_waiter() {
  cond_mu.lock();
  started.done();
  cv.wait(cond_mu);
  // CHECK-EMPTY:
  // CHECK-NEXT: goroutine 9 [sync.Cond.Wait]:
  // CHECK-NEXT: cond_waiter()
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[@LINE-4]] +0x{{[0-9a-f]+}}
  // CHECK-NEXT: created by main in goroutine 1
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[#GO_RECEIVER+7]] +0x{{[0-9a-f]+}}
  sink = 8;
}

// main holds rw read-locked: the writer waits for it to leave.
__attribute__((noinline)) void rw_writer() {
  started.done();
  rw.lock();
  // CHECK-EMPTY:
  // CHECK-NEXT: goroutine 10 [sync.RWMutex.Lock]:
  // CHECK-NEXT: rw_writer()
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[@LINE-4]] +0x{{[0-9a-f]+}}
  // CHECK-NEXT: created by main in goroutine 1
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[#GO_RECEIVER+8]] +0x{{[0-9a-f]+}}
  sink = 9;
}

// A reader that comes once the writer waits, waits behind it.
__attribute__((noinline)) void rw_reader() {
  while (rw.try_lock_shared()) {
    rw.unlock_shared();
    gogo::sleep_for(std::chrono::milliseconds(1));
  }
  started.done();
  rw.lock_shared();
  // CHECK-EMPTY:
  // CHECK-NEXT: goroutine 11 [sync.RWMutex.RLock]:
  // CHECK-NEXT: rw_reader()
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[@LINE-4]] +0x{{[0-9a-f]+}}
  // CHECK-NEXT: created by main in goroutine 1
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[#GO_RECEIVER+9]] +0x{{[0-9a-f]+}}
  sink = 10;
}

__attribute__((noinline)) void run_once() {
  in_once.done();
  started.done();
  never.wait();
  // CHECK-EMPTY:
  // CHECK-NEXT: goroutine 12 [sync.WaitGroup.Wait]:
  // CHECK-NEXT: run_once()
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[@LINE-4]] +0x{{[0-9a-f]+}}
  // (std::invoke's frames at -O0)
  // CHECK:      once_runner()
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[@LINE+7]] +0x{{[0-9a-f]+}}
  // CHECK-NEXT: created by main in goroutine 1
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[#GO_RECEIVER+10]] +0x{{[0-9a-f]+}}
  sink = 11;
}

__attribute__((noinline)) void once_runner() {
  done_once.call(run_once);
  sink = 12;
}

// Go's Once waits in a Mutex.
__attribute__((noinline)) void once_waiter() {
  in_once.wait();
  started.done();
  done_once.call(run_once);
  // CHECK-EMPTY:
  // CHECK-NEXT: goroutine 13 [sync.Mutex.Lock]:
  // CHECK-NEXT: once_waiter()
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[@LINE-4]] +0x{{[0-9a-f]+}}
  // CHECK-NEXT: created by main in goroutine 1
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[#GO_RECEIVER+11]] +0x{{[0-9a-f]+}}
  sink = 13;
}

// main holds the semaphore's only unit; x/sync/semaphore waits in a select.
__attribute__((noinline)) void sem_acquirer() {
  started.done();
  sem.acquire();
  // CHECK-EMPTY:
  // CHECK-NEXT: goroutine 14 [select]:
  // CHECK-NEXT: sem_acquirer()
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[@LINE-4]] +0x{{[0-9a-f]+}}
  // CHECK-NEXT: created by main in goroutine 1
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[#GO_RECEIVER+12]] +0x{{[0-9a-f]+}}
  sink = 14;
}

__attribute__((noinline)) void context_waiter(gogo::context ctx) {
  started.done();
  ctx.done().recv();
  // CHECK-EMPTY:
  // CHECK-NEXT: goroutine 15 [chan receive]:
  // CHECK-NEXT: context_waiter(gogo::context)
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[@LINE-4]] +0x{{[0-9a-f]+}}
  // CHECK-NEXT: created by main in goroutine 1
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[#GO_RECEIVER+13]] +0x{{[0-9a-f]+}}
  sink = 15;
}

__attribute__((noinline)) void group_member() {
  started.done();
  never.wait();
  sink = 16;
}

// Spawned last by main, so that its member is the last goroutine.
__attribute__((noinline)) void group_waiter_err() {
  gogo::errgroup g;
  g.spawn(group_member);
  g.wait();
  // CHECK-EMPTY:
  // CHECK-NEXT: goroutine 16 [sync.WaitGroup.Wait]:
  // CHECK-NEXT: group_waiter_err()
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[@LINE-4]] +0x{{[0-9a-f]+}}
  // CHECK-NEXT: created by main in goroutine 1
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[#GO_RECEIVER+14]] +0x{{[0-9a-f]+}}
  // CHECK-EMPTY:
  // (its id is from goroutine 16's worker's batch, as Go's goidcache)
  // CHECK-NEXT: goroutine [[#]] [sync.WaitGroup.Wait]:
  // CHECK-NEXT: group_member()
  // CHECK-NEXT: {{.*}}deadlock.cpp:[[@LINE-19]] +0x{{[0-9a-f]+}}
  // CHECK-NEXT: created by void gogo::errgroup::start<void (&)()>({{.*}}) in goroutine 16
  // CHECK-NEXT: {{.*}}errgroup.hpp:[[#]] +0x{{[0-9a-f]+}}
  // CHECK-NEXT: exit=2
  sink = 17;
}

int main() {
  auto a = gogo::make_chan<int>(), b = gogo::make_chan<int>();
  held.lock();
  rw.lock_shared();
  sem.acquire();
  auto [ctx, cancel] = gogo::with_cancel(gogo::background());
  never.add(1);
  in_once.add(1);
  started.add(15);
  // Spawned one per line, in id order (the ids are main's: 2, 3, ...).
  gogo::go(receiver, a);
  gogo::go(sender, b);
  gogo::go(selector, a, a);
  gogo::go(empty_select);
  gogo::go(group_waiter);
  gogo::go(locker);
  gogo::go(nil_receiver);
  gogo::go(cond_waiter);
  gogo::go(rw_writer);
  gogo::go(rw_reader);
  gogo::go(once_runner);
  gogo::go(once_waiter);
  gogo::go(sem_acquirer);
  gogo::go(context_waiter, ctx);
  gogo::go(group_waiter_err);
  started.wait();
  gogo::wait_group forever;
  forever.add(1);
  forever.wait();
}
