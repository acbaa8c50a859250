// gogo-loop-capture and gogo-dangling-capture for std::thread and
// std::jthread: every construction route (directly, a temporary, emplaced
// into a container, pushed, moved into one later), every kind of callable
// (lambda, named lambda, function with std::ref/std::cref arguments,
// member function pointer with its object), and above all the code where
// the thread's work ends inside the iteration, which must stay silent.
// Every CHECK must fire; every other spawn must stay silent.
//
// RUN: %check_gogo %s -- -std=c++20

#include <algorithm>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

void use(int) {}
void use_str(const std::string &) {}
void print_c(const char *) {}
void by_ref(int &) {}
void by_cref(const int &) {}
void by_value(int) {}
void adopt(std::thread) {}
void join_all(std::vector<std::thread> &threads) {
  for (auto &t : threads) t.join();
}

struct job {
  int id = 0;
  void run() {}
  void run_with(int) {}
};

// ==== must fire: the thread outlives the iteration =========================

void emplaced_then_joined_after_the_loop(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:36: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    threads.emplace_back([&] { use(i); });
  // CHECK: :[[@LINE-1]]:13: note: thread started here, inside the loop
  // CHECK: :[[@LINE-2]]:36: note: capture 'i' by value to give each thread its own copy
  for (auto &t : threads) t.join();
}

void pushed_temporary(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:37: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    threads.push_back(std::thread([&i] { use(i); }));
  for (auto &t : threads) t.join();
}

void moved_into_the_container_later(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    // CHECK: :[[@LINE+1]]:29: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    std::thread t([&] { use(i); });
    threads.push_back(std::move(t));
  }
  for (auto &t : threads) t.join();
}

void detached_variable(int n) {
  for (int i = 0; i < n; ++i) {
    // CHECK: :[[@LINE+1]]:29: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    std::thread t([&] { use(i); });
    t.detach();
    // CHECK: :[[@LINE-1]]:5: note: the thread outlives the iteration: it is detached here
  }
}

void detached_temporary(int n) {
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:27: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    std::thread([&] { use(i); }).detach();
}

void std_cref_argument(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:35: warning: thread gets a reference to loop variable 'i' through std::cref; every iteration shares it [gogo-loop-capture]
    threads.emplace_back(by_cref, std::cref(i));
  // CHECK-NEXT: {{^}}    threads.emplace_back(by_cref, std::cref(i));
  // CHECK-NEXT: {{^}}                                  ^~~~~~~~~~~~
  // CHECK-NEXT: {{^}}                                  i{{$}}
  // CHECK: note: pass 'i' itself: each thread gets a copy
  for (auto &t : threads) t.join();
}

void std_ref_argument(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:34: warning: thread gets a reference to loop variable 'i' through std::ref; every iteration shares it [gogo-loop-capture]
    threads.emplace_back(by_ref, std::ref(i));
  for (auto &t : threads) t.join();
}

void range_for_copy(const std::vector<int> &values) {
  std::vector<std::thread> threads;
  for (int v : values)
    // CHECK: :[[@LINE+1]]:36: warning: thread captures loop variable 'v' by reference; it dies at the end of each iteration [gogo-loop-capture]
    threads.emplace_back([&] { use(v); });
  for (auto &t : threads) t.join();
}

void body_local(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    int square = i * i;
    // CHECK: :[[@LINE+1]]:28: warning: thread captures 'square' by reference, but 'square' is declared in the loop body and dies at the end of each iteration [gogo-loop-capture]
    threads.emplace_back([&square] { use(square); });
  }
  for (auto &t : threads) t.join();
}

void while_counter() {
  std::vector<std::thread> threads;
  int n = 0;
  while (n < 3) {
    // CHECK: :[[@LINE+1]]:36: warning: thread captures 'n' by reference, but the loop modifies 'n' [gogo-loop-capture]
    threads.emplace_back([&] { use(n); });
    ++n;
  }
  for (auto &t : threads) t.join();
}

void do_counter() {
  std::vector<std::thread> threads;
  int k = 0;
  do {
    // CHECK: :[[@LINE+1]]:28: warning: thread captures 'k' by reference, but the loop modifies 'k' [gogo-loop-capture]
    threads.emplace_back([&k] { use(k); });
    k += 2;
  } while (k < 10);
  for (auto &t : threads) t.join();
}

void named_lambda(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    // CHECK: :[[@LINE+1]]:27: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    auto task = [&] { use(i); };
    threads.emplace_back(task);
  }
  for (auto &t : threads) t.join();
}

void member_function_with_object_address(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    job j{i};
    // CHECK: :[[@LINE+1]]:37: warning: thread gets the address of 'j', but 'j' is declared in the loop body and dies at the end of each iteration [gogo-loop-capture]
    threads.emplace_back(&job::run, &j);
  }
  for (auto &t : threads) t.join();
}

void member_function_with_std_ref(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    job j{i};
    // CHECK: :[[@LINE+1]]:37: warning: thread gets a reference to 'j' through std::ref, but 'j' is declared in the loop body and dies at the end of each iteration [gogo-loop-capture]
    threads.emplace_back(&job::run, std::ref(j));
  }
  for (auto &t : threads) t.join();
}

void init_captures(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    // CHECK: :[[@LINE+1]]:28: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    threads.emplace_back([&r = i] { use(r); });
    // CHECK: :[[@LINE+1]]:31: warning: thread gets the address of loop variable 'i'; every iteration shares it [gogo-loop-capture]
    threads.emplace_back([p = &i] { use(*p); });
  }
  for (auto &t : threads) t.join();
}

void through_a_body_reference(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    const auto &r = i;
    // CHECK: :[[@LINE+1]]:28: warning: thread captures loop variable 'i' by reference through 'r'; every iteration shares it [gogo-loop-capture]
    threads.emplace_back([&r] { use(r); });
  }
  for (auto &t : threads) t.join();
}

void c_str_of_body_string(const std::vector<std::string> &names) {
  std::vector<std::thread> threads;
  for (const auto &name : names) {
    std::string greeting = "hello " + name;
    // CHECK: :[[@LINE+1]]:35: warning: thread gets a pointer into 'greeting' from c_str(), but 'greeting' is declared in the loop body and dies at the end of each iteration [gogo-loop-capture]
    threads.emplace_back(print_c, greeting.c_str());
  }
  for (auto &t : threads) t.join();
}

// The join at the top of the next iteration comes after the increment.
void joined_in_the_next_iteration(int n) {
  std::thread t;
  for (int i = 0; i < n; ++i) {
    if (t.joinable()) t.join();
    // CHECK: :[[@LINE+1]]:31: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    t = std::thread([&] { use(i); });
  }
  if (t.joinable()) t.join();
}

void written_before_the_join() {
  int n = 0;
  while (n < 3) {
    // CHECK: :[[@LINE+1]]:29: warning: thread captures 'n' by reference, but the loop modifies 'n' [gogo-loop-capture]
    std::thread t([&] { use(n); });
    ++n;
    t.join();
  }
}

void jthreads_in_an_outer_vector(int n) {
  std::vector<std::jthread> threads;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:36: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    threads.emplace_back([&] { use(i); });
}

// Assigning a jthread joins the previous one: after the increment.
void jthread_assigned_to_an_outer_variable(int n) {
  std::jthread worker;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:37: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    worker = std::jthread([&] { use(i); });
}

// Per-batch container: the batch's variable is safe (joined in its
// iteration), the inner loop's is not.
void per_batch_inner_variable(int batches) {
  for (int b = 0; b < batches; ++b) {
    std::vector<std::thread> threads;
    for (int j = 0; j < 4; ++j)
      // CHECK: :[[@LINE+1]]:46: warning: thread captures loop variable 'j' by reference; every iteration shares it [gogo-loop-capture]
      threads.emplace_back([&] { use(b * 4 + j); });
    for (auto &t : threads) t.join();
  }
}

void thread_map(int n) {
  std::map<int, std::thread> threads;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:34: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    threads.emplace(i, [&] { use(i); });
  for (auto &entry : threads) entry.second.join();
}

void owned_by_unique_ptr(int n) {
  std::vector<std::unique_ptr<std::thread>> threads;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:78: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    threads.push_back(std::unique_ptr<std::thread>(new std::thread([&] { use(i); })));
  for (auto &t : threads) t->join();
}

struct server {
  std::vector<std::thread> workers_;
  void start(int n) {
    for (int i = 0; i < n; ++i)
      // CHECK: :[[@LINE+1]]:39: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
      workers_.emplace_back([&] { use(i); });
  }
  ~server() {
    for (auto &w : workers_) w.join();
  }
};

template <class F> void run_all(F f, int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:34: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    threads.emplace_back([&] { f(i); });
  for (auto &t : threads) t.join();
}
template void run_all(void (*)(int), int);

template <class T> void detach_each(const std::vector<T> &items) {
  for (T item : items) {
    // CHECK: :[[@LINE+1]]:29: warning: thread captures loop variable 'item' by reference; it dies at the end of each iteration [gogo-loop-capture]
    std::thread t([&] { use(item); });
    t.detach();
  }
}

// ==== must fire: a local dies while the thread runs =======================

void detached_with_local() {
  int x = 1;
  // CHECK: :[[@LINE+1]]:25: warning: thread captures local variable 'x' by reference, and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  std::thread([&] { use(x); }).detach();
}

std::thread returned_with_local() {
  int x = 1;
  // CHECK: :[[@LINE+1]]:19: warning: thread captures local variable 'x' by reference, and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  std::thread t([&x] { use(x); });
  return t;
  // CHECK: :[[@LINE-1]]:3: note: the thread may outlive 'x': it is returned
}
// CHECK: :[[@LINE-1]]:1: note: 'x' is destroyed here, possibly while the thread still uses it

struct worker_holder {
  std::thread worker_;
  void start() {
    int local = 1;
    // CHECK: :[[@LINE+1]]:37: warning: thread captures local variable 'local' by reference, and nothing waits for it before 'local' goes out of scope [gogo-dangling-capture]
    worker_ = std::thread([&] { use(local); });
  }
};

void stored_in_callers_vector(std::vector<std::thread> &out) {
  int x = 1;
  // CHECK: :[[@LINE+1]]:30: warning: thread captures local variable 'x' by reference, and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  out.emplace_back([&] { use(x); });
}

void c_str_to_detached_thread() {
  std::string s = "name";
  // CHECK: :[[@LINE+1]]:24: warning: thread gets a pointer into local variable 's' from c_str(), and nothing waits for it before 's' goes out of scope [gogo-dangling-capture]
  std::thread(print_c, s.c_str()).detach();
}

// `worker` is destroyed (and joins) after `x`: too late.
void jthread_declared_before_the_local() {
  std::jthread worker;
  int x = 1;
  // CHECK: :[[@LINE+1]]:35: warning: thread captures local variable 'x' by reference, and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  worker = std::jthread([&] { use(x); });
}

// ==== must not fire: the work ends inside the iteration ====================

void joined_in_the_iteration(int n) {
  for (int i = 0; i < n; ++i) {
    std::thread t([&] { use(i); });
    t.join();
  }
}

void temporary_joined(int n) {
  for (int i = 0; i < n; ++i)
    std::thread([&] { use(i); }).join();
}

void jthread_local_to_the_body(int n) {
  for (int i = 0; i < n; ++i) {
    std::jthread t([&] { use(i); });
    use(i + 1);
  }
}

void jthread_temporary(int n) {
  for (int i = 0; i < n; ++i)
    std::jthread([&](std::stop_token) { use(i); });
}

void joined_after_other_work(int n) {
  int total = 0;
  for (int i = 0; i < n; ++i) {
    std::thread t([&] { use(i + total); });
    use(total);
    t.join();
    total += i;
  }
}

void per_batch_outer_variable(int batches) {
  for (int b = 0; b < batches; ++b) {
    std::vector<std::thread> threads;
    for (int j = 0; j < 4; ++j)
      threads.emplace_back([&, j] { use(b * 4 + j); });
    for (auto &t : threads) t.join();
  }
}

void joined_by_index(int batches) {
  std::vector<std::thread> threads(4);
  for (int b = 0; b < batches; ++b) {
    for (int j = 0; j < 4; ++j)
      threads[j] = std::thread([&, j] { use(b + j); });
    for (std::size_t k = 0; k < threads.size(); ++k) threads[k].join();
  }
}

void joined_with_for_each(int batches) {
  for (int b = 0; b < batches; ++b) {
    std::vector<std::thread> threads;
    threads.emplace_back([&] { use(b); });
    std::for_each(threads.begin(), threads.end(), std::mem_fn(&std::thread::join));
  }
}

void moved_to_a_local_then_joined(int n) {
  for (int i = 0; i < n; ++i) {
    std::thread t([&] { use(i); });
    std::thread u = std::move(t);
    u.join();
  }
}

void assigned_outer_variable_joined(int n) {
  std::thread t;
  for (int i = 0; i < n; ++i) {
    t = std::thread([&] { use(i); });
    t.join();
  }
}

void handed_to_a_user_function(int n) {
  for (int i = 0; i < n; ++i)
    adopt(std::thread([&] { use(i); }));
}

void joined_by_a_user_function(int batches) {
  for (int b = 0; b < batches; ++b) {
    std::vector<std::thread> threads;
    threads.emplace_back([&] { use(b); });
    join_all(threads);
  }
}

void waited_through_a_future(int n) {
  for (int i = 0; i < n; ++i) {
    std::promise<void> done;
    std::future<void> ready = done.get_future();
    std::thread([&] { use(i); done.set_value(); }).detach();
    ready.wait();
  }
}

void jthread_vector_local_to_the_body(int n) {
  for (int i = 0; i < n; ++i) {
    std::vector<std::jthread> threads;
    threads.emplace_back([&] { use(i); });
    threads.emplace_back([&] { use(i * 2); });
  }
}

void jthread_vector_cleared(int n) {
  std::vector<std::jthread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&] { use(i); });
    threads.clear();
  }
}

void unique_ptrs_joined_in_the_iteration(int batches) {
  for (int b = 0; b < batches; ++b) {
    std::vector<std::unique_ptr<std::thread>> threads;
    threads.push_back(std::make_unique<std::thread>(by_value, b));
    threads.push_back(std::unique_ptr<std::thread>(new std::thread([&] { use(b); })));
    for (auto &t : threads) t->join();
  }
}

template <class T> void join_each(const std::vector<T> &items) {
  for (T item : items) {
    std::thread t([&] { use(item); });
    t.join();
  }
}

// ==== must not fire: nothing per-iteration is shared =======================

void copies(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([=] { use(i); });
    threads.emplace_back([i] { use(i); });
    threads.emplace_back([&threads, i] { use(i + int(threads.size())); });
    threads.emplace_back(by_value, i);
    threads.emplace_back(by_cref, i);  // std::thread copies its arguments
    threads.push_back(std::thread(by_value, i));
  }
  for (auto &t : threads) t.join();
}

void references_into_containers(std::vector<int> &values) {
  std::vector<std::thread> threads;
  for (auto &v : values)
    threads.emplace_back([&v] { use(v); });
  for (const auto &v : values)
    threads.emplace_back([&] { use(v); });
  for (auto &t : threads) t.join();
}

void variables_the_loop_never_writes(int n) {
  std::vector<std::thread> threads;
  int base = 10;
  std::vector<int> results(n);
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&results, &base, i] { results[i] = base + i; });
  for (auto &t : threads) t.join();
}

struct pool_owner {
  std::vector<std::thread> workers_;
  void loop(int id) { use(id); }
  void start(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back(&pool_owner::loop, this, i);
    for (int i = 0; i < n; ++i)
      workers_.emplace_back([this, i] { loop(i); });
  }
};

void pointers_copied(const std::vector<int *> &pointers) {
  std::vector<std::thread> threads;
  for (int *p : pointers)
    threads.emplace_back([p] { use(*p); });
  for (auto &t : threads) t.join();
}

void member_function_with_copy(const std::vector<job> &jobs) {
  std::vector<std::thread> threads;
  for (const job &j : jobs)
    threads.emplace_back(&job::run_with, j, j.id);
  for (auto &t : threads) t.join();
}

void synchronous_lambdas(int n) {
  for (int i = 0; i < n; ++i) {
    auto f = [&] { use(i); };
    f();
  }
}

// ==== must not fire: the local outlives the thread =========================

void joined_before_the_scope_ends() {
  int x = 1;
  std::thread t([&] { use(x); });
  t.join();
}

void jthread_local() {
  int x = 1;
  std::jthread t([&] { use(x); });
}

void joined_at_the_end(int n) {
  int shared = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&shared, i] { use(shared + i); });
  for (auto &t : threads) t.join();
}

void statics_and_members() {
  static int counter = 0;
  std::thread([&] { use(counter); }).detach();
}

struct self_worker {
  int state = 0;
  std::thread worker_;
  void start() { worker_ = std::thread([this] { use(state); }); }
};

void detached_with_copies() {
  int x = 1;
  std::string s = "name";
  std::thread([x, s] { use(x); use_str(s); }).detach();
}

void joined_at_the_end_of_scope_by_jthread_member() {
  int x = 1;
  {
    std::jthread inner([&] { use(x); });
  }
  use(x);
}
