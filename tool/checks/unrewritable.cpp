// gogo-unrewritable: a go statement the rewriter cannot turn into runtime
// calls (docs/diagnostics/gogo-unrewritable.md). The reason comes from the
// go statement parser; never skip silently.
// Go statements in the headers a file includes are not rewritten with it
// (docs/rewrite.md, "Only the file given is rewritten"): reported here too,
// instead of a link error naming the marker function.
#include "../check.h"
#include "llvm/Support/Path.h"

namespace gogo_tool {
namespace {

class unrewritable_check : public check {
 public:
  llvm::StringRef name() const override { return "gogo-unrewritable"; }
  llvm::StringRef summary() const override {
    return "a go statement that cannot be rewritten";
  }
  severity rewrite_severity() const override { return severity::error; }
  // Silencing it would leave a go statement that does not link.
  bool suppressible() const override { return false; }

  void run(const go_stmt& g, check_context& ctx) override {
    if (g.rewritable()) return;
    ctx.report(*this, g.location(ctx.sources()),
               "cannot rewrite this go statement: " + g.unrewritable_reason);
  }

  void run_on_translation_unit(llvm::ArrayRef<go_stmt>,
                               check_context& ctx) override {
    const clang::SourceManager& sm = ctx.sources();
    for (clang::SourceLocation at : ctx.header_go_statements()) {
      std::string header = llvm::sys::path::filename(sm.getFilename(at)).str();
      ctx.report(*this, at,
                 "go statement in header '" + header +
                     "' is not rewritten: gogo-rewrite only rewrites the "
                     "files it is given, not the headers they include, so "
                     "the program would fail to link "
                     "('go_statement_needs_gogo_rewrite' undefined)");
      ctx.note(at, "move the go statement into a source file, or rewrite the "
                   "header as an input of its own ('gogo-rewrite -o DIR " +
                       header + "') and include the rewritten copy");
    }
  }
};

}  // namespace
}  // namespace gogo_tool

GOGO_REGISTER_CHECK(gogo_tool::unrewritable_check);
