// Which variables a loop hands from one iteration to the next: the half of
// gogo-loop-capture that does not depend on the go statement (the other half,
// how the goroutine sees a variable, is shared_references.h).
#ifndef GOGO_TOOL_CHECKS_LOOP_VARIABLES_H
#define GOGO_TOOL_CHECKS_LOOP_VARIABLES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/ArrayRef.h"
#include "../code_site.h"
#include "../local_parents.h"

namespace gogo_tool {

enum class loop_role {
  none,           // not a per-iteration variable of any enclosing loop
  loop_variable,  // for-init, range-for copy, condition variable
  body_local,     // declared in the loop body: dies with each iteration
  written,        // declared outside, assigned/incremented inside the loop
};

struct loop_finding {
  loop_role role = loop_role::none;
  const clang::Stmt* loop = nullptr;
  clang::SourceLocation write;  // loop_role::written: the first write
  // loop_role::loop_variable: false for a for-init variable (one object that
  // every iteration shares), true for a range-for variable or a condition
  // variable (a new object each iteration).
  bool per_iteration = false;
};

// How `var` relates to `loops` (go_stmt::enclosing_loops, outermost
// first); the innermost loop that makes it per-iteration wins. Writes inside
// lambdas do not count: a goroutine that updates a shared counter under a
// mutex is not the loop writing it.
loop_finding classify_in_loops(const clang::VarDecl* var,
                               llvm::ArrayRef<const clang::Stmt*> loops,
                               clang::ASTContext& ctx);

// classify_in_loops for a go statement or spawn: first the loops around it
// in its own function or lambda body, then, when it sits in a lambda that
// captures `var` by reference (`gogo::select{gogo::on_recv(ch, [&](auto)
// { go [&] { use(i); }; })}` in a loop), the loops around that lambda, and
// so on outwards while every lambda on the way captures `var` by reference.
// `parents`: check_context::parents(site).
loop_finding classify_for_site(const clang::VarDecl* var,
                               const code_site& site, clang::ASTContext& ctx,
                               const local_parents& parents);

// Does `stmt` (anything the variable's iteration writes) assign `var`?
// Built-in or overloaded =, op=, ++, --; on the variable or one of its
// fields; not member calls. Returns the first write's location.
// The same, only for writes that start strictly between `from` and `to`.
clang::SourceLocation find_write_between(const clang::Stmt* stmt,
                                         const clang::VarDecl* var,
                                         clang::SourceLocation from,
                                         clang::SourceLocation to,
                                         const clang::SourceManager& sm);

clang::SourceLocation find_write(const clang::Stmt* stmt,
                                 const clang::VarDecl* var);

}  // namespace gogo_tool

#endif
