#include "loop_variables.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace gogo_tool {
namespace {

// The variable a write target names: `x`, `x.field`, `(x)`. Not `x[i]`
// (goroutines filling distinct slots of an array is a normal pattern) and not
// anything behind a pointer.
const VarDecl* written_variable(const Expr* e) {
  while (e) {
    e = e->IgnoreParens();
    if (const auto* cast = dyn_cast<ImplicitCastExpr>(e)) {
      if (cast->getCastKind() != CK_NoOp &&
          cast->getCastKind() != CK_DerivedToBase &&
          cast->getCastKind() != CK_UncheckedDerivedToBase)
        return nullptr;
      e = cast->getSubExpr();
      continue;
    }
    if (const auto* member = dyn_cast<MemberExpr>(e)) {
      if (member->isArrow() || !isa<FieldDecl>(member->getMemberDecl()))
        return nullptr;
      e = member->getBase();
      continue;
    }
    if (const auto* ref = dyn_cast<DeclRefExpr>(e))
      return dyn_cast<VarDecl>(ref->getDecl());
    return nullptr;
  }
  return nullptr;
}

bool is_write_operator(OverloadedOperatorKind op) {
  switch (op) {
    case OO_Equal:
    case OO_PlusEqual:
    case OO_MinusEqual:
    case OO_StarEqual:
    case OO_SlashEqual:
    case OO_PercentEqual:
    case OO_CaretEqual:
    case OO_AmpEqual:
    case OO_PipeEqual:
    case OO_LessLessEqual:
    case OO_GreaterGreaterEqual:
    case OO_PlusPlus:
    case OO_MinusMinus:
      return true;
    default:
      return false;
  }
}

// std::istream and anything derived from it.
bool is_input_stream(QualType type) {
  const CXXRecordDecl* record =
      type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!record || !record->hasDefinition()) return false;
  auto is_istream = [](const CXXRecordDecl* r) {
    return r->isInStdNamespace() && r->getDeclName().isIdentifier() &&
           (r->getName() == "basic_istream" ||
            r->getName() == "basic_iostream");
  };
  if (is_istream(record)) return true;
  bool found = false;
  record->forallBases([&](const CXXRecordDecl* base) {
    found = found || is_istream(base);
    return true;
  });
  return found;
}

class write_finder : public RecursiveASTVisitor<write_finder> {
 public:
  explicit write_finder(const VarDecl* var) : var_(var) {}
  // Only writes strictly between `from` and `to` (expansion locations).
  void limit(const SourceManager& sm, SourceLocation from, SourceLocation to) {
    sm_ = &sm;
    from_ = from;
    to_ = to;
  }

  bool TraverseLambdaExpr(LambdaExpr*) { return true; }

  bool VisitBinaryOperator(BinaryOperator* op) {
    if (op->isAssignmentOp()) note(op->getLHS(), op->getOperatorLoc());
    return !found.isValid();
  }
  bool VisitUnaryOperator(UnaryOperator* op) {
    if (op->isIncrementDecrementOp()) note(op->getSubExpr(), op->getBeginLoc());
    return !found.isValid();
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr* call) {
    if (is_write_operator(call->getOperator()) && call->getNumArgs() > 0)
      note(call->getArg(0), call->getBeginLoc());
    // `in >> x` reads into x.
    if (call->getOperator() == OO_GreaterGreater && call->getNumArgs() == 2 &&
        is_input_stream(call->getArg(0)->getType()))
      note(call->getArg(1), call->getBeginLoc());
    return !found.isValid();
  }
  bool VisitCallExpr(CallExpr* call) {
    // std::getline(in, line) reads into line.
    const FunctionDecl* fn = call->getDirectCallee();
    if (fn && fn->isInStdNamespace() && fn->getDeclName().isIdentifier() &&
        fn->getName() == "getline" && call->getNumArgs() >= 2)
      note(call->getArg(1), call->getBeginLoc());
    return !found.isValid();
  }

  SourceLocation found;

 private:
  void note(const Expr* target, SourceLocation loc) {
    if (found.isValid() || written_variable(target) != var_) return;
    if (sm_) {
      SourceLocation at = sm_->getExpansionLoc(loc);
      if (!sm_->isBeforeInTranslationUnit(from_, at) ||
          !sm_->isBeforeInTranslationUnit(at, to_))
        return;
    }
    found = loc;
  }
  const VarDecl* var_;
  const SourceManager* sm_ = nullptr;
  SourceLocation from_, to_;
};

bool within(const SourceManager& sm, SourceLocation loc, SourceRange range) {
  loc = sm.getExpansionLoc(loc);
  return sm.isPointWithin(loc, sm.getExpansionLoc(range.getBegin()),
                          sm.getExpansionLoc(range.getEnd()));
}

}  // namespace

SourceLocation find_write_between(const Stmt* stmt, const VarDecl* var,
                                  SourceLocation from, SourceLocation to,
                                  const SourceManager& sm) {
  write_finder finder(var);
  finder.limit(sm, from, to);
  finder.TraverseStmt(const_cast<Stmt*>(stmt));
  return finder.found;
}

SourceLocation find_write(const Stmt* stmt, const VarDecl* var) {
  write_finder finder(var);
  finder.TraverseStmt(const_cast<Stmt*>(stmt));
  return finder.found;
}

loop_finding classify_in_loops(const VarDecl* var,
                               llvm::ArrayRef<const Stmt*> loops,
                               ASTContext& ctx) {
  const SourceManager& sm = ctx.getSourceManager();
  for (const Stmt* loop : llvm::reverse(loops)) {
    loop_finding finding;
    finding.loop = loop;
    if (within(sm, var->getLocation(), loop->getSourceRange())) {
      finding.role = loop_role::body_local;
      if (const auto* for_stmt = dyn_cast<ForStmt>(loop)) {
        if (for_stmt->getConditionVariable() == var) {
          finding.role = loop_role::loop_variable;
          finding.per_iteration = true;
        } else if (for_stmt->getInit() &&
                   within(sm, var->getLocation(),
                          for_stmt->getInit()->getSourceRange())) {
          finding.role = loop_role::loop_variable;
        }
      } else if (const auto* range = dyn_cast<CXXForRangeStmt>(loop)) {
        if (range->getLoopVariable() == var) {
          finding.role = loop_role::loop_variable;
          finding.per_iteration = true;
        } else if (range->getInit() &&
                   within(sm, var->getLocation(),
                          range->getInit()->getSourceRange()))
          finding.role = loop_role::none;  // C++20 init-statement: one per loop
      } else if (const auto* while_stmt = dyn_cast<WhileStmt>(loop)) {
        if (while_stmt->getConditionVariable() == var) {
          finding.role = loop_role::loop_variable;
          finding.per_iteration = true;
        }
      }
      if (finding.role != loop_role::none) return finding;
    }
    SourceLocation write = find_write(loop, var);
    if (write.isValid()) {
      finding.role = loop_role::written;
      finding.write = write;
      return finding;
    }
  }
  return {};
}

namespace {

// How `lambda` captures `var`: by reference, by copy, or not at all.
enum class capture_mode { none, by_copy, by_reference };
capture_mode captured_as(const LambdaExpr* lambda, const VarDecl* var) {
  for (const LambdaCapture& capture : lambda->captures())
    if (capture.capturesVariable() && capture.getCapturedVar() == var)
      return capture.getCaptureKind() == LCK_ByRef ? capture_mode::by_reference
                                                   : capture_mode::by_copy;
  return capture_mode::none;
}

// The loops between `lambda` and the next function or lambda boundary
// above it, outermost first; `outer` receives that lambda (or null).
std::vector<const Stmt*> loops_around(const LambdaExpr* lambda,
                                      const local_parents& parents,
                                      const LambdaExpr*& outer) {
  std::vector<const Stmt*> loops;
  outer = nullptr;
  DynTypedNode node = DynTypedNode::create(*lambda);
  for (int depth = 0; depth < 512; ++depth) {
    node = parents.parent(node);
    if (node.getNodeKind().isNone()) break;
    if (const auto* parent = node.get<LambdaExpr>()) {
      outer = parent;
      break;
    }
    const Stmt* stmt = node.get<Stmt>();
    if (!stmt) {
      // A variable initialised with the lambda: keep climbing through its
      // declaration statement; a function: stop.
      if (node.get<VarDecl>()) continue;
      break;
    }
    if (isa<ForStmt, CXXForRangeStmt, WhileStmt, DoStmt>(stmt))
      loops.insert(loops.begin(), stmt);
  }
  return loops;
}

}  // namespace

loop_finding classify_for_site(const VarDecl* var, const code_site& site,
                               ASTContext& ctx, const local_parents& parents) {
  loop_finding finding = classify_in_loops(var, site.enclosing_loops, ctx);
  for (const LambdaExpr* lambda = site.enclosing_lambda;
       finding.role == loop_role::none && lambda;) {
    if (captured_as(lambda, var) != capture_mode::by_reference) break;
    const LambdaExpr* outer = nullptr;
    std::vector<const Stmt*> loops = loops_around(lambda, parents, outer);
    finding = classify_in_loops(var, loops, ctx);
    lambda = outer;
  }
  return finding;
}

}  // namespace gogo_tool
