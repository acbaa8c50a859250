// gogo-main-exit: main starts goroutines and can return without waiting for
// them. One translation unit has one main, so each case is a -D variant
// with its RUN line beside its code. %check_gogo checks every variant with
// -implicit-check-not, so a case that must not fire (prefix QUIET, with
// --allow-empty) fails on any warning.
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
// RUN: %check_gogo --check-prefix=SEED %s -- -std=c++17 -DSEED_WITHOUT_WAIT
int main() {
  for (int i = 0; i < 10; i++)
    // SEED: main-exit.cpp:[[#GO:@LINE+1]]:5: warning: main can return while this goroutine is still running: nothing after it waits for goroutines [gogo-main-exit]
    go [](int n) { print(n); }(i);
}
// SEED: main-exit.cpp:[[@LINE-1]]:1: note: returning from main ends the program and every goroutine
// SEED: main-exit.cpp:[[#GO]]:5: note: wait for it: gogo::wait_group

#elif defined(RETURN_RIGHT_AWAY)
// RUN: %check_gogo --check-prefix=RETURN %s -- -std=c++17 -DRETURN_RIGHT_AWAY
int main() {
  // RETURN: :[[@LINE+1]]:3: warning: main can return while this goroutine is still running: nothing after it waits for goroutines [gogo-main-exit]
  go work();
  std::printf("started\n");
  return 0;
}

#elif defined(WAIT_BEFORE_GO)
// RUN: %check_gogo --check-prefix=BEFORE %s -- -std=c++17 -DWAIT_BEFORE_GO
int main() {
  gogo::wait_group wg;
  wg.add(1);
  go [&wg] { work(); wg.done(); };
  wg.wait();
  // BEFORE: :[[@LINE+1]]:3: warning: main can return while this goroutine is still running: nothing after it waits for goroutines [gogo-main-exit]
  go work();
}

#elif defined(TWO_GOROUTINES)
// RUN: %check_gogo --check-prefix=TWO %s -- -std=c++17 -DTWO_GOROUTINES
int main() {
  // TWO: :[[@LINE+1]]:3: warning: main can return while this goroutine is still running: nothing after it waits for goroutines [gogo-main-exit]
  go work();
  // TWO: :[[@LINE+1]]:3: warning: main can return while this goroutine is still running: nothing after it waits for goroutines [gogo-main-exit]
  go print(1);
}

#elif defined(SEED)
// RUN: %check_gogo --check-prefix=QUIET --allow-empty %s -- -std=c++17 -DSEED
int main() {
  gogo::wait_group wg;
  for (int i = 0; i < 10; i++) {
    wg.add(1);
    go [&wg](int n) { print(n); wg.done(); }(i);
  }
  wg.wait();
}

#elif defined(CHANNEL)
// RUN: %check_gogo --check-prefix=QUIET --allow-empty %s -- -std=c++17 -DCHANNEL
int main() {
  auto done = gogo::make_chan<int>();
  go [done] { work(); done.send(1); };
  done.recv();
}

#elif defined(SLEEP)
// RUN: %check_gogo --check-prefix=QUIET --allow-empty %s -- -std=c++17 -DSLEEP
int main() {
  go work();
  gogo::sleep_for(std::chrono::milliseconds(100));
}

#elif defined(ENDLESS)
// RUN: %check_gogo --check-prefix=QUIET --allow-empty %s -- -std=c++17 -DENDLESS
int main() {
  go work();
  for (;;)
    gogo::yield();
}

#elif defined(HELPER)
// main calls a function of this file that waits, and one defined elsewhere.
// RUN: %check_gogo --check-prefix=QUIET --allow-empty %s -- -std=c++17 -DHELPER
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
// RUN: %check_gogo --check-prefix=QUIET --allow-empty %s -- -std=c++17 -DNOT_MAIN
void spawn() { go work(); }
int main() { spawn(); }

#elif defined(SELECT_FOREVER)
// RUN: %check_gogo --check-prefix=QUIET --allow-empty %s -- -std=c++17 -DSELECT_FOREVER
int main() {
  go work();
  gogo::select{};
}

#elif defined(SELECT_CASES)
// A select with cases waits; so does one in a template, where the cases
// depend on a template parameter.
// RUN: %check_gogo --check-prefix=QUIET --allow-empty %s -- -std=c++17 -DSELECT_CASES
template <class T> void receive_one(gogo::chan<T> done) {
  gogo::select{gogo::on_recv(done, [](std::optional<T>) {})};
}
int main() {
  auto done = gogo::make_chan<int>();
  go [done] { done.send(1); };
  gogo::select{gogo::on_recv(done, [](std::optional<int>) {})};
  go [done] { done.send(2); };
  receive_one(done);
}

#elif defined(LOOP_WAITS)
// The prime sieve: each iteration receives, so every goroutine but the last
// is waited for; the last one blocks forever by design. Unsure: silent.
// RUN: %check_gogo --check-prefix=QUIET --allow-empty %s -- -std=c++17 -DLOOP_WAITS
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
// RUN: %check_gogo --check-prefix=INSIDE %s -- -std=c++17 -DWAIT_INSIDE_GOROUTINE
int main() {
  auto ch = gogo::make_chan<int>();
  for (int i = 0; i < 3; i++)
    // INSIDE: :[[@LINE+1]]:5: warning: main can return while this goroutine is still running: nothing after it waits for goroutines [gogo-main-exit]
    go [ch] { ch.recv(); };
}

#elif defined(CONDITIONAL_WAIT)
// The only wait sits in a branch: without arguments main returns at once.
// RUN: %check_gogo --check-prefix=COND %s -- -std=c++17 -DCONDITIONAL_WAIT
int main(int argc, char **) {
  gogo::wait_group wg;
  wg.add(1);
  // COND: :[[@LINE+1]]:3: warning: main can return while this goroutine is still running: the waits after it do not run on every path [gogo-main-exit]
  go [&wg] { work(); wg.done(); };
  if (argc > 1)
    // COND: :[[@LINE+1]]:5: note: this wait is skipped on some paths
    wg.wait();
}

#elif defined(SHORT_CIRCUIT_WAIT)
// RUN: %check_gogo --check-prefix=SHORT %s -- -std=c++17 -DSHORT_CIRCUIT_WAIT
int main(int argc, char **) {
  auto done = gogo::make_chan<int>();
  // SHORT: :[[@LINE+1]]:3: warning: main can return while this goroutine is still running: the waits after it do not run on every path [gogo-main-exit]
  go [done] { done.send(1); };
  bool got = argc > 1 && done.recv().has_value();
  return got ? 0 : 1;
}

#elif defined(WAIT_IN_EVERY_BRANCH)
// Both branches wait; the go statement and its wait in the same branch.
// RUN: %check_gogo --check-prefix=QUIET --allow-empty %s -- -std=c++17 -DWAIT_IN_EVERY_BRANCH
int main(int argc, char **) {
  gogo::wait_group wg;
  auto done = gogo::make_chan<int>();
  wg.add(1);
  go [&wg] { work(); wg.done(); };
  go [done] { done.send(1); };
  if (argc > 1) {
    wg.wait();
  } else {
    done.recv();
  }
  if (argc > 2) {
    go work();
    gogo::sleep_for(std::chrono::milliseconds(10));
  }
}

#elif defined(WAIT_IN_LOOP_BODY)
// A polling loop after the go statement: whether it runs is not guessed.
// RUN: %check_gogo --check-prefix=QUIET --allow-empty %s -- -std=c++17 -DWAIT_IN_LOOP_BODY
bool running() { return false; }
int main() {
  go work();
  while (running())
    gogo::sleep_for(std::chrono::milliseconds(10));
}

#elif defined(IN_LAMBDA)
// A go statement inside a lambda is the lambda's business, not main's.
// RUN: %check_gogo --check-prefix=QUIET --allow-empty %s -- -std=c++17 -DIN_LAMBDA
int main() {
  auto start = [] { go work(); };
  (void)start;
}
#endif
