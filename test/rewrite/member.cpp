// Member calls: an lvalue object is shared (its address is taken, like a Go
// pointer receiver), a pointer is copied, a prvalue object is moved into the
// goroutine, and an unqualified member call means `this->`.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: FileCheck %s --match-full-lines --strict-whitespace < %t.cpp
// RUN: test "$(wc -l < %s)" -eq "$(wc -l < %t.cpp)"
// RUN: %cxx-gcc -fsyntax-only %t.cpp
// RUN: %cxx-clang -fsyntax-only %t.cpp
#include <gogo/gogo.hpp>
#include <memory>

struct base { void hello() const; };
struct worker : base {
  void m(int);
  void run();
  static void s(int);
  bool operator<(int) const;
  template <class T> void tm(T);
  void self(int x) {
    go m(x);
// CHECK:    ::gogo::detail::go_statement{[](auto&& gogo_obj_, auto&& gogo_a0_) { gogo_obj_->m(gogo_a0_); }, this, x};
    go run();
// CHECK:    ::gogo::detail::go_statement{[](auto&& gogo_obj_) { gogo_obj_->run(); }, this};
    go this->m(x);
// CHECK:    ::gogo::detail::go_statement{[](auto&& gogo_obj_, auto&& gogo_a0_) { gogo_obj_->m(gogo_a0_); }, this, x};
    go tm<int>(x);
// CHECK:    ::gogo::detail::go_statement{[](auto&& gogo_obj_, auto&& gogo_a0_) { gogo_obj_->template tm<int>(gogo_a0_); }, this, x};
    go base::hello();
// CHECK:    ::gogo::detail::go_statement{[](auto&& gogo_obj_) { gogo_obj_->base::hello(); }, this};
    go [this] { run(); };
// CHECK:    ::gogo::detail::go_statement{[this] { run(); }};
  }
};
worker make();

void objects(worker& w, worker* p, std::shared_ptr<worker> sp, const worker& cw, int x) {
  go w.m(x);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_obj_, auto&& gogo_a0_) { gogo_obj_->m(gogo_a0_); }, __builtin_addressof(w), x};
  go w.run();
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_obj_) { gogo_obj_->run(); }, __builtin_addressof(w)};
  go p->m(x);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_obj_, auto&& gogo_a0_) { gogo_obj_->m(gogo_a0_); }, p, x};
  go sp->run();
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_obj_) { gogo_obj_->run(); }, sp};
  go make().m(x);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_obj_, auto&& gogo_a0_) { gogo_obj_.m(gogo_a0_); }, make(), x};
  go std::move(w).run();
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_obj_) { gogo_obj_.run(); }, std::move(w)};
  go w.tm(2.5);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_obj_, auto&& gogo_a0_) { gogo_obj_->tm(::std::move(gogo_a0_)); }, __builtin_addressof(w), 2.5};
  go w.base::hello();
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_obj_) { gogo_obj_->base::hello(); }, __builtin_addressof(w)};
  go w.s(x);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_obj_, auto&& gogo_a0_) { gogo_obj_->s(gogo_a0_); }, __builtin_addressof(w), x};
  go cw.hello();
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_obj_) { gogo_obj_->hello(); }, __builtin_addressof(cw)};
  go w.operator<(x);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_obj_, auto&& gogo_a0_) { gogo_obj_->operator<(gogo_a0_); }, __builtin_addressof(w), x};
  go (*p).run();
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_obj_) { gogo_obj_->run(); }, __builtin_addressof((*p))};
  go w
      .m(x);
// CHECK:  ::gogo::detail::go_statement{[](auto&& gogo_obj_, auto&& gogo_a0_) { gogo_obj_->m(gogo_a0_); }, __builtin_addressof(w
// CHECK-NEXT:      ), x};
}
