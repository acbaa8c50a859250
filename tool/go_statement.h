// go_statement.h: the one place that finds and parses go statements.
//
// A go statement is an expansion of gogo's own `go` macro (defined in
// <gogo/go_keyword.hpp>) used as a statement:
//
//     go EXPR;   ==>   ::gogo::detail::go_statement_needs_gogo_rewrite(), EXPR;
//
// find_go_statements() walks the main file's declarations in source spelling
// (a template is visited once, as written, never per instantiation) and
// returns one go_stmt per such comma expression, already split into
// "callee, object, arguments". The rewriter and every check consume this
// struct; nothing else in the tool looks for go statements. (go_stmt is the
// tool's view of a statement; gogo::detail::go_statement, in
// <gogo/go_keyword.hpp>, is the runtime template the rewriter emits.)
#ifndef GOGO_TOOL_GO_STATEMENT_H
#define GOGO_TOOL_GO_STATEMENT_H

#include "code_site.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

#include <string>
#include <vector>

namespace clang {
class Preprocessor;
}

namespace gogo_tool {

enum class go_kind {
  call,         // go f(a, b);  go [](int n){...}(i);  go fnptr(a);
  member_call,  // go obj.m(a);  go ptr->m(a);  go m(a); (implicit this)
  callable,     // go [=]{...};  go fn;  go functor;   (no call)
};

// Where the statement sits (enclosing function, lambda, loops, ancestors,
// outermost declaration) is its code_site part.
struct go_stmt : code_site {
  // The comma expression the macro produced: a BinaryOperator, or a
  // CXXOperatorCallExpr (OO_Comma) when EXPR is type-dependent and some
  // operator, is visible.
  const clang::Expr* stmt = nullptr;
  // EXPR, the comma's right-hand side, as written.
  const clang::Expr* expr = nullptr;
  // The `go` token, a file location (invalid only when the go statement is
  // itself produced by another macro; then `unrewritable_reason` says so).
  clang::SourceLocation go_loc;

  go_kind kind = go_kind::callable;
  // kind == call / member_call: the call expression (CallExpr,
  // CXXMemberCallExpr or CXXOperatorCallExpr for `functor(a)`).
  const clang::Expr* call = nullptr;
  // call: the callee, either a value (lambda, functor, function pointer) or a
  // function name; member_call: the member expression (`obj.m`, `m`);
  // callable: same as `expr`.
  const clang::Expr* callee = nullptr;
  // True when the callee names a function, overload set or function template
  // (`f`, `ns::f<int>`): it is not a value that is evaluated and copied.
  bool callee_is_name = false;
  // member_call: the object expression as written; nullptr for implicit this.
  const clang::Expr* object = nullptr;
  bool implicit_this = false;
  bool is_arrow = false;  // `ptr->m(...)`
  // The call's arguments as written (a pack expansion `args...` is one
  // PackExpansionExpr). Default arguments are not included.
  llvm::SmallVector<const clang::Expr*, 4> args;
  // The called function when known (null in dependent code and for calls
  // through function pointers). For a lambda or functor: its operator().
  const clang::FunctionDecl* callee_decl = nullptr;
  // The lambda when the callee (call) or the callable is a lambda expression.
  const clang::LambdaExpr* lambda = nullptr;

  // Token locations the rewriter edits (file locations when rewritable):
  // the call's parentheses and, for explicit member calls, the `.`/`->`.
  clang::SourceLocation lparen_loc, rparen_loc, operator_loc;

  // Non-empty when the statement cannot be rewritten; says why.
  std::string unrewritable_reason;
  bool rewritable() const { return unrewritable_reason.empty(); }

  // Where diagnostics about the statement as a whole point: the `go` token,
  // or, for a statement produced by another macro, where that macro is used.
  clang::SourceLocation location(const clang::SourceManager& sm) const {
    return go_loc.isValid() ? go_loc : sm.getExpansionLoc(stmt->getBeginLoc());
  }
};

// Tells expansions of gogo's `go` macro (the macro defined in a file
// `.../gogo/go_keyword.hpp`) from any other `go`. It asks the preprocessor's
// macro history after the fact instead of watching every expansion: a
// PPCallbacks observer would slow the whole parse down by ~12%.
// install() before or after parsing; queries need the parse to have reached
// the location asked about.
class go_macro_expansions {
 public:
  void install(clang::Preprocessor& pp);
  // `go_token`: where a `go` identifier was expanded (possibly a macro
  // location when the `go` token itself came from another macro).
  bool is_gogo_go(clang::SourceLocation go_token) const;
  // True when no macro named `go` was ever defined: nothing to look for.
  bool empty() const;
  // Where gogo's `go` was used outside the main file and outside system
  // headers (the `go` token's file location), in order: go statements in
  // the file's headers (header_copies.h decides which are rewritten).
  // Found from the source manager's macro expansion records, not from the
  // AST: walking the headers' declarations would cost a parse's worth.
  std::vector<clang::SourceLocation> outside_main_file() const;

 private:
  clang::Preprocessor* pp_ = nullptr;
  const clang::IdentifierInfo* go_ = nullptr;
};

// A go statement in a header that stays unrewritten, and why
// (header_copies.h; gogo-unrewritable reports it).
struct unrewritten_header_go {
  clang::SourceLocation at;  // the `go` token
  std::string reason;
};

// Every go statement in the main file and in `headers` (headers that get a
// rewritten copy), in source order.
std::vector<go_stmt> find_go_statements(
    clang::ASTContext& ctx, const go_macro_expansions& go,
    llvm::ArrayRef<clang::FileID> headers = {});

// Is `loc` inside an expansion of gogo's `go` macro? Used to explain errors
// in headers that use `go` as an ordinary name.
bool in_gogo_go_expansion(const clang::SourceManager& sm,
                          const go_macro_expansions& go,
                          clang::SourceLocation loc);

}  // namespace gogo_tool

#endif
