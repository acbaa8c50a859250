// gogo-loop-capture: a goroutine started in a loop sees a per-iteration
// variable by reference. Both sides: every `CHECK` is a case that must fire,
// every go statement without one must stay silent (-implicit-check-not).
//
// RUN: %check_gogo %s -- -std=c++17
//
// Rewriting refuses the same code: the race is an error there.
// RUN: not %gogo-rewrite %s -- -std=c++17 2>&1 | FileCheck %s --check-prefix=REWRITE
// REWRITE: :{{[0-9]+}}:{{[0-9]+}}: error: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]

#include <gogo/gogo.hpp>

#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

void use(int) {}
void use_str(const std::string &) {}
void store(int *) {}
void worker(int &) {}
void worker_c(const int &) {}
void run_task(std::function<void()> f) { f(); }
int *next_job() { return nullptr; }

struct job {
  int id = 0;
  void run() {}
  void run_const() const {}
};

// ---- Go vet loopclosure, translated -----------------------------------

// for i := range s { go func() { print(i) }() }
void vet_range_index(gogo::wait_group &wg, const std::vector<int> &s) {
  for (int i = 0; i < static_cast<int>(s.size()); ++i) {
    // CHECK: :[[@LINE+1]]:18: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    go [&] { use(i); }();
  }
  wg.wait();
}

// for _, v := range s { go func() { print(v) }() }
void vet_range_value(gogo::wait_group &wg, const std::vector<int> &s) {
  for (int v : s) {
    // CHECK: :[[@LINE+1]]:18: warning: goroutine captures loop variable 'v' by reference; it dies at the end of each iteration [gogo-loop-capture]
    go [&] { use(v); };
  }
  wg.wait();
}

// for i, v := range s { go func() { print(i, v) }() }: both are reported.
void vet_two_variables(gogo::wait_group &wg, const std::vector<std::pair<int, int>> &s) {
  int i = 0;
  for (auto v : s) {
    // CHECK: :[[@LINE+1]]:18: warning: goroutine captures 'i' by reference, but the loop modifies 'i' [gogo-loop-capture]
    go [&] { use(i + v.first); };
    // CHECK: :[[@LINE-1]]:22: warning: goroutine captures loop variable 'v' by reference; it dies at the end of each iteration [gogo-loop-capture]
    ++i;
  }
  wg.wait();
}

// i := i; v := v  -- the Go fix. In C++ the copy must be by value: a body
// variable captured by reference still dies with the iteration.
void vet_shadow_copy(gogo::wait_group &wg, const std::vector<int> &s) {
  for (int v : s) {
    int copy = v;
    // CHECK: :[[@LINE+1]]:10: warning: goroutine captures 'copy' by reference, but 'copy' is declared in the loop body and dies at the end of each iteration [gogo-loop-capture]
    go [&copy] { use(copy); };
    go [copy] { use(copy); };
    go [v] { use(v); };
  }
  wg.wait();
}

// go func(i int) { print(i) }(i): arguments are copies.
void vet_argument(gogo::wait_group &wg) {
  for (int i = 0; i < 3; ++i) {
    go [](int n) { use(n); }(i);
    go [&wg](int n) { use(n); wg.done(); }(i);
    go use(i);
  }
  wg.wait();
}

// for i := 0; i < 10; i++ { go func() { print(i) }() }  (3-clause loop)
void vet_three_clause(gogo::wait_group &wg) {
  for (int i = 0; i < 10; i++) {
    // CHECK: :[[@LINE+1]]:10: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    go [&i] { use(i); };
  }
  wg.wait();
}

// Go vet only looked at the last statement of the body; position does not
// matter here.
void vet_not_last_statement(gogo::wait_group &wg) {
  for (int i = 0; i < 10; i++) {
    // CHECK: :[[@LINE+1]]:18: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    go [&] { use(i); };
    use(i);
    use(i + 1);
  }
  wg.wait();
}

// The go statement inside an if / else / switch of the body.
void vet_nested_statements(gogo::wait_group &wg, bool flag) {
  for (int i = 0; i < 10; i++) {
    if (flag) {
      // CHECK: :[[@LINE+1]]:20: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
      go [&] { use(i); };
    } else {
      // CHECK: :[[@LINE+1]]:20: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
      go [&] { use(i * 2); };
    }
    switch (i % 3) {
    case 0:
      // CHECK: :[[@LINE+1]]:12: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
      go [&i] { use(i); };
      break;
    default:
      go [i] { use(i); };
    }
  }
  wg.wait();
}

// Nested loops: the outer and the inner variable.
void vet_nested_loops(gogo::wait_group &wg) {
  for (int i = 0; i < 3; i++) {
    for (int j = 0; j < 3; j++) {
      // CHECK: :[[@LINE+1]]:20: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
      go [&] { use(i + j); };
      // CHECK: :[[@LINE-1]]:24: warning: goroutine captures loop variable 'j' by reference; every iteration shares it [gogo-loop-capture]
      go [i, j] { use(i + j); };
    }
  }
  wg.wait();
}

// var x int; for x = range s { go func() { print(x) }() }
void vet_outer_variable_assigned(gogo::wait_group &wg, const std::vector<int> &s) {
  int x = 0;
  for (std::size_t k = 0; k < s.size(); ++k) {
    x = s[k];
    // CHECK: :[[@LINE+1]]:18: warning: goroutine captures 'x' by reference, but the loop modifies 'x' [gogo-loop-capture]
    go [&] { use(x); };
  }
  wg.wait();
}

// for i := ...; go func() { print(j) }(): the loop variable is not used.
void vet_variable_not_used(gogo::wait_group &wg) {
  int j = 42;
  for (int i = 0; i < 3; i++) {
    go [&] { use(j); };
    go [&j] { use(j); };
  }
  wg.wait();
}

// errgroup style: the wait group is shared on purpose, the index is copied.
void vet_errgroup(gogo::wait_group &wg) {
  std::vector<int> results(10);
  for (int i = 0; i < 10; i++) {
    wg.add(1);
    go [&wg, &results, i] {
      results[i] = i * i;
      wg.done();
    };
  }
  wg.wait();
}

// errgroup style done wrong: the wait group is fine, the index is not.
void vet_errgroup_wrong(gogo::wait_group &wg) {
  std::vector<int> results(10);
  for (int i = 0; i < 10; i++) {
    wg.add(1);
    go [&] {
      // CHECK: :[[@LINE+1]]:15: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
      results[i] = i * i;
      wg.done();
    };
  }
  wg.wait();
}

// for _, p := range jobs { go p.run() }: the method runs on the loop copy.
void vet_method_value(gogo::wait_group &wg, const std::vector<job> &jobs) {
  for (job p : jobs) {
    // CHECK: :[[@LINE+1]]:8: warning: goroutine calls 'run' on loop variable 'p' itself, not on a copy; it dies at the end of each iteration [gogo-loop-capture]
    go p.run();
  }
  wg.wait();
}

// ---- C++ only ------------------------------------------------------------

// A body-local variable dies at the end of each iteration.
void body_local(gogo::wait_group &wg) {
  for (int i = 0; i < 4; ++i) {
    int square = i * i;
    std::string name = "job";
    // CHECK: :[[@LINE+1]]:10: warning: goroutine captures 'square' by reference, but 'square' is declared in the loop body and dies at the end of each iteration [gogo-loop-capture]
    go [&square] { use(square); };
    // CHECK: :[[@LINE+1]]:22: warning: goroutine captures 'name' by reference, but 'name' is declared in the loop body and dies at the end of each iteration [gogo-loop-capture]
    go [&] { use_str(name); };
    go [square, name] { use(square); use_str(name); };
  }
  wg.wait();
}

// A while counter: declared outside, incremented inside.
void while_counter(gogo::wait_group &wg) {
  int n = 0;
  while (n < 5) {
    // CHECK: :[[@LINE+1]]:18: warning: goroutine captures 'n' by reference, but the loop modifies 'n' [gogo-loop-capture]
    go [&] { use(n); };
    ++n;
  }
  wg.wait();
}

// do/while, compound assignment.
void do_counter(gogo::wait_group &wg) {
  int k = 0;
  do {
    // CHECK: :[[@LINE+1]]:10: warning: goroutine captures 'k' by reference, but the loop modifies 'k' [gogo-loop-capture]
    go [&k] { use(k); };
    k += 2;
  } while (k < 10);
  wg.wait();
}

// The condition variable of a while loop is new in every iteration.
void while_condition_variable(gogo::wait_group &wg) {
  while (int *job = next_job()) {
    // CHECK: :[[@LINE+1]]:20: warning: goroutine captures loop variable 'job' by reference; it dies at the end of each iteration [gogo-loop-capture]
    go [&] { store(job); };
    go [job] { store(job); };
  }
  wg.wait();
}

// Iterators: written by the overloaded ++ of the loop increment.
void iterator_loop(gogo::wait_group &wg, const std::vector<int> &v) {
  for (auto it = v.begin(); it != v.end(); ++it) {
    // CHECK: :[[@LINE+1]]:19: warning: goroutine captures loop variable 'it' by reference; every iteration shares it [gogo-loop-capture]
    go [&] { use(*it); };
    go [it] { use(*it); };
  }
  wg.wait();
}

// A field of an outer object written in the loop counts as writing it.
void field_written(gogo::wait_group &wg) {
  job current;
  for (int i = 0; i < 3; ++i) {
    current.id = i;
    // CHECK: :[[@LINE+1]]:10: warning: goroutine captures 'current' by reference, but the loop modifies 'current' [gogo-loop-capture]
    go [&current] { use(current.id); };
  }
  wg.wait();
}

// std::ref, std::cref and &x hand the goroutine a reference.
void references_as_arguments(gogo::wait_group &wg) {
  for (int i = 0; i < 3; ++i) {
    // CHECK: :[[@LINE+1]]:15: warning: goroutine gets a reference to loop variable 'i' through std::ref; every iteration shares it [gogo-loop-capture]
    go worker(std::ref(i));
    // CHECK: :[[@LINE+1]]:17: warning: goroutine gets a reference to loop variable 'i' through std::cref; every iteration shares it [gogo-loop-capture]
    go worker_c(std::cref(i));
    // CHECK: :[[@LINE+1]]:14: warning: goroutine gets the address of loop variable 'i'; every iteration shares it [gogo-loop-capture]
    go store(&i);
    int buffer[4] = {};
    // CHECK: :[[@LINE+1]]:14: warning: goroutine gets the address of 'buffer', but 'buffer' is declared in the loop body and dies at the end of each iteration [gogo-loop-capture]
    go store(buffer);
    go worker_c(i);
  }
  wg.wait();
}

// Member calls on a per-iteration object share it; on a pointer or on an
// element reference they do not.
void member_calls(gogo::wait_group &wg, std::vector<job> &jobs, const std::vector<job *> &ptrs) {
  for (int i = 0; i < 3; ++i) {
    job local;
    // CHECK: :[[@LINE+1]]:8: warning: goroutine calls 'run' on 'local' itself, not on a copy, but 'local' is declared in the loop body and dies at the end of each iteration [gogo-loop-capture]
    go local.run();
    // CHECK: :[[@LINE+1]]:8: warning: goroutine calls 'run_const' on 'local' itself, not on a copy, but 'local' is declared in the loop body and dies at the end of each iteration [gogo-loop-capture]
    go (&local)->run_const();
  }
  for (job &element : jobs)
    go element.run();
  for (job *p : ptrs)
    go p->run();
  for (job *p : ptrs)
    // CHECK: :[[@LINE+1]]:14: warning: goroutine captures loop variable 'p' by reference; it dies at the end of each iteration [gogo-loop-capture]
    go [&] { p->run(); };
  wg.wait();
}

// A lambda nested inside the goroutine that captures by reference.
void nested_lambdas(gogo::wait_group &wg) {
  for (int i = 0; i < 3; ++i) {
    go [&] {
      auto inner = [&] {
        // CHECK: :[[@LINE+1]]:13: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
        use(i);
      };
      inner();
    };
    // The nested lambda refers to the goroutine's own copy: fine.
    go [i] {
      auto inner = [&] { use(i); };
      inner();
    };
  }
  wg.wait();
}

// Lambdas handed to the goroutine as arguments, named closures, std::bind.
void lambdas_as_values(gogo::wait_group &wg) {
  for (int i = 0; i < 3; ++i) {
    // CHECK: :[[@LINE+1]]:27: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    go run_task([&] { use(i); });
    auto task = [&i] { use(i); };
    // CHECK: :[[@LINE-1]]:19: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    go task;
    // CHECK: :[[@LINE+1]]:35: warning: goroutine gets a reference to loop variable 'i' through std::ref; every iteration shares it [gogo-loop-capture]
    go run_task(std::bind(worker, std::ref(i)));
    go run_task([i] { use(i); });
    go run_task(std::bind(use, i));
  }
  wg.wait();
}

// Explicit and init captures; [=, &i].
void capture_forms(gogo::wait_group &wg) {
  for (int i = 0; i < 3; ++i) {
    // CHECK: :[[@LINE+1]]:13: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    go [=, &i] { use(i); };
    // CHECK: :[[@LINE+1]]:10: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    go [&r = i] { use(r); };
    go [=] { use(i); };
    go [j = i] { use(j); };
    go [&wg, j = i] { use(j); wg.done(); };
  }
  wg.wait();
}

// Loops inside lambdas are loops too.
void loop_in_lambda(gogo::wait_group &wg) {
  auto spawn = [&](int n) {
    for (int i = 0; i < n; ++i)
      // CHECK: :[[@LINE+1]]:20: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
      go [&] { use(i); };
  };
  spawn(3);
  wg.wait();
}

// A go statement in a callback that the loop runs synchronously (Go's
// `select { case <-ch: go func() { use(i) }() }` in a loop): the callback
// captures the loop variable by reference, and so does the goroutine.
void select_callback(gogo::wait_group &wg, gogo::chan<int> ch) {
  for (int i = 0; i < 3; ++i) {
    gogo::select{gogo::on_recv(ch, [&](std::optional<int>) {
      // CHECK: :[[@LINE+1]]:20: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
      go [&] { use(i); };
    })};
  }
  // The callback's own copy: each goroutine shares only that copy.
  for (int i = 0; i < 3; ++i) {
    gogo::select{gogo::on_recv(ch, [i](std::optional<int>) {
      go [i] { use(i); };
    })};
  }
  wg.wait();
}

// A template is checked once, in its spelling, however often instantiated.
template <class T> void use_t(const T &) {}
template <class T> void each(gogo::wait_group &wg, const std::vector<T> &v) {
  for (T x : v)
    // CHECK: :[[@LINE+1]]:10: warning: goroutine captures loop variable 'x' by reference; it dies at the end of each iteration [gogo-loop-capture]
    go [&x] { use_t(x); };
  for (const T &x : v)
    go [&x] { use_t(x); };
  wg.wait();
}
template void each<int>(gogo::wait_group &, const std::vector<int> &);
template void each<double>(gogo::wait_group &, const std::vector<double> &);

// Dependent code: Clang resolves a [&] lambda's implicit captures only at
// instantiation; the check finds them in the template as written.
template <class C> void dependent(gogo::wait_group &wg, const C &c) {
  for (auto x : c)
    // CHECK: :[[@LINE+1]]:20: warning: goroutine captures loop variable 'x' by reference; it dies at the end of each iteration [gogo-loop-capture]
    go [&] { use_t(x); };
  for (std::size_t i = 0; i < c.size(); ++i)
    // CHECK: :[[@LINE+1]]:22: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    go [&] { use_t(c[i]); };
  for (auto &x : c)
    go [&] { use_t(x); };
  for (auto x : c)
    go [&, x] { use_t(x); };
  for (auto x : c)
    go [&] { use_t(sizeof(x)); }; // unevaluated: not a capture
  wg.wait();
}
template void dependent<std::vector<int>>(gogo::wait_group &, const std::vector<int> &);

// A generic lambda's body is a template too.
void generic_lambda(gogo::wait_group &wg) {
  auto spawn = [&](auto n) {
    for (decltype(n) i = 0; i < n; ++i)
      // CHECK: :[[@LINE+1]]:22: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
      go [&] { use_t(i); };
  };
  spawn(3);
  wg.wait();
}

// Reading into a variable (std::getline, operator>>) writes it.
void stream_reads(gogo::wait_group &wg) {
  std::string line;
  while (std::getline(std::cin, line))
    // CHECK: :[[@LINE+1]]:22: warning: goroutine captures 'line' by reference, but the loop modifies 'line' [gogo-loop-capture]
    go [&] { use_str(line); };
  int x = 0;
  while (std::cin >> x)
    // CHECK: :[[@LINE+1]]:10: warning: goroutine captures 'x' by reference, but the loop modifies 'x' [gogo-loop-capture]
    go [&x] { use(x); };
  wg.wait();
}

// `auto&&` bound to a proxy temporary: a new object every iteration.
void proxy_elements(gogo::wait_group &wg, std::vector<bool> &bits) {
  for (auto &&bit : bits)
    // CHECK: :[[@LINE+1]]:18: warning: goroutine captures loop variable 'bit' by reference; it dies at the end of each iteration [gogo-loop-capture]
    go [&] { use(bit); };
  wg.wait();
}

// A loop variable reached through a reference or a pointer declared in the
// body: the goroutine sees the loop variable itself.
void through_body_aliases(gogo::wait_group &wg, const std::vector<int> &v) {
  for (int i = 0; i < 3; ++i) {
    const auto &r = i;
    // CHECK: :[[@LINE+1]]:10: warning: goroutine captures loop variable 'i' by reference through 'r'; every iteration shares it [gogo-loop-capture]
    go [&r] { use(r); };
    int *p = &i;
    // CHECK: :[[@LINE+1]]:9: warning: goroutine gets the address of loop variable 'i' through 'p'; every iteration shares it [gogo-loop-capture]
    go [p] { use(*p); };
    const int &alias = r;
    // CHECK: :[[@LINE+1]]:18: warning: goroutine captures loop variable 'i' by reference through 'alias'; every iteration shares it [gogo-loop-capture]
    go [&] { use(alias); };
    go [r] { use(r); };  // a copy of i
  }
  for (std::string s : std::vector<std::string>{"a", "b"}) {
    const char *text = s.c_str();
    // CHECK: :[[@LINE+1]]:9: warning: goroutine gets a pointer into loop variable 's' from c_str() through 'text'; it dies at the end of each iteration [gogo-loop-capture]
    go [text] { use_str(text); };
  }
  for (int x : v) {
    std::string name = std::to_string(x);
    // CHECK: :[[@LINE+1]]:16: warning: goroutine gets a pointer into 'name' from c_str(), but 'name' is declared in the loop body and dies at the end of each iteration [gogo-loop-capture]
    go use_str(name.c_str());
    go use_str(name);  // a copy
  }
  wg.wait();
}

// ---- must not fire -------------------------------------------------------

// References in the body to elements or to variables the loop never writes.
void body_references_elsewhere(gogo::wait_group &wg, std::vector<int> &v) {
  int total = 0;
  for (auto &x : v) {
    const auto &r = x;
    go [&r] { use(r); };
    int *p = &x;
    go [p] { use(*p); };
    const int &t = total;
    go [&t] { use(t); };
  }
  wg.wait();
}

// References to elements name the container's objects, not loop variables.
void element_references(gogo::wait_group &wg, std::vector<int> &v, std::map<int, int> &m) {
  for (auto &x : v)
    go [&] { use(x); };
  for (const auto &x : v)
    go [&x] { use(x); };
  for (auto &&x : v)
    go [&x] { use(x); };
  for (auto &entry : m)
    go [&entry] { use(entry.second); };
  wg.wait();
}

// Declared outside the loop and never written in it (member calls such as
// wg.add(1) are not writes): the canonical pattern.
void canonical_wait_group(gogo::wait_group &wg, const std::vector<int> &data) {
  gogo::wait_group local_wg;
  for (int i = 0; i < 10; i++) {
    local_wg.add(1);
    go [&local_wg, &data, i] {
      use(data[i]);
      local_wg.done();
    };
  }
  local_wg.wait();
  wg.wait();
}

// A shared counter the goroutines update under a mutex is written inside the
// goroutines, not by the loop.
void shared_counter(gogo::wait_group &wg) {
  int count = 0;
  gogo::mutex mu;
  for (int i = 0; i < 10; i++) {
    wg.add(1);
    go [&] {
      mu.lock();
      count++;
      mu.unlock();
      wg.done();
    };
  }
  wg.wait();
  use(count);
}

// Variables declared inside the goroutine's own body, including its loops.
void goroutine_locals(gogo::wait_group &wg) {
  for (int i = 0; i < 3; ++i) {
    go [i] {
      int total = 0;
      for (int k = 0; k < i; ++k)
        total += k;
      auto add = [&] { total += 1; };
      add();
      use(total);
    };
  }
  wg.wait();
}

// Synchronous lambdas in a loop are not goroutines.
void synchronous_lambdas(gogo::wait_group &wg) {
  for (int i = 0; i < 3; ++i) {
    auto f = [&] { use(i); };
    f();
    [&] { use(i); }();
    run_task([&] { use(i); });
  }
  wg.wait();
}

// Reads before the go statement, copies into the goroutine.
void reads_and_copies(gogo::wait_group &wg, const std::vector<int> &v) {
  for (std::size_t k = 0; k < v.size(); ++k) {
    int value = v[k];
    use(value);
    go [value] { use(value); };
    go use(value);
    go worker_c(value);
  }
  wg.wait();
}

// Distinct slots of an array: subscript writes do not make the array a
// per-iteration variable.
void array_slots(gogo::wait_group &wg) {
  int results[8] = {};
  for (int i = 0; i < 8; ++i) {
    results[i] = -1;
    go [&results, i] { results[i] = i; };
  }
  wg.wait();
  use(results[0]);
}

// A go statement outside any loop is not this check's business.
void outside_loops(gogo::wait_group &wg) {
  int i = 0;
  go [&] { use(i); };
  wg.wait();
}

// A loop around a lambda that starts the goroutine: the loop is in another
// function body, the lambda's copy is captured.
void loop_around_lambda(gogo::wait_group &wg) {
  for (int i = 0; i < 3; ++i) {
    auto spawn = [i, &wg] {
      go [i] { use(i); };
      wg.wait();
    };
    spawn();
  }
  wg.wait();
}

// Each iteration waits for its own goroutines before its variables die or
// change: a per-batch fan-out.
void per_iteration_fan_out(gogo::wait_group &wg, const std::vector<std::vector<int>> &batches) {
  for (const auto &batch : batches) {
    int sum = 0;
    gogo::mutex mu;
    for (int item : batch) {
      wg.add(1);
      go [&, item] {
        mu.lock();
        sum += item;
        mu.unlock();
        wg.done();
      };
    }
    wg.wait();
    use(sum);
  }
  int n = 0;
  while (n < 3) {
    wg.add(1);
    go [&] { use(n); wg.done(); };
    wg.wait();
    ++n;
  }
}

// A write between the go statement and the wait is still a race.
void write_before_wait(gogo::wait_group &wg) {
  int n = 0;
  while (n < 3) {
    wg.add(1);
    // CHECK: :[[@LINE+1]]:18: warning: goroutine captures 'n' by reference, but the loop modifies 'n' [gogo-loop-capture]
    go [&] { use(n); wg.done(); };
    ++n;
    wg.wait();
  }
}

// Waiting before the go statement does not wait for it.
void wait_before_go(gogo::wait_group &wg) {
  for (int i = 0; i < 3; ++i) {
    wg.wait();
    // CHECK: :[[@LINE+1]]:18: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    go [&] { use(i); };
  }
  wg.wait();
}

// Only a certain wait in the iteration counts: not a function defined
// elsewhere, not a wait inside another goroutine.
void log_elsewhere();
void uncertain_waits(gogo::wait_group &wg) {
  for (int i = 0; i < 3; ++i) {
    // CHECK: :[[@LINE+1]]:18: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    go [&] { use(i); };
    log_elsewhere();
    go [&wg] { wg.wait(); };
  }
  wg.wait();
}

// Pointers copied into the goroutine.
void pointers_copied(gogo::wait_group &wg, const std::vector<int *> &ptrs) {
  for (int *p : ptrs) {
    go store(p);
    go [p] { store(p); };
  }
  wg.wait();
}
