// gogo-loop-capture and gogo-dangling-capture for the user's own spawners:
// a pool named in this directory's .gogo-lint.yaml (found by walking up
// from this file), functions declared with [[clang::annotate("gogo::spawns")]]
// (and a virtual one's overrides), and the built-in Boost.Asio and TBB
// names (matched in those libraries' own namespaces). A configured wait
// (.gogo-lint.yaml `waits:`, [[clang::annotate("gogo::waits")]], TBB's
// wait(), Asio's join() or run()) or a get()/wait() on the future a spawner
// returns ends the task. Every CHECK must fire; every other spawn must stay
// silent.
//
// RUN: %check_gogo %s -- -std=c++17 -I%S/../Inputs/spawners

#include <boost/asio/thread_pool.hpp>
#include <tbb/task_group.h>

#include <functional>
#include <future>
#include <vector>

void use(int) {}

namespace demo {

class pool {
 public:
  template <class F> std::future<void> submit(F f) {
    (void)f;
    return {};
  }
  template <class F> void post(F f) { (void)f; }
  void wait_idle() {}
};

template <class F> void run_later(F f) { (void)f; }

// A thread class of the user's own (concurrentqueue's SimpleThread).
class worker {
 public:
  worker() = default;
  template <class F, class... Args> explicit worker(F f, Args... args) {
    (void)f;
    (void)sizeof...(args);
  }
  worker(worker &&) = default;
  worker &operator=(worker &&) = default;
  void join() {}
};

[[clang::annotate("gogo::spawns")]] void schedule(std::function<void()> f);
[[clang::annotate("gogo::waits")]] void drain();

struct executor {
  [[clang::annotate("gogo::spawns")]] virtual void execute(std::function<void()> f) = 0;
  virtual ~executor() = default;
};

struct inline_executor : executor {
  void execute(std::function<void()> f) override { f(); }
};

}  // namespace demo

namespace other {
template <class F> void submit(F f) { f(); }
}  // namespace other

// ==== must fire ============================================================

void configured_pool(demo::pool &pool, int n) {
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:27: warning: task given to 'submit' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    pool.submit([&] { use(i); });
  // CHECK: :[[@LINE-1]]:10: note: 'submit' starts the task here, inside the loop
  pool.wait_idle();
}

void configured_member_post(demo::pool &pool, int n) {
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:17: warning: task given to 'post' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    pool.post([&i] { use(i); });
  pool.wait_idle();
}

void configured_free_function(int n) {
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:31: warning: task given to 'run_later' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    demo::run_later([&] { use(i); });
}

void annotated_function(int n) {
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:30: warning: task given to 'schedule' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    demo::schedule([&] { use(i); });
  demo::drain();
}

void annotated_virtual(demo::executor &ex, demo::inline_executor &derived, int n) {
  for (int i = 0; i < n; ++i) {
    // CHECK: :[[@LINE+1]]:26: warning: task given to 'execute' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    ex.execute([&] { use(i); });
    // CHECK: :[[@LINE+1]]:31: warning: task given to 'execute' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    derived.execute([&] { use(i * 2); });
  }
}

void tbb_task_group(int n) {
  tbb::task_group group;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:25: warning: task given to 'run' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    group.run([&] { use(i); });
  group.wait();
}

void asio_post(boost::asio::thread_pool &workers, int n) {
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:42: warning: task given to 'post' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    boost::asio::post(workers, [&] { use(i); });
  workers.join();
}

void asio_dispatch_and_defer(boost::asio::thread_pool &workers, int n) {
  for (int i = 0; i < n; ++i) {
    // CHECK: :[[@LINE+1]]:46: warning: task given to 'dispatch' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    boost::asio::dispatch(workers, [&] { use(i); });
    // CHECK: :[[@LINE+1]]:35: warning: task given to 'defer' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    boost::asio::defer(workers, [&i] { use(i); });
  }
  workers.join();
}

void tbb_arena_enqueue(tbb::task_arena &arena, int n) {
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:29: warning: task given to 'enqueue' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    arena.enqueue([&] { use(i); });
}

void thread_class_joined_after_the_loop(int n) {
  std::vector<demo::worker> workers;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:46: warning: task given to 'worker' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    workers.push_back(demo::worker([&] { use(i); }));
  // CHECK: :[[@LINE-1]]:23: note: 'worker' starts the task here, inside the loop
  for (auto &w : workers) w.join();
}

void thread_class_in_an_array() {
  demo::worker workers[4];
  for (int i = 0; i < 4; ++i)
    // CHECK: :[[@LINE+1]]:46: warning: task given to 'worker' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    workers[i] = demo::worker([&](int) { use(i); }, i);
  for (int i = 0; i < 4; ++i) workers[i].join();
}

// A pool's future does not wait when destroyed (only std::async's does).
void pool_futures(demo::pool &pool, int n) {
  std::vector<std::future<void>> futures;
  for (int i = 0; i < n; ++i)
    // CHECK: :[[@LINE+1]]:45: warning: task given to 'submit' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    futures.push_back(pool.submit([&] { use(i); }));
  for (auto &f : futures) f.get();
  for (int i = 0; i < n; ++i) {
    // CHECK: :[[@LINE+1]]:36: warning: task given to 'submit' captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    auto f = pool.submit([&] { use(i); });
  }
}

void body_local_with_pool(demo::pool &pool, int n) {
  for (int i = 0; i < n; ++i) {
    int square = i * i;
    // CHECK: :[[@LINE+1]]:17: warning: task given to 'post' captures 'square' by reference, but 'square' is declared in the loop body and dies at the end of each iteration [gogo-loop-capture]
    pool.post([&square] { use(square); });
  }
  pool.wait_idle();
}

void dangling_pool_task(demo::pool &pool) {
  int x = 1;
  // CHECK: :[[@LINE+1]]:23: warning: task given to 'post' captures local variable 'x' by reference, and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  pool.post([&] { use(x); });
}

// The pool is destroyed (and waits for its tasks) after 'x'.
void local_pool_declared_before(int n) {
  demo::pool pool;
  int x = n;
  // CHECK: :[[@LINE+1]]:23: warning: task given to 'post' captures local variable 'x' by reference, and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  pool.post([&] { use(x); });
}

void dangling_asio_handler(boost::asio::io_context &io) {
  int x = 1;
  // CHECK: :[[@LINE+1]]:27: warning: task given to 'post' captures local variable 'x' by reference, and nothing waits for it before 'x' goes out of scope [gogo-dangling-capture]
  boost::asio::post(io, [&x] { use(x); });
}

// ==== must not fire ========================================================

void waited_in_the_iteration(demo::pool &pool, int n) {
  for (int i = 0; i < n; ++i) {
    pool.post([&] { use(i); });
    pool.wait_idle();
  }
}

void future_waited_in_the_iteration(demo::pool &pool, int n) {
  for (int i = 0; i < n; ++i) {
    auto done = pool.submit([&] { use(i); });
    done.get();
  }
}

void tbb_waited_in_the_iteration(int n) {
  tbb::task_group group;
  for (int i = 0; i < n; ++i) {
    group.run([&] { use(i); });
    group.wait();
  }
  for (int i = 0; i < n; ++i)
    group.run_and_wait([&] { use(i); });  // runs and waits: not a spawner
}

void asio_run_in_the_iteration(boost::asio::io_context &io, int n) {
  for (int i = 0; i < n; ++i) {
    boost::asio::post(io, [&] { use(i); });
    io.run();
  }
}

void annotated_wait_in_the_iteration(int n) {
  for (int i = 0; i < n; ++i) {
    demo::schedule([&] { use(i); });
    demo::drain();
  }
}

void copies(demo::pool &pool, int n) {
  for (int i = 0; i < n; ++i) {
    pool.post([i] { use(i); });
    pool.post([&pool, i] { use(i); });
    demo::run_later([=] { use(i); });
    demo::schedule([i] { use(i); });
  }
  pool.wait_idle();
}

void not_a_spawner(int n) {
  for (int i = 0; i < n; ++i)
    other::submit([&] { use(i); });
}

// parallel_invoke returns once every function has run.
void tbb_parallel_invoke(int n) {
  for (int i = 0; i < n; ++i)
    tbb::parallel_invoke([&] { use(i); }, [&] { use(i + 1); });
}

// Storing a callable starts nothing.
void stored_callables(int n) {
  std::vector<std::function<void()>> jobs;
  for (int i = 0; i < n; ++i) {
    jobs.push_back([&] { use(i); });
    std::packaged_task<void()> task([&] { use(i); });
    task();
  }
}

void local_waited_before_return(demo::pool &pool) {
  int x = 1;
  pool.post([&] { use(x); });
  pool.wait_idle();
}

// A local pool's destructor waits for its tasks: declared after 'x', it
// is destroyed before 'x'; declared in the loop body, it is destroyed at
// the end of each iteration.
void local_pool_declared_after(int n) {
  int x = n;
  demo::pool pool;
  pool.post([&] { use(x); });
  for (int i = 0; i < n; ++i) {
    demo::pool per_iteration;
    per_iteration.post([&] { use(i); });
  }
}

// The index handed as an argument, or the thread joined in the iteration.
void thread_class_with_copies(int n) {
  std::vector<demo::worker> workers(n);
  for (int k = 0; k < n; ++k)
    workers[k] = demo::worker([&](int k) { use(k); }, k);
  for (int k = 0; k < n; ++k) workers[k].join();
  for (int i = 0; i < n; ++i) {
    demo::worker w([&] { use(i); });
    w.join();
  }
}

void never_written(demo::pool &pool, int n) {
  int base = 10;
  for (int i = 0; i < n; ++i)
    pool.post([&base, i] { use(base + i); });
  pool.wait_idle();
}
