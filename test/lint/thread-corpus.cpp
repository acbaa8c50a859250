// The second half of the thread/async corpus (thread-capture.cpp and
// async-capture.cpp are the first): shapes taken from real code bases
// that start threads in loops. Every CHECK must fire; every other spawn
// must stay silent.
//
// RUN: %check_gogo %s -- -std=c++20

#include <barrier>
#include <functional>
#include <future>
#include <latch>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

void use(int) {}
int square(int x) { return x * x; }
void by_ref(int &) {}
void by_cref(const int &) {}
void by_value(int) {}
void by_pointer(const int *) {}
bool more();
std::optional<int> next_item();

struct counter {
  int value = 0;
  void add(int) {}
  void bump() {}
};

// ==== must fire ============================================================

void assigned_into_an_outer_slot(int n) {
  std::vector<std::thread> threads(n);
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:40: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    threads[i] = std::thread([&] { use(i); });
  for (auto &t : threads) t.join();
}

void assigned_into_a_built_in_array() {
  std::thread threads[4];
  for (int i = 0; i < 4; ++i)
    // CHECK: :[[@LINE+1]]:40: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    threads[i] = std::thread([&] { use(i); });
  for (auto &t : threads) t.join();
}

void emplaced_thread_temporary(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:48: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    threads.emplace_back(std::thread([&] { use(i); }));
  for (auto &t : threads) t.join();
}

void detached_on_one_branch(int n, bool wait) {
  for (int i = 0; i < n; ++i) {
    // CHECK: :[[@LINE+1]]:29: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    std::thread t([&] { use(i); });
    if (wait)
      t.join();
    else
      t.detach();
    // CHECK: :[[@LINE-1]]:7: note: the thread outlives the iteration: it is detached here
  }
}

void outer_loop_variable_inner_spawn(int batches) {
  std::vector<std::thread> threads;
  for (int b = 0; b < batches; ++b)
    for (int j = 0; j < 4; ++j)
      // CHECK: :[[@LINE+1]]:41: warning: thread captures loop variable 'b' by reference; every iteration shares it [gogo-loop-capture]
      threads.emplace_back([&, j] { use(b * j); });
  for (auto &t : threads) t.join();
}

void condition_variable_of_a_while(std::vector<std::thread> &threads) {
  while (std::optional<int> item = next_item())
    // CHECK: :[[@LINE+1]]:37: warning: thread captures loop variable 'item' by reference; it dies at the end of each iteration [gogo-loop-capture]
    threads.emplace_back([&] { use(*item); });
}

void jthread_moved_into_an_outer_vector(int n) {
  std::vector<std::jthread> threads;
  for (int i = 0; i < n; ++i) {
    // CHECK: :[[@LINE+1]]:30: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    std::jthread t([&] { use(i); });
    threads.push_back(std::move(t));
  }
}

void named_lambda_detached(int n) {
  for (int i = 0; i < n; ++i) {
    // CHECK: :[[@LINE+1]]:27: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    auto task = [&] { use(i); };
    std::thread(task).detach();
  }
}

void raw_new_thread(int n) {
  std::vector<std::thread *> threads;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:49: warning: thread captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    threads.push_back(new std::thread([&] { use(i); }));
  for (auto *t : threads) {
    t->join();
    delete t;
  }
}

void copied_index_shared_accumulator(const std::vector<int> &values) {
  std::vector<std::thread> threads;
  int last = 0;
  for (int v : values) {
    last = v;
    // CHECK: :[[@LINE+1]]:39: warning: thread captures 'last' by reference, but the loop modifies 'last' [gogo-loop-capture]
    threads.emplace_back([&, v] { use(last + v); });
  }
  for (auto &t : threads) t.join();
}

void pointer_to_body_local(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    int copy = i;
    // CHECK: :[[@LINE+1]]:38: warning: thread gets the address of 'copy', but 'copy' is declared in the loop body and dies at the end of each iteration [gogo-loop-capture]
    threads.emplace_back(by_pointer, &copy);
  }
  for (auto &t : threads) t.join();
}

void std_ref_of_range_copy(const std::vector<int> &values) {
  std::vector<std::thread> threads;
  for (int v : values)
    // CHECK: :[[@LINE+1]]:35: warning: thread gets a reference to loop variable 'v' through std::cref; it dies at the end of each iteration [gogo-loop-capture]
    threads.emplace_back(by_cref, std::cref(v));
  for (auto &t : threads) t.join();
}

void member_function_on_a_body_local(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    counter c;
    // CHECK: :[[@LINE+1]]:41: warning: thread gets the address of 'c', but 'c' is declared in the loop body and dies at the end of each iteration [gogo-loop-capture]
    threads.emplace_back(&counter::add, &c, i);
  }
  for (auto &t : threads) t.join();
}

void async_into_a_list(int n) {
  std::list<std::future<int>> futures;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:74: warning: std::async task captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    futures.push_back(std::async(std::launch::async, [&] { return square(i); }));
  for (auto &f : futures) f.get();
}

void async_into_a_map(int n) {
  std::map<int, std::future<int>> futures;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:69: warning: std::async task captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    futures[i] = std::async(std::launch::async, [&] { return square(i); });
  for (auto &[k, f] : futures) f.get();
}

void init_capture_of_a_body_local(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    int doubled = i * 2;
    // CHECK: :[[@LINE+1]]:28: warning: thread captures 'doubled' by reference, but 'doubled' is declared in the loop body and dies at the end of each iteration [gogo-loop-capture]
    threads.emplace_back([&d = doubled] { use(d); });
  }
  for (auto &t : threads) t.join();
}

void detached_with_a_body_local() {
  while (more()) {
    std::string line = "x";
    // CHECK: :[[@LINE+1]]:31: warning: thread captures 'line' by reference, but 'line' is declared in the loop body and dies at the end of each iteration [gogo-loop-capture]
    std::thread([&] { use(int(line.size())); }).detach();
  }
}

void detached_pointer_to_a_local() {
  int x = 1;
  // CHECK: :[[@LINE+1]]:27: warning: thread gets the address of local variable 'x', and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  std::thread(by_pointer, &x).detach();
}

void joined_or_detached_local(bool wait) {
  int x = 1;
  // CHECK: :[[@LINE+1]]:27: warning: thread captures local variable 'x' by reference, and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  std::thread t([&] { use(x); });
  if (wait)
    t.join();
  else
    t.detach();
}

void detached_std_ref_to_a_local() {
  int x = 1;
  // CHECK: :[[@LINE+1]]:23: warning: thread gets a reference to local variable 'x' through std::ref, and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  std::thread(by_ref, std::ref(x)).detach();
}

// ==== must not fire: the work ends inside the iteration ====================

void built_in_array_joined_in_the_iteration(int batches) {
  std::thread threads[2];
  for (int b = 0; b < batches; ++b) {
    for (int k = 0; k < 2; ++k)
      threads[k] = std::thread([&, k] { use(b + k); });
    for (int k = 0; k < 2; ++k) threads[k].join();
  }
}

void joined_if_joinable(int n) {
  for (int i = 0; i < n; ++i) {
    std::thread t([&] { use(i); });
    if (t.joinable()) t.join();
  }
}

void joined_in_a_catch_and_after(int n) {
  for (int i = 0; i < n; ++i) {
    std::thread t([&] { use(i); });
    try {
      use(i + 1);
    } catch (...) {
      t.join();
      throw;
    }
    t.join();
  }
}

void two_jthreads_in_a_block(int n) {
  for (int i = 0; i < n; ++i) {
    {
      std::jthread a([&] { use(i); }), b([&] { use(i + 1); });
    }
    use(i);
  }
}

void async_cast_to_void(int n) {
  for (int i = 0; i < n; ++i)
    (void)std::async(std::launch::async, [&] { use(i); });
}

void async_temporary_waited(int n) {
  for (int i = 0; i < n; ++i)
    std::async(std::launch::async, [&] { use(i); }).wait();
}

void body_local_futures_destroyed(int n) {
  for (int i = 0; i < n; ++i) {
    std::vector<std::future<void>> futures;
    futures.push_back(std::async(std::launch::async, [&] { use(i); }));
    futures.push_back(std::async(std::launch::async, [&] { use(i + 1); }));
  }
}

void body_local_futures_got(int n) {
  for (int i = 0; i < n; ++i) {
    std::vector<std::future<int>> futures;
    for (int j = 0; j < 4; ++j)
      futures.push_back(std::async([&, j] { return square(i + j); }));
    for (auto &f : futures) f.get();
  }
}

void moved_into_a_body_local_vector(int n) {
  for (int i = 0; i < n; ++i) {
    std::vector<std::thread> local;
    std::thread t([&] { use(i); });
    local.push_back(std::move(t));
    for (auto &x : local) x.join();
  }
}

void joined_with_a_lambda_for_each(int batches) {
  for (int b = 0; b < batches; ++b) {
    std::vector<std::thread> threads;
    threads.emplace_back([&] { use(b); });
    std::for_each(threads.begin(), threads.end(), [](std::thread &t) { t.join(); });
  }
}

void joined_if_joinable_in_a_loop(int batches) {
  for (int b = 0; b < batches; ++b) {
    std::vector<std::thread> threads;
    threads.emplace_back([&] { use(b); });
    for (auto &t : threads)
      if (t.joinable()) t.join();
  }
}

void latch_in_the_iteration(int n) {
  for (int i = 0; i < n; ++i) {
    std::latch done(1);
    std::thread([&] { use(i); done.count_down(); }).detach();
    done.wait();
  }
}

void do_while_joined() {
  int k = 0;
  do {
    std::thread t([&] { use(k); });
    t.join();
    ++k;
  } while (k < 4);
}

void const_outside_the_loop(int n) {
  std::vector<std::thread> threads;
  const int limit = n * 2;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&limit, i] { use(limit + i); });
  for (auto &t : threads) t.join();
}

void std_ref_to_a_variable_the_loop_never_writes(int n) {
  std::vector<std::thread> threads;
  int total = 0;
  for (int i = 0; i < n; ++i)
    threads.emplace_back(by_ref, std::ref(total));
  for (auto &t : threads) t.join();
}

void member_function_on_a_shared_object(int n) {
  std::vector<std::thread> threads;
  counter shared;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back(&counter::add, &shared, i);
    threads.emplace_back(&counter::bump, std::ref(shared));
  }
  for (auto &t : threads) t.join();
}

void std_bind_copies(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back(std::bind(by_value, i));
  for (auto &t : threads) t.join();
}

void named_lambda_with_copies(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    auto task = [i] { use(i); };
    threads.emplace_back(task);
    threads.emplace_back(std::move(task));
  }
  for (auto &t : threads) t.join();
}

void init_captures_by_value(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([v = i] { use(v); });
    threads.emplace_back([v = i * 2, &threads] { use(v + int(threads.size())); });
  }
  for (auto &t : threads) t.join();
}

void elements_by_reference(std::vector<counter> &items) {
  std::vector<std::thread> threads;
  for (auto &item : items) {
    threads.emplace_back(&counter::bump, &item);
    threads.emplace_back([&item] { item.bump(); });
    threads.emplace_back(&counter::bump, std::ref(item));
  }
  for (auto &t : threads) t.join();
}

void jthreads_in_a_body_local_optional(int n) {
  for (int i = 0; i < n; ++i) {
    std::optional<std::jthread> worker;
    worker.emplace([&] { use(i); });
  }
}

void by_value_arguments(int n) {
  std::vector<std::future<int>> futures;
  for (int i = 0; i < n; ++i) {
    futures.push_back(std::async(square, i));
    futures.push_back(std::async(std::launch::deferred, square, i * 2));
  }
  for (auto &f : futures) f.get();
}

void barrier_in_the_iteration(int n) {
  std::barrier sync(2);
  for (int i = 0; i < n; ++i) {
    std::thread([&] { use(i); sync.arrive_and_wait(); }).detach();
    sync.arrive_and_wait();
  }
}
