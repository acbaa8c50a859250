// gogo-loop-capture: a goroutine started inside a loop sees, by reference, a
// variable that the next iteration replaces or changes: a loop variable, a
// variable of the loop body, or one the loop writes (docs/diagnostics/
// gogo-loop-capture.md). An error when rewriting, a warning with --lint.
//
// How the goroutine can see a variable is shared_references.h's business,
// which variables a loop hands from one iteration to the next is
// loop_variables.h's; this file words the diagnostic and builds the fix-it.
#include "../check.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "loop_variables.h"
#include "shared_references.h"
#include "waiting.h"

namespace gogo_tool {
namespace {

using namespace clang;

std::string quoted(const VarDecl* var) {
  return "'" + var->getNameAsString() + "'";
}

std::string message(const shared_reference& ref, const loop_finding& finding) {
  std::string name = quoted(ref.var);
  switch (finding.role) {
    case loop_role::loop_variable:
      return "goroutine " + describe_sharing(ref, "loop variable " + name) +
             (finding.per_iteration ? "; it dies at the end of each iteration"
                                    : "; every iteration shares it");
    case loop_role::body_local:
      return "goroutine " + describe_sharing(ref, name) + ", but " + name +
             " is declared in the loop body and dies at the end of each "
             "iteration";
    case loop_role::written:
      return "goroutine " + describe_sharing(ref, name) +
             ", but the loop modifies " + name;
    case loop_role::none:
      break;
  }
  return {};
}

// The first non-blank character before `loc`, if it is `wanted`.
SourceLocation previous_char(const SourceManager& sm, SourceLocation loc,
                             char wanted) {
  if (!loc.isFileID()) return {};
  bool invalid = false;
  StringRef buffer = sm.getBufferData(sm.getFileID(loc), &invalid);
  if (invalid) return {};
  unsigned offset = sm.getFileOffset(loc);
  while (offset > 0) {
    char c = buffer[--offset];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (c != wanted) return {};
    return sm.getComposedLoc(sm.getFileID(loc), offset);
  }
  return {};
}

// `[&i]` -> `[i]`; `[=, &i]` -> `[=]` (C++17 forbids `[=, i]`).
llvm::Optional<FixItHint> explicit_capture_fix(const shared_reference& ref,
                                               const SourceManager& sm,
                                               const LangOptions& lang) {
  SourceLocation name = ref.capture->getLocation();
  SourceLocation amp = previous_char(sm, name, '&');
  if (amp.isInvalid()) return llvm::None;
  if (ref.lambda->getCaptureDefault() != LCD_ByCopy)
    return FixItHint::CreateRemoval(CharSourceRange::getCharRange(amp, name));
  SourceLocation comma = previous_char(sm, amp, ',');
  SourceLocation end = Lexer::getLocForEndOfToken(name, 0, sm, lang);
  if (comma.isInvalid() || end.isInvalid()) return llvm::None;
  return FixItHint::CreateRemoval(CharSourceRange::getCharRange(comma, end));
}

// A copy is a faithful fix only when it compiles (copyable type) and means
// the same to the goroutine (it never writes the variable or takes its
// address).
bool fixable(const shared_reference& ref, ASTContext& ast) {
  return ref.kind == share_kind::capture && !ref.via && ref.capture &&
         ref.lambda &&
         ref.lambda->getIntroducerRange().getBegin().isFileID() &&
         ref.lambda->getIntroducerRange().getEnd().isFileID() &&
         is_copyable(ref.var->getType()) &&
         lambda_only_reads(ref.lambda, ref.var);
}

std::string how_to_fix(const shared_reference& ref, bool can_fix) {
  std::string name = quoted(ref.var);
  std::string plain = ref.var->getNameAsString();
  switch (ref.kind) {
    case share_kind::capture:
      return can_fix ? "capture " + name +
                           " by value to give each goroutine its own copy"
                     : "give each goroutine its own copy of " + name +
                           ": capture it by value or pass it as an argument";
    case share_kind::member_call:
      return "give the goroutine its own object, e.g. 'go [" + plain +
             "]() mutable { " + plain + "." + ref.method + "(...); };'";
    case share_kind::address:
    case share_kind::std_ref:
    case share_kind::pointer_into:
    case share_kind::view:
      break;
  }
  return "pass a copy of " + name +
         " instead, or an object that outlives the loop";
}

// `for (...) { go [&]{ use(x); }; wg.wait(); }`: the iteration waits for
// its goroutines before the variable dies or changes (the body ends, then
// the increment, the condition or the next iteration writes it). A certain
// wait after the go statement, inside the body of the loop that makes the
// variable per-iteration, with no write of the variable in between, makes
// the capture safe; the wait may sit further out than the go statement
// (after an inner loop).
bool waited_in_iteration(const VarDecl* var, const Stmt* loop,
                         const go_stmt& g, ASTContext& ast) {
  const Stmt* body = nullptr;
  if (const auto* s = dyn_cast<ForStmt>(loop)) body = s->getBody();
  if (const auto* s = dyn_cast<CXXForRangeStmt>(loop)) body = s->getBody();
  if (const auto* s = dyn_cast<WhileStmt>(loop)) body = s->getBody();
  if (const auto* s = dyn_cast<DoStmt>(loop)) body = s->getBody();
  if (!body) return false;
  const SourceManager& sm = ast.getSourceManager();
  SourceLocation end = sm.getExpansionLoc(g.stmt->getEndLoc());
  wait_options certain;
  certain.certain_only = true;
  SourceLocation wait = first_wait_after(body, end, ast, certain);
  if (wait.isInvalid()) return false;
  return find_write_between(body, var, end, wait, sm).isInvalid();
}

class loop_capture_check : public check {
 public:
  llvm::StringRef name() const override { return "gogo-loop-capture"; }
  severity rewrite_severity() const override { return severity::error; }

  void run(const go_stmt& g, check_context& ctx) override {
    if (g.enclosing_loops.empty() && !g.enclosing_lambda) return;
    ASTContext& ast = ctx.ast();
    const SourceManager& sm = ctx.sources();
    SourceLocation go_loc = g.location(sm);

    struct hit {
      shared_reference ref;
      loop_finding finding;
    };
    std::vector<hit> hits;
    for (shared_reference& ref : find_shared_references(g.expr, ast)) {
      loop_finding finding =
          classify_for_go_statement(ref.var, g, ast, ctx.parents(g));
      if (finding.role == loop_role::none) continue;
      if (waited_in_iteration(ref.var, finding.loop, g, ast)) continue;
      // Silenced reports are left out here, not only dropped by report():
      // the names of one `[&]` share a single fix-it (below).
      if (ctx.silenced(*this, ref.loc)) continue;
      hits.push_back({std::move(ref), finding});
    }

    // Implicit captures under one [&] get one insertion, carried by the
    // first diagnostic: `[&]` -> `[&, i, j]` (two insertions at the same
    // offset would conflict when the fixes are applied).
    llvm::DenseMap<const LambdaExpr*, std::string> implicit_names;
    for (const hit& h : hits)
      if (fixable(h.ref, ast) && !h.ref.capture->isExplicit())
        implicit_names[h.ref.lambda] += ", " + h.ref.var->getNameAsString();

    for (const hit& h : hits) {
      const shared_reference& ref = h.ref;
      bool can_fix = fixable(ref, ast);
      {
        DiagnosticBuilder diag =
            ctx.report(*this, ref.loc, message(ref, h.finding));
        if (can_fix && ref.capture->isExplicit()) {
          if (auto fix = explicit_capture_fix(ref, sm, ctx.lang()))
            diag << *fix;
        } else if (can_fix) {
          auto names = implicit_names.find(ref.lambda);
          if (names != implicit_names.end() && !names->second.empty()) {
            diag << FixItHint::CreateInsertion(
                ref.lambda->getIntroducerRange().getEnd(), names->second);
            names->second.clear();
          }
        }
      }
      ctx.note(go_loc, "goroutine started here, inside the loop");
      if (h.finding.role == loop_role::body_local)
        ctx.note(ref.var->getLocation(), quoted(ref.var) + " is declared here");
      else if (h.finding.role == loop_role::written)
        ctx.note(h.finding.write, quoted(ref.var) + " is modified here");
      ctx.note(ref.loc, how_to_fix(ref, can_fix));
    }
  }
};

}  // namespace
}  // namespace gogo_tool

GOGO_REGISTER_CHECK(gogo_tool::loop_capture_check);
