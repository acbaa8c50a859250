// The `go` pseudo-keyword and the glue that gogo-rewrite's output calls.
//
// `go f(x);` is not C++. gogo-rewrite turns every go statement into a call of
// gogo::detail::go_statement (below). Before rewriting, the macro keeps the
// statement well-formed, so editors and clangd parse it without errors, but
// the program cannot link: it references
// gogo::detail::go_statement_needs_gogo_rewrite(), which is declared and
// never defined. Un-rewritten code therefore never runs with other semantics.
//
// The marker returns void, so the comma after it is always the built-in one:
// no user `operator,` can intercept it. gogo-rewrite recognises a go
// statement as an expansion of *this* macro (it checks where `go` was defined).
//
// `go` is an ordinary identifier elsewhere: include <gogo/gogo.hpp> after any
// header that uses `go` as a name, or define GOGO_NO_GO_KEYWORD before it.
// Where the macro is defined, gogo::go cannot be named: gogo::spawn starts a
// goroutine in every file.
#ifndef GOGO_GO_KEYWORD_HPP
#define GOGO_GO_KEYWORD_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/go.hpp>
#include <utility>

namespace gogo::detail {

// Never defined: a link error naming this function means a source file
// with go statements was compiled without running gogo-rewrite first.
void go_statement_needs_gogo_rewrite();

// What gogo-rewrite emits: `::gogo::detail::go_statement{f, a, b};`.
// Braced initialisation evaluates f, a, b left to right ([dcl.init.list]),
// which a plain call `gogo::spawn(f, a, b)` does not guarantee; the
// constructor then decay-copies them into a new goroutine with gogo::spawn.
template <class F, class... Args>
struct go_statement {
  // Always inlined, like gogo::spawn: see there.
  __attribute__((always_inline)) explicit go_statement(F&& f, Args&&... args) {
    ::gogo::spawn(std::forward<F>(f), std::forward<Args>(args)...);
  }
};
template <class F, class... Args>
go_statement(F&&, Args&&...) -> go_statement<F, Args...>;

}  // namespace gogo::detail

#ifndef GOGO_NO_GO_KEYWORD
#define go ::gogo::detail::go_statement_needs_gogo_rewrite(),
#endif

#endif
