// gogo-unrewritable: a go statement the rewriter cannot turn into runtime
// calls (docs/diagnostics/gogo-unrewritable.md). The reason comes from the
// go statement parser; never skip silently.
// Go statements in the file's headers are rewritten into copies of those
// headers (header_copies.h); the ones that cannot be are reported here too,
// with the reason, instead of a link error naming the marker function.
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
    for (const unrewritten_header_go& h : ctx.header_go_statements()) {
      std::string header = llvm::sys::path::filename(sm.getFilename(h.at)).str();
      ctx.report(*this, h.at,
                 "go statement in header '" + header +
                     "' cannot be rewritten: " + h.reason);
      ctx.note(h.at, "left as it is, it fails to link "
                     "('go_statement_needs_gogo_rewrite' undefined) in every "
                     "program that uses the function around it; move it "
                     "into a source file, or see docs/rewrite.md, \"Go "
                     "statements in headers\"");
    }
  }
};

}  // namespace
}  // namespace gogo_tool

GOGO_REGISTER_CHECK(gogo_tool::unrewritable_check);
