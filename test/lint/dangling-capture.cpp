// gogo-dangling-capture: a goroutine sees a local variable by reference and
// nothing waits for it before the variable goes out of scope. Every CHECK
// must fire; every other go statement must stay silent.
//
// RUN: %check_gogo %s -- -std=c++17

#include <gogo/gogo.hpp>

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

void use(int) {}
void store(int *) {}
void worker(int &) {}

// With its notes: where the goroutine starts and where the variable dies.
void implicit_capture() {
  int x = 1;
  // CHECK: dangling-capture.cpp:[[@LINE+1]]:16: warning: goroutine captures local variable 'x' by reference, and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  go [&] { use(x); };
  // CHECK: dangling-capture.cpp:[[@LINE-1]]:3: note: goroutine started here
}
// CHECK: dangling-capture.cpp:[[@LINE-1]]:1: note: 'x' is destroyed here, possibly while the goroutine still uses it

struct job {
  int id = 0;
  void run() {}
};

// ---- must fire -------------------------------------------------------------

void explicit_capture() {
  int x = 1;
  // CHECK: :[[@LINE+1]]:8: warning: goroutine captures local variable 'x' by reference, and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  go [&x] { use(x); };
}

void address_taken() {
  int x = 1;
  // CHECK: :[[@LINE+1]]:12: warning: goroutine gets the address of local variable 'x', and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  go store(&x);
}

void std_ref_passed() {
  int x = 1;
  // CHECK: :[[@LINE+1]]:13: warning: goroutine gets a reference to local variable 'x' through std::ref, and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  go worker(std::ref(x));
}

void member_call_on_local() {
  job j;
  // CHECK: :[[@LINE+1]]:6: warning: goroutine calls 'run' on local variable 'j' itself, not on a copy, and nothing waits for it before 'j' goes out of scope [gogo-dangling-capture]
  go j.run();
}

void parameter_captured(int n) {
  // CHECK: :[[@LINE+1]]:16: warning: goroutine captures local variable 'n' by reference, and nothing waits for it before 'n' goes out of scope [gogo-dangling-capture]
  go [&] { use(n); };
}

// The inner block ends before the wait: `y` is already gone.
void inner_block(gogo::wait_group &wg) {
  {
    int y = 2;
    // CHECK: :[[@LINE+1]]:18: warning: goroutine captures local variable 'y' by reference, and nothing waits for it before 'y' goes out of scope [gogo-dangling-capture]
    go [&] { use(y); };
  }
  wg.wait();
}

// A wait before the go statement does not wait for it.
void wait_before(gogo::wait_group &wg) {
  int x = 1;
  wg.wait();
  // CHECK: :[[@LINE+1]]:8: warning: goroutine captures local variable 'x' by reference, and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  go [&x] { use(x); };
}

// A wait inside the goroutine itself does not either.
void wait_inside_goroutine(gogo::wait_group &wg) {
  int x = 1;
  go [&] {
    wg.wait();
    // CHECK: :[[@LINE+1]]:9: warning: goroutine captures local variable 'x' by reference, and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
    use(x);
  };
}

// In a loop, a variable the loop does not write is not a loop variable, but
// it still dies at the end of the function.
void loop_without_wait() {
  int base = 10;
  for (int i = 0; i < 3; ++i)
    // CHECK: :[[@LINE+1]]:10: warning: goroutine captures local variable 'base' by reference, and nothing waits for it before 'base' goes out of scope [gogo-dangling-capture]
    go [&base, i] { use(base + i); };
}

// ---- must not fire ---------------------------------------------------------

void waits_with_wait_group() {
  gogo::wait_group wg;
  int x = 1;
  wg.add(1);
  go [&] {
    use(x);
    wg.done();
  };
  wg.wait();
}

void waits_with_receive() {
  int x = 1;
  auto done = gogo::make_chan<int>();
  go [&] { done.send(x); };
  done.recv();
}

void waits_with_select() {
  int x = 1;
  auto done = gogo::make_chan<int>();
  go [&] { done.send(x); };
  gogo::select{gogo::on_recv(done, [](std::optional<int>) {})};
}

void waits_with_range_over_channel() {
  int x = 1;
  auto results = gogo::make_chan<int>(1);
  go [&] {
    results.send(x);
    results.close();
  };
  for (int v : results)
    use(v);
}

void waits_with_mutex(gogo::mutex &mu) {
  int x = 1;
  go [&] { use(x); };
  std::lock_guard<gogo::mutex> hold(mu);
}

void waits_with_sleep() {
  int x = 1;
  go [&] { use(x); };
  gogo::sleep_for(std::chrono::milliseconds(10));
}

void waits_with_std_sleep() {
  int x = 1;
  go [&x] { use(x); };
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

// A function of this file that waits counts as waiting.
void wait_all(gogo::wait_group &wg) { wg.wait(); }
void waits_through_helper(gogo::wait_group &wg) {
  int x = 1;
  go [&] { use(x); };
  wait_all(wg);
}

// A function defined elsewhere might wait: when unsure, do not fire.
void finish_elsewhere();
void unknown_function_may_wait() {
  int x = 1;
  go [&] { use(x); };
  finish_elsewhere();
}

// The wait can sit in a nested block after the go statement.
void wait_in_nested_block(gogo::wait_group &wg, bool flag) {
  int x = 1;
  go [&] { use(x); };
  if (flag) {
    wg.wait();
  }
}

void copies() {
  int x = 1;
  go [x] { use(x); };
  go [=] { use(x); };
  go use(x);
  go [](int n) { use(n); }(x);
}

int global_counter = 0;
void statics_and_globals() {
  static int calls = 0;
  go [&] { use(calls + global_counter); };
}

void references_name_other_objects(int &out, job *p) {
  int &alias = global_counter;
  go [&] { use(alias + out); };
  go [&alias] { use(alias); };
  go p->run();
}

struct server {
  int port = 0;
  void start() {
    go [&] { use(port); }; // `this`, not a local
    go [this] { use(port); };
  }
};

// The goroutine is started by a lambda holding its own copy of `x`; how
// long that copy lives depends on the closure object: do not guess.
void through_a_copy() {
  int x = 1;
  auto spawn = [x] { go [&] { use(x); }; };
  spawn();
  go [x] { go [&x] { use(x); }; };
}

// In a loop whose body waits, each goroutine but the last is waited for by
// the next iteration: unsure, silent.
void loop_body_waits(gogo::chan<int> results) {
  int scale = 2;
  for (int i = 0; i < 3; ++i) {
    int got = *results.recv();
    use(got);
    go [&scale, results, i] { results.send(i * scale); };
  }
}

// Goroutine-local variables.
void goroutine_locals() {
  go [] {
    int local = 1;
    auto f = [&] { use(local); };
    f();
  };
}
