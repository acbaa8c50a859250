// gogo-main-exit: main starts goroutines and can return without waiting for
// them. One translation unit has one main, so each case is a -D variant;
// every variant is checked with -implicit-check-not, so a case that must not
// fire fails on any warning.
//
// RUN: %gogo-rewrite --lint %s -- -std=c++17 -DSEED_WITHOUT_WAIT 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SEED --implicit-check-not=warning: --implicit-check-not=error:
// RUN: %gogo-rewrite --lint %s -- -std=c++17 -DRETURN_RIGHT_AWAY 2>&1 \
// RUN:   | FileCheck %s --check-prefix=RETURN --implicit-check-not=warning: --implicit-check-not=error:
// RUN: %gogo-rewrite --lint %s -- -std=c++17 -DWAIT_BEFORE_GO 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BEFORE --implicit-check-not=warning: --implicit-check-not=error:
// RUN: %gogo-rewrite --lint %s -- -std=c++17 -DTWO_GOROUTINES 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TWO --implicit-check-not=warning: --implicit-check-not=error:
//
// Must not fire (FileCheck --allow-empty with only implicit-check-not):
// RUN: %gogo-rewrite --lint %s -- -std=c++17 -DSEED 2>&1 \
// RUN:   | FileCheck %s --check-prefix=QUIET --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
// RUN: %gogo-rewrite --lint %s -- -std=c++17 -DCHANNEL 2>&1 \
// RUN:   | FileCheck %s --check-prefix=QUIET --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
// RUN: %gogo-rewrite --lint %s -- -std=c++17 -DSLEEP 2>&1 \
// RUN:   | FileCheck %s --check-prefix=QUIET --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
// RUN: %gogo-rewrite --lint %s -- -std=c++17 -DENDLESS 2>&1 \
// RUN:   | FileCheck %s --check-prefix=QUIET --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
// RUN: %gogo-rewrite --lint %s -- -std=c++17 -DHELPER 2>&1 \
// RUN:   | FileCheck %s --check-prefix=QUIET --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
// RUN: %gogo-rewrite --lint %s -- -std=c++17 -DNOT_MAIN 2>&1 \
// RUN:   | FileCheck %s --check-prefix=QUIET --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
// RUN: %gogo-rewrite --lint %s -- -std=c++17 -DSELECT_FOREVER 2>&1 \
// RUN:   | FileCheck %s --check-prefix=QUIET --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
// RUN: %gogo-rewrite --lint %s -- -std=c++17 -DIN_LAMBDA 2>&1 \
// RUN:   | FileCheck %s --check-prefix=QUIET --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
// RUN: %gogo-rewrite --lint %s -- -std=c++17 -DLOOP_WAITS 2>&1 \
// RUN:   | FileCheck %s --check-prefix=QUIET --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
// RUN: %gogo-rewrite --lint %s -- -std=c++17 -DWAIT_INSIDE_GOROUTINE 2>&1 \
// RUN:   | FileCheck %s --check-prefix=INSIDE --implicit-check-not=warning: --implicit-check-not=error:
// QUIET-NOT: gogo-main-exit

#include <gogo/gogo.hpp>

#include <chrono>
#include <cstdio>
#include <optional>

void work() {}
void print(int n) { std::printf("%d\n", n); }

#if defined(SEED_WITHOUT_WAIT)
// The seed's "mystery of empty output": nothing waits, main returns, the
// program ends before any goroutine printed.
int main() {
  for (int i = 0; i < 10; i++)
    // SEED: main-exit.cpp:[[@LINE+3]]:5: warning: main can return while this goroutine is still running: nothing after it waits for goroutines [gogo-main-exit]
    // SEED: main-exit.cpp:[[@LINE+3]]:1: note: returning from main ends the program and every goroutine
    // SEED: main-exit.cpp:[[@LINE+1]]:5: note: wait for it: gogo::wait_group
    go [](int n) { print(n); }(i);
}

#elif defined(RETURN_RIGHT_AWAY)
int main() {
  // RETURN: :[[@LINE+1]]:3: warning: main can return while this goroutine is still running: nothing after it waits for goroutines [gogo-main-exit]
  go work();
  std::printf("started\n");
  return 0;
}

#elif defined(WAIT_BEFORE_GO)
int main() {
  gogo::wait_group wg;
  wg.add(1);
  go [&wg] { work(); wg.done(); };
  wg.wait();
  // BEFORE: :[[@LINE+1]]:3: warning: main can return while this goroutine is still running: nothing after it waits for goroutines [gogo-main-exit]
  go work();
}

#elif defined(TWO_GOROUTINES)
int main() {
  // TWO: :[[@LINE+1]]:3: warning: main can return while this goroutine is still running: nothing after it waits for goroutines [gogo-main-exit]
  go work();
  // TWO: :[[@LINE+1]]:3: warning: main can return while this goroutine is still running: nothing after it waits for goroutines [gogo-main-exit]
  go print(1);
}

#elif defined(SEED)
int main() {
  gogo::wait_group wg;
  for (int i = 0; i < 10; i++) {
    wg.add(1);
    go [&wg](int n) { print(n); wg.done(); }(i);
  }
  wg.wait();
}

#elif defined(CHANNEL)
int main() {
  auto done = gogo::make_chan<int>();
  go [done] { work(); done.send(1); };
  done.recv();
}

#elif defined(SLEEP)
int main() {
  go work();
  gogo::sleep_for(std::chrono::milliseconds(100));
}

#elif defined(ENDLESS)
int main() {
  go work();
  for (;;)
    gogo::yield();
}

#elif defined(HELPER)
// main calls a function of this file that waits, and one defined elsewhere.
void drain(gogo::chan<int> ch) {
  for (int v : ch)
    print(v);
}
void serve_forever();
int main() {
  auto ch = gogo::make_chan<int>(4);
  go [ch] { ch.send(1); ch.close(); };
  drain(ch);
  go work();
  serve_forever();
}

#elif defined(NOT_MAIN)
// Only main's return ends the program.
void spawn() { go work(); }
int main() { spawn(); }

#elif defined(SELECT_FOREVER)
int main() {
  go work();
  gogo::select();
}

#elif defined(LOOP_WAITS)
// The prime sieve: each iteration receives, so every goroutine but the last
// is waited for; the last one blocks forever by design. Unsure: silent.
void filter(gogo::chan<int> in, gogo::chan<int> out, int prime) {
  for (;;) {
    int i = *in.recv();
    if (i % prime != 0)
      out.send(i);
  }
}
void generate(gogo::chan<int> ch) {
  for (int i = 2;; i++)
    ch.send(i);
}
int main() {
  auto ch = gogo::make_chan<int>();
  go generate(ch);
  for (int i = 0; i < 10; i++) {
    int prime = *ch.recv();
    print(prime);
    auto next = gogo::make_chan<int>();
    go filter(ch, next, prime);
    ch = next;
  }
}

#elif defined(WAIT_INSIDE_GOROUTINE)
// Waiting inside the goroutine itself, or inside another goroutine, does
// not keep main from returning.
int main() {
  auto ch = gogo::make_chan<int>();
  for (int i = 0; i < 3; i++)
    // INSIDE: :[[@LINE+1]]:5: warning: main can return while this goroutine is still running: nothing after it waits for goroutines [gogo-main-exit]
    go [ch] { ch.recv(); };
}

#elif defined(IN_LAMBDA)
// A go statement inside a lambda is the lambda's business, not main's.
int main() {
  auto start = [] { go work(); };
  (void)start;
}
#endif
