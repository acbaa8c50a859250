// gogo-loop-capture: a goroutine started inside a loop sees, by reference, a
// variable that belongs to one iteration (declared in the loop) or that the
// loop keeps changing (written in the loop). Every goroutine then shares it,
// or outlives it. An error when rewriting, a warning with --lint.
//
// Handled routes: a lambda's explicit `[&i]` or default `[&]` capture, an
// argument `&i`, and a member call on the variable (`go x.run();`).
#include "../check.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include "llvm/ADT/DenseSet.h"

namespace gogo_tool {
namespace {

using namespace clang;

// Variables of one loop: declared inside it, or written inside it.
class loop_variables : public RecursiveASTVisitor<loop_variables> {
 public:
  // `skip`: the go statement itself; what the goroutine writes is not a
  // loop's doing.
  loop_variables(const Stmt* loop, const Stmt* skip) : skip_(skip) {
    TraverseStmt(const_cast<Stmt*>(loop));
  }

  bool TraverseStmt(Stmt* s) {
    if (s == skip_) return true;
    return RecursiveASTVisitor::TraverseStmt(s);
  }

  bool owns(const VarDecl* v) const {
    return declared_.count(v) || written_.count(v);
  }
  bool declared(const VarDecl* v) const { return declared_.count(v); }

  bool VisitVarDecl(VarDecl* v) {
    // A reference (`for (auto& x : v)`, `auto& e = v[i];`) names an object
    // that outlives the iteration: not a loop variable.
    if (!v->getType()->isReferenceType()) declared_.insert(v);
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator* op) {
    if (op->isIncrementDecrementOp()) written(op->getSubExpr());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator* op) {
    if (op->isAssignmentOp()) written(op->getLHS());
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr* op) {
    OverloadedOperatorKind k = op->getOperator();
    bool writes = k == OO_Equal || k == OO_PlusPlus || k == OO_MinusMinus ||
                  (k >= OO_PlusEqual && k <= OO_GreaterGreaterEqual &&
                   k != OO_Less && k != OO_Greater);
    if (writes && op->getNumArgs() > 0) written(op->getArg(0));
    return true;
  }

 private:
  void written(const Expr* e) {
    if (const auto* ref = dyn_cast<DeclRefExpr>(e->IgnoreParenImpCasts()))
      if (const auto* v = dyn_cast<VarDecl>(ref->getDecl()))
        if (!v->getType()->isReferenceType()) written_.insert(v);
  }

  const Stmt* skip_;
  llvm::DenseSet<const VarDecl*> declared_, written_;
};

const VarDecl* referenced_var(const Expr* e) {
  const auto* ref = dyn_cast<DeclRefExpr>(e->IgnoreParenImpCasts());
  return ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
}

class loop_capture_check : public check {
 public:
  llvm::StringRef name() const override { return "gogo-loop-capture"; }
  severity rewrite_severity() const override { return severity::error; }

  void run(const go_statement& g, check_context& ctx) override {
    if (g.enclosing_loops.empty()) return;
    std::vector<loop_variables> loops;
    for (const Stmt* loop : g.enclosing_loops) loops.emplace_back(loop, g.stmt);
    auto loop_owned = [&](const VarDecl* v) {
      if (!v || !v->hasLocalStorage()) return false;
      if (inside(ctx, v->getLocation(), g.expr->getSourceRange())) return false;
      for (const loop_variables& l : loops)
        if (l.owns(v)) return true;
      return false;
    };

    if (g.lambda) check_lambda(g, *g.lambda, ctx, loop_owned);
    for (const Expr* arg : g.args) {
      const auto* op = dyn_cast<UnaryOperator>(arg->IgnoreParenImpCasts());
      if (!op || op->getOpcode() != UO_AddrOf) continue;
      const VarDecl* v = referenced_var(op->getSubExpr());
      if (!loop_owned(v)) continue;
      ctx.report(*this, op->getBeginLoc(),
                 "goroutine gets the address of loop variable '" +
                     v->getName().str() + "', which every iteration shares")
          << op->getSourceRange();
      ctx.note(g.go_loc.isValid() ? g.go_loc : op->getBeginLoc(),
               "pass the value instead, or copy it into a variable declared "
               "inside the goroutine");
    }
    if (g.kind == go_kind::member_call && g.object && !g.is_arrow) {
      const VarDecl* v = referenced_var(g.object);
      if (loop_owned(v)) {
        ctx.report(*this, g.object->getBeginLoc(),
                   "goroutine calls a member function on loop variable '" +
                       v->getName().str() + "', shared by every iteration")
            << g.object->getSourceRange();
        ctx.note(g.go_loc.isValid() ? g.go_loc : g.object->getBeginLoc(),
                 "copy it first: 'go [" + v->getName().str() + "]() mutable { " +
                     v->getName().str() + ".m(); };'");
      }
    }
  }

 private:
  static bool inside(check_context& ctx, SourceLocation loc, SourceRange r) {
    const SourceManager& sm = ctx.sources();
    loc = sm.getExpansionLoc(loc);
    SourceLocation b = sm.getExpansionLoc(r.getBegin());
    SourceLocation e = sm.getExpansionLoc(r.getEnd());
    return !sm.isBeforeInTranslationUnit(loc, b) &&
           !sm.isBeforeInTranslationUnit(e, loc);
  }

  template <class Owned>
  void check_lambda(const go_statement& g, const LambdaExpr& lambda,
                    check_context& ctx, Owned loop_owned) {
    const SourceManager& sm = ctx.sources();
    for (const LambdaCapture& c : lambda.captures()) {
      if (!c.capturesVariable() || c.getCaptureKind() != LCK_ByRef) continue;
      const auto* v = dyn_cast<VarDecl>(c.getCapturedVar());
      if (!v || v->isInitCapture() || !loop_owned(v)) continue;
      std::string var = v->getName().str();
      std::string message = "goroutine captures loop variable '" + var +
                            "' by reference; every iteration shares it";
      if (c.isImplicit()) {
        SourceLocation def = lambda.getCaptureDefaultLoc();
        SourceLocation after =
            Lexer::getLocForEndOfToken(def, 0, sm, ctx.lang());
        auto d = ctx.report(*this, c.getLocation(), message);
        if (after.isValid() && after.isFileID())
          d << FixItHint::CreateInsertion(after, ", " + var);
      } else {
        auto d = ctx.report(*this, c.getLocation(), message);
        SourceLocation amp = ampersand_before(sm, c.getLocation());
        if (amp.isValid())
          d << FixItHint::CreateRemoval(CharSourceRange::getCharRange(
              amp, amp.getLocWithOffset(1)));
      }
      ctx.note(g.go_loc.isValid() ? g.go_loc : c.getLocation(),
               "capture '" + var + "' by value to give each goroutine its "
               "own copy");
    }
  }

  // The `&` of an explicit `[&i]` capture: the character before the name,
  // skipping blanks.
  static SourceLocation ampersand_before(const SourceManager& sm,
                                         SourceLocation name) {
    if (!name.isFileID()) return {};
    bool invalid = false;
    const char* p = sm.getCharacterData(name, &invalid);
    if (invalid) return {};
    StringRef buf = sm.getBufferData(sm.getFileID(name));
    unsigned offset = sm.getFileOffset(name);
    (void)p;
    while (offset > 0) {
      char ch = buf[--offset];
      if (ch == ' ' || ch == '\t') continue;
      if (ch != '&') return {};
      return sm.getLocForStartOfFile(sm.getFileID(name)).getLocWithOffset(offset);
    }
    return {};
  }
};

}  // namespace
}  // namespace gogo_tool

GOGO_REGISTER_CHECK(gogo_tool::loop_capture_check);
