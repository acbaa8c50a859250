// From Go 1.19's src/sync/rwmutex_test.go: TestParallelReaders and
// TestRWMutex, with Go's GOMAXPROCS settings through gogo::set_maxprocs.
// TestRLocker is not translated: gogo::rw_mutex has no RLocker (a
// std::shared_lock is C++'s reader-side lock).
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <atomic>
#include <string>

void parallel_reader(gogo::rw_mutex* m, gogo::chan<bool> clocked, gogo::chan<bool> cunlock,
                     gogo::chan<bool> cdone) {
  m->lock_shared();
  clocked.send(true);
  cunlock.recv();
  m->unlock_shared();
  cdone.send(true);
}

void do_test_parallel_readers(int num_readers, int gomaxprocs) {
  gogo::set_maxprocs(gomaxprocs);
  gogo::rw_mutex m;
  auto clocked = gogo::make_chan<bool>();
  auto cunlock = gogo::make_chan<bool>();
  auto cdone = gogo::make_chan<bool>();
  for (int i = 0; i < num_readers; i++) go parallel_reader(&m, clocked, cunlock, cdone);
  // Wait for all the parallel lock_shared()s to succeed.
  for (int i = 0; i < num_readers; i++) clocked.recv();
  for (int i = 0; i < num_readers; i++) cunlock.send(true);
  // Wait for the goroutines to finish.
  for (int i = 0; i < num_readers; i++) cdone.recv();
}

void test_parallel_readers() {
  int before = gogo::maxprocs();
  do_test_parallel_readers(1, 4);
  do_test_parallel_readers(3, 4);
  do_test_parallel_readers(4, 2);
  gogo::set_maxprocs(before);
}

void reader(gogo::rw_mutex* rwm, int num_iterations, std::atomic<int>* activity,
            gogo::chan<bool> cdone) {
  for (int i = 0; i < num_iterations; i++) {
    rwm->lock_shared();
    int n = ++*activity;
    if (n < 1 || n >= 10000) {
      rwm->unlock_shared();
      panic("wlock(" + std::to_string(n) + ")");
    }
    for (volatile int j = 0; j < 100; j++) {
    }
    --*activity;
    rwm->unlock_shared();
  }
  cdone.send(true);
}

void writer(gogo::rw_mutex* rwm, int num_iterations, std::atomic<int>* activity,
            gogo::chan<bool> cdone) {
  for (int i = 0; i < num_iterations; i++) {
    rwm->lock();
    int n = (*activity += 10000);
    if (n != 10000) {
      rwm->unlock();
      panic("wlock(" + std::to_string(n) + ")");
    }
    for (volatile int j = 0; j < 100; j++) {
    }
    *activity -= 10000;
    rwm->unlock();
  }
  cdone.send(true);
}

void hammer_rw_mutex(int gomaxprocs, int num_readers, int num_iterations) {
  gogo::set_maxprocs(gomaxprocs);
  // Active readers + 10000 * active writers.
  std::atomic<int> activity{0};
  gogo::rw_mutex rwm;
  auto cdone = gogo::make_chan<bool>();
  go writer(&rwm, num_iterations, &activity, cdone);
  int i = 0;
  for (; i < num_readers / 2; i++) go reader(&rwm, num_iterations, &activity, cdone);
  go writer(&rwm, num_iterations, &activity, cdone);
  for (; i < num_readers; i++) go reader(&rwm, num_iterations, &activity, cdone);
  // Wait for the 2 writers and all readers to finish.
  for (int k = 0; k < 2 + num_readers; k++) cdone.recv();
}

void test_rw_mutex() {
  gogo::rw_mutex m;
  m.lock();
  check(!m.try_lock(), "TryLock succeeded with mutex locked");
  check(!m.try_lock_shared(), "TryRLock succeeded with mutex locked");
  m.unlock();
  check(m.try_lock(), "TryLock failed with mutex unlocked");
  m.unlock();
  check(m.try_lock_shared(), "TryRLock failed with mutex unlocked");
  check(m.try_lock_shared(), "TryRLock failed with mutex rlocked");
  check(!m.try_lock(), "TryLock succeeded with mutex rlocked");
  m.unlock_shared();
  m.unlock_shared();

  int before = gogo::maxprocs();
  constexpr int n = 1000;
  hammer_rw_mutex(1, 1, n);
  hammer_rw_mutex(1, 3, n);
  hammer_rw_mutex(1, 10, n);
  hammer_rw_mutex(4, 1, n);
  hammer_rw_mutex(4, 3, n);
  hammer_rw_mutex(4, 10, n);
  hammer_rw_mutex(10, 1, n);
  hammer_rw_mutex(10, 3, n);
  hammer_rw_mutex(10, 10, n);
  hammer_rw_mutex(10, 5, n);
  gogo::set_maxprocs(before);
}

int main() {
  test_parallel_readers();
  test_rw_mutex();
}
