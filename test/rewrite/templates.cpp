// Templates are rewritten once, in their spelling, whatever the
// instantiations: dependent callees, objects and arguments, generic lambdas,
// packs (a pack expansion as the last argument).
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: FileCheck %s --match-full-lines --strict-whitespace < %t.cpp
// RUN: %cxx-gcc -fsyntax-only %t.cpp
// RUN: %cxx-clang -fsyntax-only %t.cpp
#include <gogo/gogo.hpp>
#include <utility>

void sink(int);
template <class... A> void sinkv(A...);
struct job { void run(int); template <class T> void take(T); };

template <class T>
void dependent(T value, job& j) {
  go sink(value);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_a0_) { sink(gogo_a0_); }, value};
  go value.run(1);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_obj_, auto&& gogo_a0_) { gogo_obj_->run(::std::move(gogo_a0_)); }, __builtin_addressof(value), 1};
  go j.take(value);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_obj_, auto&& gogo_a0_) { gogo_obj_->take(gogo_a0_); }, __builtin_addressof(j), value};
  go j.template take<T>(value);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_obj_, auto&& gogo_a0_) { gogo_obj_->template take<T>(gogo_a0_); }, __builtin_addressof(j), value};
  go [value] { sink(value.id); };
// CHECK:  ::gogo::detail::go_statement{[value] { sink(value.id); }};
  go T{};
// CHECK:  ::gogo::detail::go_statement{T{}};
  go T::make(value);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_a0_) { T::make(gogo_a0_); }, value};
}

template <class... Args>
void packs(Args&&... args) {
  go sinkv(args...);
// CHECK:  ::gogo::detail::go_statement{[](auto&&... gogo_a0_) { sinkv(gogo_a0_...); }, args...};
  go sinkv(std::forward<Args>(args)...);
// CHECK:  ::gogo::detail::go_statement{[](auto&&... gogo_a0_) { sinkv(::std::move(gogo_a0_)...); }, std::forward<Args>(args)...};
  go sinkv(1, args...);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_a0_, auto&&... gogo_a1_) { sinkv(::std::move(gogo_a0_), gogo_a1_...); }, 1, args...};
}

// Class templates: implicit `this`, dependent bases, out-of-line members.
template <class T> struct base { void hello(T); };
template <class T> struct box : base<T> {
  void put(T);
  void put(T, int);
  void spawn(T v) {
    go put(v);
// CHECK:    ::gogo::detail::go_statement{[](auto&& gogo_obj_, auto&& gogo_a0_) { gogo_obj_->put(gogo_a0_); }, this, v};
    go this->hello(v);
// CHECK:    ::gogo::detail::go_statement{[](auto&& gogo_obj_, auto&& gogo_a0_) { gogo_obj_->hello(gogo_a0_); }, this, v};
    go base<T>::hello(v);
// CHECK:    ::gogo::detail::go_statement{[](auto&& gogo_obj_, auto&& gogo_a0_) { gogo_obj_->base<T>::hello(gogo_a0_); }, this, v};
  }
  template <class U> void later(U u);
};
template <class T> template <class U> void box<T>::later(U u) {
  go put(u, 2);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_obj_, auto&& gogo_a0_, auto&& gogo_a1_) { gogo_obj_->put(gogo_a0_, ::std::move(gogo_a1_)); }, this, u, 2};
}

struct callable_job {
  int id = 0;
  void run(int);
  void operator()() const;
  operator int() const;
  static void make(const callable_job&);
  static void make(int);
};

void generic() {
  auto g = [](auto x) {
    go sink(x);
// CHECK:    ::gogo::detail::go_statement{[](auto&& gogo_a0_) { sink(gogo_a0_); }, x};
  };
  g(1);
  job j;
  callable_job c;
  dependent(c, j);
  packs(1, 2);
  packs(3);
  packs();
  box<int> b;
  b.spawn(1);
  b.later(2);
}
