// gogo-loop-capture and gogo-dangling-capture for std::async: the task
// races with the loop only when its future outlives the iteration. A
// future std::async returns waits for the task when it is destroyed, so a
// future discarded, local to the body, or waited on (get, wait) in the
// iteration must stay silent. Every CHECK must fire; every other spawn must
// stay silent.
//
// RUN: %check_gogo %s -- -std=c++17

#include <functional>
#include <future>
#include <string>
#include <vector>

void use(int) {}
int square(int n) { return n * n; }
int by_ref(int &n) { return n; }
int by_cref(const int &n) { return n; }
void wait_all(std::vector<std::future<int>> &futures) {
  for (auto &f : futures) f.wait();
}

// ==== must fire: the future outlives the iteration ========================

int collected_after_the_loop(int n) {
  std::vector<std::future<int>> futures;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:74: warning: std::async task captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    futures.push_back(std::async(std::launch::async, [&] { return square(i); }));
  int total = 0;
  for (auto &f : futures) total += f.get();
  return total;
}

int emplaced(int n) {
  std::vector<std::future<int>> futures;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:39: warning: std::async task captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    futures.emplace_back(std::async([&i] { return square(i); }));
  int total = 0;
  for (auto &f : futures) total += f.get();
  return total;
}

int moved_into_the_vector(int n) {
  std::vector<std::future<int>> futures;
  for (int i = 0; i < n; ++i) {
    // CHECK: :[[@LINE+1]]:65: warning: std::async task captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    auto f = std::async(std::launch::async, [&] { return square(i); });
    futures.push_back(std::move(f));
  }
  int total = 0;
  for (auto &f : futures) total += f.get();
  return total;
}

int function_with_std_ref(int n) {
  std::vector<std::future<int>> futures;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:62: warning: std::async task gets a reference to loop variable 'i' through std::ref; every iteration shares it [gogo-loop-capture]
    futures.push_back(std::async(std::launch::async, by_ref, std::ref(i)));
  for (auto &f : futures) f.wait();
  return 0;
}

int function_with_std_cref(int n) {
  std::vector<std::future<int>> futures;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:43: warning: std::async task gets a reference to loop variable 'i' through std::cref; every iteration shares it [gogo-loop-capture]
    futures.push_back(std::async(by_cref, std::cref(i)));
  for (auto &f : futures) f.wait();
  return 0;
}

// Assigning a future releases the previous task's state, which waits for
// that task: after the increment.
void assigned_to_an_outer_future(int n) {
  std::future<int> last;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:63: warning: std::async task captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    last = std::async(std::launch::async, [&] { return square(i); });
}

int range_for_copy(const std::vector<std::string> &names) {
  std::vector<std::future<std::size_t>> futures;
  for (std::string name : names)
    // CHECK: :[[@LINE+1]]:47: warning: std::async task captures loop variable 'name' by reference; it dies at the end of each iteration [gogo-loop-capture]
    futures.push_back(std::async([&] { return name.size(); }));
  std::size_t total = 0;
  for (auto &f : futures) total += f.get();
  return int(total);
}

int body_local_and_written(const std::vector<int> &values) {
  std::vector<std::future<int>> futures;
  int sum = 0;
  for (int v : values) {
    int doubled = v * 2;
    sum += v;
    // CHECK: :[[@LINE+2]]:56: warning: std::async task captures 'doubled' by reference, but 'doubled' is declared in the loop body and dies at the end of each iteration [gogo-loop-capture]
    // CHECK: :[[@LINE+1]]:66: warning: std::async task captures 'sum' by reference, but the loop modifies 'sum' [gogo-loop-capture]
    futures.push_back(std::async(std::launch::async, [&doubled, &sum] { return doubled + sum; }));
  }
  for (auto &f : futures) f.wait();
  return sum;
}

int waited_in_the_next_iteration(int n) {
  std::future<int> pending;
  int total = 0;
  for (int i = 0; i < n; ++i) {
    if (pending.valid()) total += pending.get();
    // CHECK: :[[@LINE+1]]:66: warning: std::async task captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    pending = std::async(std::launch::async, [&] { return square(i); });
  }
  return total;
}

// A timed wait says nothing about the task being done.
void timed_wait(int n) {
  std::vector<std::future<int>> futures;
  for (int i = 0; i < n; ++i) {
    // CHECK: :[[@LINE+1]]:54: warning: std::async task captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    futures.push_back(std::async([&] { return square(i); }));
    futures.back().wait_for(std::chrono::milliseconds(1));
  }
}

std::future<int> returned_future() {
  int x = 3;
  // CHECK: :[[@LINE+1]]:61: warning: std::async task captures local variable 'x' by reference, and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  return std::async(std::launch::async, [&] { return square(x); });
}

void stored_in_callers_vector(std::vector<std::future<int>> &out) {
  int x = 3;
  // CHECK: :[[@LINE+1]]:50: warning: std::async task captures local variable 'x' by reference, and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  out.push_back(std::async(std::launch::async, [&x] { return square(x); }));
}

// ==== must not fire: the task ends inside the iteration ===================

int get_in_the_iteration(int n) {
  int total = 0;
  for (int i = 0; i < n; ++i) {
    auto f = std::async(std::launch::async, [&] { return square(i); });
    total += f.get();
  }
  return total;
}

void wait_in_the_iteration(int n) {
  for (int i = 0; i < n; ++i) {
    std::future<int> f = std::async([&] { return square(i); });
    f.wait();
  }
}

int temporary_get(int n) {
  int total = 0;
  for (int i = 0; i < n; ++i)
    total += std::async(std::launch::async, [&] { return square(i); }).get();
  return total;
}

void discarded(int n) {
  for (int i = 0; i < n; ++i)
    std::async(std::launch::async, [&] { use(i); });
}

void local_future_not_waited(int n) {
  for (int i = 0; i < n; ++i) {
    auto f = std::async(std::launch::async, [&] { use(i); });
    use(i * 2);
  }
}

void per_iteration_vector(int batches) {
  for (int b = 0; b < batches; ++b) {
    std::vector<std::future<int>> futures;
    for (int j = 0; j < 4; ++j)
      futures.push_back(std::async([&, j] { return square(b + j); }));
  }
}

void per_batch_waited(int batches) {
  std::vector<std::future<int>> futures;
  for (int b = 0; b < batches; ++b) {
    for (int j = 0; j < 4; ++j)
      futures.push_back(std::async([&, j] { return square(b + j); }));
    for (auto &f : futures) f.get();
    futures.clear();
  }
}

void waited_by_a_user_function(int batches) {
  for (int b = 0; b < batches; ++b) {
    std::vector<std::future<int>> futures;
    futures.push_back(std::async(std::launch::async, [&] { return square(b); }));
    wait_all(futures);
  }
}

int copies(int n) {
  std::vector<std::future<int>> futures;
  for (int i = 0; i < n; ++i) {
    futures.push_back(std::async(std::launch::async, square, i));
    futures.push_back(std::async(std::launch::async, by_cref, i));
    futures.push_back(std::async([i] { return square(i); }));
    futures.push_back(std::async([=] { return square(i); }));
    futures.push_back(std::async([&futures, i] { return square(i) + int(futures.size()); }));
  }
  int total = 0;
  for (auto &f : futures) total += f.get();
  return total;
}

int element_references(std::vector<int> &values) {
  std::vector<std::future<int>> futures;
  for (int &v : values)
    futures.push_back(std::async([&v] { return square(v); }));
  for (const int &v : values)
    futures.push_back(std::async([&] { return square(v); }));
  int total = 0;
  for (auto &f : futures) total += f.get();
  return total;
}

int never_written(int n) {
  int base = 5;
  std::vector<std::future<int>> futures;
  for (int i = 0; i < n; ++i)
    futures.push_back(std::async([&base, i] { return base + i; }));
  int total = 0;
  for (auto &f : futures) total += f.get();
  return total;
}

int local_waited_before_return() {
  int x = 3;
  auto f = std::async(std::launch::async, [&] { return square(x); });
  return f.get();
}

void local_future_destroyed_in_scope() {
  int x = 3;
  auto f = std::async(std::launch::async, [&] { return square(x); });
}

std::future<int> returned_with_a_copy() {
  int x = 3;
  return std::async(std::launch::async, [x] { return square(x); });
}
