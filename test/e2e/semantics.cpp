// The meaning of each go statement form, proven by running it: rewritten,
// compiled with g++ and clang++, run, output checked.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc %t.cpp -o %t.gcc %gogo-link
// RUN: %t.gcc | FileCheck %s
// RUN: %cxx-clang %t.cpp -o %t.clang %gogo-link
// RUN: %t.clang | FileCheck %s
#include <gogo/gogo.hpp>

#include <cstdio>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

using done_chan = gogo::chan<int>;

// --- an argument changed after `go` is not seen by the goroutine ---------
void show_later(int n, gogo::chan<int> start, done_chan done) {
  start.recv();  // runs only after main changed its variable
  std::printf("copy: %d\n", n);
  done.send(0);
}

// --- argument expressions run once, now, left to right -------------------
int evaluations = 0;
int trace(int n) {
  ++evaluations;
  std::printf("evaluate %d\n", n);
  return n;
}
void two(int a, int b, done_chan done) {
  std::printf("two: %d %d\n", a, b);
  done.send(0);
}
void (*pick())(int, int, done_chan) {
  std::printf("evaluate callee\n");
  return two;
}

// --- member calls act on the same object ---------------------------------
struct counter {
  int value = 0;
  void add(int n, done_chan done) {
    value += n;
    done.send(0);
  }
  void twice(done_chan done) {
    go add(value, done);  // implicit this
  }
};

// --- a prvalue object is moved into the goroutine ------------------------
struct box {
  std::unique_ptr<int> content;
  void show(done_chan done) {
    std::printf("box: %d\n", *content);
    done.send(0);
  }
};
box make_box() { return box{std::make_unique<int>(7)}; }

// --- move-only arguments arrive -------------------------------------------
void take(std::unique_ptr<int> p, done_chan done) {
  std::printf("took: %d\n", *p);
  done.send(0);
}

// --- non-const reference parameters bind to the goroutine's copy ---------
void bump(int& r, done_chan done) {
  ++r;
  std::printf("bumped copy: %d\n", r);
  done.send(0);
}

// --- default arguments, overloads, templates, packs -----------------------
void with_default(done_chan done, int v = 5) {
  std::printf("default: %d\n", v);
  done.send(0);
}
void over(int n, done_chan done) { std::printf("over int %d\n", n); done.send(0); }
void over(std::string s, done_chan done) { std::printf("over string %s\n", s.c_str()); done.send(0); }
template <class T>
void generic(T v, done_chan done) {
  std::printf("generic: %.1f\n", static_cast<double>(v));
  done.send(0);
}
template <class... Args>
void spawn_all(done_chan done, Args... args) {
  go [](done_chan d, auto... xs) {
    std::printf("pack: %d\n", static_cast<int>(sizeof...(xs)));
    d.send(0);
  }(done, args...);
}

int throwing() { throw std::runtime_error("boom"); }

int main() {
  done_chan done = gogo::make_chan<int>();

  {
    int x = 1;
    auto start = gogo::make_chan<int>();
    go show_later(x, start, done);
    x = 2;
    start.send(0);
    done.recv();
    std::printf("main still has %d\n", x);
  }
  // CHECK: copy: 1
  // CHECK-NEXT: main still has 2

  go two(trace(1), trace(2), done);
  int evaluated_before_go_returned = evaluations;
  done.recv();
  std::printf("when go returned: %d evaluations\n", evaluated_before_go_returned);
  // CHECK-NEXT: evaluate 1
  // CHECK-NEXT: evaluate 2
  // CHECK-NEXT: two: 1 2
  // CHECK-NEXT: when go returned: 2 evaluations
  go pick()(trace(3), 4, done);
  done.recv();
  // CHECK-NEXT: evaluate callee
  // CHECK-NEXT: evaluate 3
  // CHECK-NEXT: two: 3 4

  counter c;
  go c.add(5, done);
  done.recv();
  counter* pc = &c;
  go pc->add(10, done);
  done.recv();
  c.twice(done);
  done.recv();
  std::printf("counter: %d\n", c.value);
  // CHECK-NEXT: counter: 30

  go make_box().show(done);
  done.recv();
  // CHECK-NEXT: box: 7

  auto p = std::make_unique<int>(42);
  go take(std::move(p), done);
  done.recv();
  std::printf("moved from: %s\n", p ? "no" : "yes");
  go take(std::make_unique<int>(43), done);
  done.recv();
  // CHECK-NEXT: took: 42
  // CHECK-NEXT: moved from: yes
  // CHECK-NEXT: took: 43

  int shared = 1;
  go bump(shared, done);
  done.recv();
  std::printf("original: %d\n", shared);
  // CHECK-NEXT: bumped copy: 2
  // CHECK-NEXT: original: 1

  go with_default(done);
  done.recv();
  go over(1, done);
  done.recv();
  go over(std::string("s"), done);
  done.recv();
  go generic(2.5, done);
  done.recv();
  spawn_all(done, 1, 2, 3);
  done.recv();
  // CHECK-NEXT: default: 5
  // CHECK-NEXT: over int 1
  // CHECK-NEXT: over string s
  // CHECK-NEXT: generic: 2.5
  // CHECK-NEXT: pack: 3

  // An exception while evaluating the arguments propagates here, and nothing
  // is spawned.
  try {
    go two(trace(8), throwing(), done);
  } catch (const std::exception& e) {
    std::printf("caught %s\n", e.what());
  }
  // CHECK-NEXT: evaluate 8
  // CHECK-NEXT: caught boom

  // The seed's pattern: a lambda called with a copy of the loop variable.
  gogo::wait_group wg;
  int sum = 0;
  gogo::mutex m;
  for (int i = 0; i < 10; i++) {
    wg.add(1);
    go [&wg, &sum, &m](int n) {
      std::lock_guard<gogo::mutex> lock(m);
      sum += n;
      wg.done();
    }(i);
  }
  wg.wait();
  std::printf("sum: %d\n", sum);
  // CHECK-NEXT: sum: 45
  // CHECK-NOT: {{.}}
}
