// gogo-main-exit: main starts a goroutine and can return without waiting for
// it. Returning from main ends the program and every goroutine (Go's rule):
// the seed's "mystery of empty output" (docs/diagnostics/gogo-main-exit.md).
#include "../check.h"
#include "waiting.h"

namespace gogo_tool {
namespace {

using namespace clang;

class main_exit_check : public check {
 public:
  llvm::StringRef name() const override { return "gogo-main-exit"; }
  llvm::StringRef summary() const override {
    return "main returns while goroutines it started may still run";
  }

  void run(const go_stmt& g, check_context& ctx) override {
    // Only statements directly in main's body: inside a lambda, the go
    // statement runs whenever the lambda is called.
    const FunctionDecl* fn = g.enclosing_function;
    if (g.enclosing_lambda || !fn || !fn->isMain() || !fn->getBody()) return;
    const SourceManager& sm = ctx.sources();
    SourceLocation go_loc = g.location(sm);
    wait_options options;
    options.endless_loops = true;
    // Only a wait that runs on every path after the go statement keeps main
    // from returning first.
    if (waits_on_every_path_after(g.ancestors, g.stmt, ctx.ast(), options))
      return;
    for (const Stmt* loop : g.enclosing_loops)
      if (loop_waits(loop, g.stmt, ctx.ast(), options)) return;
    // A wait that only some paths reach: `if (verbose) wg.wait();`.
    SourceLocation conditional =
        first_wait_after(fn->getBody(), sm.getExpansionLoc(g.stmt->getEndLoc()),
                         ctx.ast(), options);
    ctx.report(*this, go_loc,
               conditional.isValid()
                   ? "main can return while this goroutine is still running: "
                     "the waits after it do not run on every path"
                   : "main can return while this goroutine is still running: "
                     "nothing after it waits for goroutines");
    if (conditional.isValid())
      ctx.note(conditional, "this wait is skipped on some paths");
    ctx.note(fn->getBody()->getEndLoc(),
             "returning from main ends the program and every goroutine");
    ctx.note(go_loc,
             "wait for it: gogo::wait_group (add(1) before go, done() in the "
             "goroutine, "
             "wait() before main returns) or a channel the goroutine sends on");
  }
};

}  // namespace
}  // namespace gogo_tool

GOGO_REGISTER_CHECK(gogo_tool::main_exit_check);
