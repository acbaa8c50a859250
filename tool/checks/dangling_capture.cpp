// gogo-dangling-capture: a goroutine sees a local variable by reference and
// nothing waits for the goroutine before the variable's scope ends
// (docs/diagnostics/gogo-dangling-capture.md). Go's garbage collector would
// keep the variable alive; C++ destroys it at the closing brace.
#include "../check.h"
#include "llvm/ADT/STLExtras.h"
#include "loop_variables.h"
#include "shared_references.h"
#include "waiting.h"

namespace gogo_tool {
namespace {

using namespace clang;

// Is the go statement inside a lambda that holds its own copy of `var`?
// Then the goroutine refers to that copy, which lives as long as the closure
// object: we cannot tell how long, so we stay silent. The innermost lambda
// that captures `var` at all decides.
bool reached_through_copy(const VarDecl* var, const go_stmt& g) {
  for (const Stmt* outer : llvm::reverse(g.ancestors)) {
    const auto* lambda = dyn_cast<LambdaExpr>(outer);
    if (!lambda) continue;
    for (const LambdaCapture& capture : lambda->captures())
      if (capture.capturesVariable() && capture.getCapturedVar() == var)
        return capture.getCaptureKind() == LCK_ByCopy;
  }
  return false;
}

bool waited_in_loop(const go_stmt& g, ASTContext& ast) {
  for (const Stmt* loop : g.enclosing_loops)
    if (loop_waits(loop, g.stmt, ast)) return true;
  return false;
}

class dangling_capture_check : public check {
 public:
  llvm::StringRef name() const override { return "gogo-dangling-capture"; }

  void run(const go_stmt& g, check_context& ctx) override {
    ASTContext& ast = ctx.ast();
    const SourceManager& sm = ctx.sources();
    SourceLocation go_loc = g.location(sm);
    SourceLocation end = sm.getExpansionLoc(g.stmt->getEndLoc());
    for (const shared_reference& ref : find_shared_references(g.expr, ast)) {
      // Per-iteration variables are gogo-loop-capture's.
      if (classify_for_go_statement(ref.var, g, ast, ctx.parents(g)).role !=
          loop_role::none)
        continue;
      if (reached_through_copy(ref.var, g)) continue;
      const Stmt* scope = variable_scope(ref.var, ctx.parents(g));
      if (!scope || waits_after(scope, end, ast) || waited_in_loop(g, ast))
        continue;
      std::string var = "'" + ref.var->getNameAsString() + "'";
      ctx.report(*this, ref.loc,
                 "goroutine " + describe_sharing(ref, "local variable " + var) +
                     ", and nothing waits for it before " + var +
                     " goes out of scope");
      ctx.note(go_loc, "goroutine started here");
      ctx.note(
          scope->getEndLoc(),
          var +
              " is destroyed here, possibly while the goroutine still uses it");
      ctx.note(
          ref.loc,
          "wait for the goroutine before then (a gogo::wait_group, a channel "
          "receive), or give it a copy of " +
              var);
    }
  }
};

}  // namespace
}  // namespace gogo_tool

GOGO_REGISTER_CHECK(gogo_tool::dangling_capture_check);
