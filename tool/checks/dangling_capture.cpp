// gogo-dangling-capture: a goroutine, thread or task sees a local variable
// by reference and may still run when the variable's scope ends
// (docs/diagnostics/gogo-dangling-capture.md). Go's garbage collector would
// keep the variable alive; C++ destroys it at the closing brace.
//
// For a goroutine, any wait after it in the variable's scope counts
// (waiting.h); a thread, std::async or user task has a handle, and its work
// must end (work_end.h), or something must wait for other work to finish.
#include "../check.h"
#include "llvm/ADT/STLExtras.h"
#include "loop_variables.h"
#include "shared_references.h"
#include "waiting.h"
#include "work_end.h"

#include <optional>

namespace gogo_tool {
namespace {

using namespace clang;

// Is the spawn inside a lambda that holds its own copy of `var`? Then the
// goroutine refers to that copy, which lives as long as the closure object:
// we cannot tell how long, so we stay silent. The innermost lambda that
// captures `var` at all decides.
bool reached_through_copy(const VarDecl* var, const spawn& s) {
  for (const Stmt* outer : llvm::reverse(s.ancestors)) {
    const auto* lambda = dyn_cast<LambdaExpr>(outer);
    if (!lambda) continue;
    for (const LambdaCapture& capture : lambda->captures())
      if (capture.capturesVariable() && capture.getCapturedVar() == var)
        return capture.getCaptureKind() == LCK_ByCopy;
  }
  return false;
}

bool waited_in_loop(const spawn& s, ASTContext& ast) {
  for (const Stmt* loop : s.enclosing_loops)
    if (loop_waits(loop, s.statement, ast)) return true;
  return false;
}

// A thread or task: its work ends before `scope` does on every path (it is
// not let go of there), or something after it waits for other work to
// finish. Unsure (a handle we cannot follow): yes.
bool ends_in_scope(const VarDecl* var, const Stmt* scope, const spawn& s,
                   const work_end& w, check_context& ctx) {
  if (w.untracked) return true;
  const SourceManager& sm = ctx.sources();
  const local_parents& parents = ctx.parents(s);
  SourceLocation from = sm.getExpansionLoc(s.statement->getEndLoc());
  SourceLocation to = sm.getExpansionLoc(scope->getEndLoc());
  bool ends = !released_between(w, from, to, sm) &&
              ends_between(w, from, to, sm, [&](const work_end_point& e) {
    return !e.destroyed || variable_scope(e.destroyed, parents) != scope ||
           !sm.isBeforeInTranslationUnit(e.destroyed->getLocation(),
                                         var->getLocation());
  });
  if (ends) return true;
  wait_options completion;
  completion.certain_only = true;
  completion.completion_only = true;
  completion.unconditional = true;
  return waits_after(scope, from, ctx.ast(), completion);
}

std::string advice(const spawn& s, const std::string& var) {
  switch (s.kind) {
    case spawn_kind::go:
      break;
    case spawn_kind::thread:
    case spawn_kind::jthread:
      return "join the thread before then, or give it a copy of " + var;
    case spawn_kind::async:
      return "wait for the future (get(), wait()) before then, or give the "
             "task a copy of " + var;
    case spawn_kind::user:
      return "wait for the task before then (a function listed under "
             "'waits:' in .gogo-lint.yaml), or give it a copy of " + var;
  }
  return "wait for the goroutine before then (a gogo::wait_group, a channel "
         "receive), or give it a copy of " + var;
}

class dangling_capture_check : public check {
 public:
  llvm::StringRef name() const override { return "gogo-dangling-capture"; }
  llvm::StringRef summary() const override {
    return "work started on another thread uses a local variable by reference, "
           "and nothing waits for it before the variable goes out of scope";
  }

  void run_spawn(const spawn& s, check_context& ctx) override {
    ASTContext& ast = ctx.ast();
    const SourceManager& sm = ctx.sources();
    SourceLocation end = sm.getExpansionLoc(s.statement->getEndLoc());
    std::optional<work_end> work;
    for (const shared_reference& ref : find_shared_references(s, ast)) {
      // Per-iteration variables are gogo-loop-capture's.
      if (classify_for_site(ref.var, s, ast, ctx.parents(s)).role !=
          loop_role::none)
        continue;
      if (reached_through_copy(ref.var, s)) continue;
      const Stmt* scope = variable_scope(ref.var, ctx.parents(s));
      if (!scope) continue;
      if (s.kind == spawn_kind::go) {
        if (waits_after(scope, end, ast) || waited_in_loop(s, ast)) continue;
      } else {
        if (!work) work = find_work_end(s, ctx);
        if (ends_in_scope(ref.var, scope, s, *work, ctx)) continue;
      }
      std::string var = "'" + ref.var->getNameAsString() + "'";
      std::string noun = spawn_noun(s);
      ctx.report(*this, ref.loc,
                 s.subject + " " +
                     describe_sharing(ref, "local variable " + var) +
                     ", and nothing waits for it before " + var +
                     " goes out of scope");
      ctx.note(s.loc, s.kind == spawn_kind::user
                          ? "'" + s.spawner->getNameAsString() +
                                "' starts the task here"
                          : s.subject + " started here");
      if (work && work->released.isValid())
        ctx.note(work->released, "the " + noun + " may outlive " + var + ": " +
                                     work->released_how);
      ctx.note(scope->getEndLoc(),
               var + " is destroyed here, possibly while the " + noun +
                   " still uses it");
      ctx.note(ref.loc, advice(s, var));
    }
  }
};

}  // namespace
}  // namespace gogo_tool

GOGO_REGISTER_CHECK(gogo_tool::dangling_capture_check);
