// gogo-unrewritable: a go statement the rewriter cannot turn into runtime
// calls. The reason comes from the go statement parser; never skip silently.
#include "../check.h"

namespace gogo_tool {
namespace {

class unrewritable_check : public check {
 public:
  llvm::StringRef name() const override { return "gogo-unrewritable"; }
  severity rewrite_severity() const override { return severity::error; }

  void run(const go_statement& g, check_context& ctx) override {
    if (g.rewritable()) return;
    clang::SourceLocation at = g.go_loc;
    if (at.isInvalid())
      at = ctx.sources().getExpansionLoc(g.stmt->getBeginLoc());
    ctx.report(*this, at, "cannot rewrite this go statement: " +
                              g.unrewritable_reason);
  }
};

}  // namespace
}  // namespace gogo_tool

GOGO_REGISTER_CHECK(gogo_tool::unrewritable_check);
