// gogo-dangling-capture: a goroutine sees a local variable by reference and
// nothing waits for it before the variable goes out of scope. Every CHECK
// must fire; every other go statement must stay silent.
//
// RUN: %check_gogo %s -- -std=c++17

#include <gogo/gogo.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

void use(int) {}
void store(int *) {}
void worker(int &) {}
void print_c(const char *) {}
void print_sv(std::string_view) {}
void sum(const int *, std::size_t) {}

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

// Pointers and views into a local's storage: the goroutine gets them now,
// the storage dies with the local.
void c_str_of_local() {
  std::string s = "name";
  // CHECK: :[[@LINE+1]]:14: warning: goroutine gets a pointer into local variable 's' from c_str(), and nothing waits for it before 's' goes out of scope [gogo-dangling-capture]
  go print_c(s.c_str());
}

void data_of_local_vector() {
  std::vector<int> v(3);
  // CHECK: :[[@LINE+1]]:10: warning: goroutine gets a pointer into local variable 'v' from data(), and nothing waits for it before 'v' goes out of scope [gogo-dangling-capture]
  go sum(v.data(), v.size());
}

void data_of_local_array() {
  std::array<int, 3> a{};
  // CHECK: :[[@LINE+1]]:11: warning: goroutine gets a pointer into local variable 'a' from data(), and nothing waits for it before 'a' goes out of scope [gogo-dangling-capture]
  go [p = a.data()] { sum(p, 3); };
}

void string_view_of_local() {
  std::string s = "name";
  // CHECK: :[[@LINE+1]]:32: warning: goroutine gets a std::string_view of local variable 's', and nothing waits for it before 's' goes out of scope [gogo-dangling-capture]
  go print_sv(std::string_view(s));
}

void string_view_variable() {
  std::string s = "name";
  std::string_view view = s;
  // CHECK: :[[@LINE+1]]:15: warning: goroutine gets a std::string_view of local variable 's' through 'view', and nothing waits for it before 's' goes out of scope [gogo-dangling-capture]
  go print_sv(view);
  // (one report per variable and statement)
}

void string_view_captured() {
  std::string s = "name";
  std::string_view view = s;
  // CHECK: :[[@LINE+1]]:7: warning: goroutine gets a std::string_view of local variable 's' through 'view', and nothing waits for it before 's' goes out of scope [gogo-dangling-capture]
  go [view] { print_sv(view); };
}

void c_str_variable_by_default_copy() {
  std::string s = "name";
  const char *p = s.c_str();
  // CHECK: :[[@LINE+1]]:20: warning: goroutine gets a pointer into local variable 's' from c_str() through 'p', and nothing waits for it before 's' goes out of scope [gogo-dangling-capture]
  go [=] { print_c(p); };
}

void pointer_variable() {
  int x = 1;
  int *p = &x;
  // CHECK: :[[@LINE+1]]:12: warning: goroutine gets the address of local variable 'x' through 'p', and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  go store(p);
}

void reference_variable() {
  int x = 1;
  int &r = x;
  // CHECK: :[[@LINE+1]]:8: warning: goroutine captures local variable 'x' by reference through 'r', and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  go [&r] { use(r); };
}

// ---- must not fire ---------------------------------------------------------

// Pointers and views that do not point into a dying local.
int global_array[3];
void views_not_into_locals(const std::string &param, std::string_view in,
                           gogo::wait_group &wg) {
  std::string s = "name";
  go print_sv(s);                  // the goroutine converts its own copy
  go print_c(param.c_str());       // a reference parameter: not ours to judge
  go print_sv(in);                 // a view parameter: same
  go print_c(in.data());           // points into what `in` views, not into `in`
  static std::string kept = "static";
  go print_c(kept.c_str());
  auto *heap = new std::vector<int>(3);
  go sum(heap->data(), 3);         // behind a pointer
  go sum(global_array, 3);
  const char *p = s.c_str();
  p = "literal";                   // pointed elsewhere: not followed
  go print_c(p);
  std::string_view literal = "literal";
  go print_sv(literal);
  int x = 1;
  int &r = x;
  go [r] { use(r); };              // a copy of the referent
  std::string waited = "name";
  wg.add(1);
  go [&wg, p = waited.c_str()] { print_c(p); wg.done(); };
  wg.wait();
}

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
