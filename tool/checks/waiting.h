// What counts as "waiting for goroutines", for gogo-dangling-capture and
// gogo-main-exit: wait_group::wait(), a channel receive, select, a range-for
// over a channel, locking a mutex, sleeping, joining, and calls to user code
// that may do any of these (when unsure, assume it waits and do not fire).
#ifndef GOGO_TOOL_CHECKS_WAITING_H
#define GOGO_TOOL_CHECKS_WAITING_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/ArrayRef.h"
#include "../local_parents.h"

namespace gogo_tool {

struct wait_options {
  // gogo-main-exit: an endless loop (`for (;;)`, `while (true)`) keeps main
  // from returning, which is as good as waiting.
  bool endless_loops = false;
  // Only what certainly waits: no credit for functions we cannot see into,
  // nor for waits inside lambdas (another goroutine's body, most likely).
  // gogo-loop-capture uses this: there a wait must prove the race away.
  bool certain_only = false;
  // Only what lasts until other work has finished: wait(), join(), a
  // future's get(), a receive, select, arrive_and_wait(), acquire(); not
  // locks, sleeps or timed waits. The thread checks use this: a lock taken
  // after starting a thread says nothing about when the thread ends.
  bool completion_only = false;
  // Only waits that run whenever the statement holding them runs: not in
  // a branch of an if, switch, ?:, && or ||, nor in a catch handler (an if
  // whose branches both wait does count). A loop's body counts: whether it
  // runs at all is a guess we do not make. Functions called are judged by
  // their whole body. gogo-main-exit uses this: a conditional wait lets main
  // return.
  bool unconditional = false;
};

// Does anything inside `scope` that starts after `after` wait?
bool waits_after(const clang::Stmt* scope, clang::SourceLocation after,
                 clang::ASTContext& ctx, wait_options options = {});

// Where the first wait inside `scope` after `after` starts (invalid if none).
clang::SourceLocation first_wait_after(const clang::Stmt* scope,
                                       clang::SourceLocation after,
                                       clang::ASTContext& ctx,
                                       wait_options options = {});

// Does a wait run on every path from `stmt` to the end of the outermost
// statement in `ancestors` (go_stmt::ancestors: from the function body down
// to stmt's parent)? Looks at the statements that follow stmt in each
// enclosing block, with wait_options::unconditional. Early returns and
// exceptions are not paths it considers.
bool waits_on_every_path_after(llvm::ArrayRef<const clang::Stmt*> ancestors,
                               const clang::Stmt* stmt, clang::ASTContext& ctx,
                               wait_options options = {});

// Does anything in `loop` outside `go_statement` wait? A go statement in a
// loop whose body waits (`for (...) { v = ch.recv(); go f(v); }`) is waited
// for by the next iteration; only the last one is not, and we do not guess
// whether that matters (when unsure, do not fire).
bool loop_waits(const clang::Stmt* loop, const clang::Stmt* go_statement,
                clang::ASTContext& ctx, wait_options options = {});

// The statement a local variable lives in: it is destroyed at its end.
// `parents` covers the function that declares the variable.
const clang::Stmt* variable_scope(const clang::VarDecl* var,
                                  const local_parents& parents);

}  // namespace gogo_tool

#endif
