#include "waiting.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace gogo_tool {
namespace {

// Waits that last until other work has finished (not locks, sleeps or
// timed waits): wait_options::completion_only.
bool is_completion_name(StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("wait", "join", "recv", "select", "arrive_and_wait", "acquire",
             true)
      .Default(false);
}

bool is_waiting_name(StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("wait", "wait_for", "wait_until", "join", "recv", "select", true)
      .Cases("sleep_for", "sleep_until", "lock", "lock_shared",
             "arrive_and_wait", true)
      .Cases("acquire", "try_acquire_for", "try_lock_for", true)
      .Default(false);
}

bool is_lock_holder(const CXXRecordDecl* record) {
  if (!record || !record->getDeclName().isIdentifier()) return false;
  return llvm::StringSwitch<bool>(record->getName())
      .Cases("lock_guard", "unique_lock", "scoped_lock", "shared_lock", true)
      .Default(false);
}

// gogo's own API is known: only the waiting names above wait (the `go`
// marker, make_chan, send, yield... do not).
bool in_gogo_namespace(const Decl* decl) {
  for (const DeclContext* context = decl->getDeclContext(); context;
       context = context->getParent())
    if (const auto* ns = dyn_cast<NamespaceDecl>(context))
      if (!ns->getParent()->getParent() || ns->getParent()->isTranslationUnit())
        if (ns->getDeclName().isIdentifier() && ns->getName() == "gogo")
          return true;
  return false;
}

// A gogo type whose construction is a blocking statement: gogo::select.
bool is_gogo_statement(const CXXRecordDecl* record) {
  return record && record->getDeclName().isIdentifier() &&
         is_waiting_name(record->getName()) && in_gogo_namespace(record);
}

bool is_future(const CXXRecordDecl* record) {
  return record && record->getDeclName().isIdentifier() &&
         record->getName().contains("future");
}

class wait_finder : public RecursiveASTVisitor<wait_finder> {
 public:
  wait_finder(ASTContext& ctx, SourceLocation after, wait_options options,
              llvm::DenseMap<const FunctionDecl*, bool>& memo, int depth)
      : ctx_(ctx),
        sm_(ctx.getSourceManager()),
        after_(after),
        options_(options),
        memo_(memo),
        depth_(depth) {}

  bool shouldVisitTemplateInstantiations() const { return false; }

  // The go statement the question is about: what it waits for inside its
  // own goroutine does not count.
  const Stmt* excluded = nullptr;
  bool TraverseStmt(Stmt* stmt) {
    if (stmt && stmt == excluded) return true;
    return RecursiveASTVisitor::TraverseStmt(stmt);
  }
  bool TraverseLambdaExpr(LambdaExpr* lambda) {
    if (options_.certain_only) return true;
    return RecursiveASTVisitor::TraverseLambdaExpr(lambda);
  }

  // wait_options::unconditional: only the parts that always run.
  bool TraverseIfStmt(IfStmt* s) {
    if (!options_.unconditional) return RecursiveASTVisitor::TraverseIfStmt(s);
    if (!traverse_all({s->getInit(), s->getConditionVariableDeclStmt(),
                       s->getCond()}))
      return false;
    if (s->getElse() && branch_waits(s->getThen()) &&
        branch_waits(s->getElse()))
      mark(s);
    return !found;
  }
  bool TraverseSwitchStmt(SwitchStmt* s) {
    if (!options_.unconditional)
      return RecursiveASTVisitor::TraverseSwitchStmt(s);
    return traverse_all(
        {s->getInit(), s->getConditionVariableDeclStmt(), s->getCond()});
  }
  bool TraverseCXXTryStmt(CXXTryStmt* s) {
    if (!options_.unconditional) return RecursiveASTVisitor::TraverseCXXTryStmt(s);
    return TraverseStmt(s->getTryBlock());
  }
  bool TraverseBinaryOperator(BinaryOperator* op) {
    if (!options_.unconditional || !op->isLogicalOp())
      return RecursiveASTVisitor::TraverseBinaryOperator(op);
    return TraverseStmt(op->getLHS());
  }
  bool TraverseConditionalOperator(ConditionalOperator* op) {
    if (!options_.unconditional)
      return RecursiveASTVisitor::TraverseConditionalOperator(op);
    return TraverseStmt(op->getCond());
  }
  bool TraverseBinaryConditionalOperator(BinaryConditionalOperator* op) {
    if (!options_.unconditional)
      return RecursiveASTVisitor::TraverseBinaryConditionalOperator(op);
    return TraverseStmt(op->getCommon());
  }

  bool VisitCallExpr(CallExpr* call) {
    if (after(call) && call_waits(call->getDirectCallee())) mark(call);
    return !found;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr* construct) {
    if (!after(construct)) return true;
    const CXXConstructorDecl* ctor = construct->getConstructor();
    if (ctor && ((!options_.completion_only && is_lock_holder(ctor->getParent())) ||
                 is_gogo_statement(ctor->getParent()) ||
                 (!in_system_header(ctor) && function_waits(ctor))))
      mark(construct);
    return !found;
  }
  // `gogo::select{...}` whose cases depend on a template parameter.
  bool VisitCXXUnresolvedConstructExpr(CXXUnresolvedConstructExpr* construct) {
    if (after(construct) && is_gogo_statement(construct->getType()->getAsCXXRecordDecl()))
      mark(construct);
    return !found;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt* loop) {
    if (!after(loop) || !loop->getRangeInit()) return true;
    const CXXRecordDecl* record = loop->getRangeInit()
                                      ->getType()
                                      .getNonReferenceType()
                                      ->getAsCXXRecordDecl();
    if (record && record->getDeclName().isIdentifier() &&
        record->getName() == "chan")
      mark(loop);
    return !found;
  }
  bool VisitForStmt(ForStmt* loop) { return visit_loop(loop); }
  bool VisitWhileStmt(WhileStmt* loop) { return visit_loop(loop); }
  bool VisitDoStmt(DoStmt* loop) { return visit_loop(loop); }
  bool VisitCXXDependentScopeMemberExpr(CXXDependentScopeMemberExpr* member) {
    // In a template, `wg.wait()` on a dependent object: go by the name.
    if (after(member) && member->getMember().isIdentifier() &&
        waiting_name(member->getMember().getAsIdentifierInfo()->getName()))
      mark(member);
    return !found;
  }
  bool VisitUnresolvedLookupExpr(UnresolvedLookupExpr* lookup) {
    if (after(lookup) && lookup->getName().isIdentifier() &&
        waiting_name(lookup->getName().getAsIdentifierInfo()->getName()))
      mark(lookup);
    return !found;
  }

  bool found = false;
  SourceLocation where;  // the first wait found

  // The statements in order, stopping at the first wait.
  bool traverse_all(std::initializer_list<const Stmt*> stmts) {
    for (const Stmt* s : stmts)
      if (s && !TraverseStmt(const_cast<Stmt*>(s))) return false;
    return !found;
  }

  bool branch_waits(const Stmt* branch) {
    wait_finder inner(ctx_, after_, options_, memo_, depth_);
    inner.TraverseStmt(const_cast<Stmt*>(branch));
    return inner.found;
  }

  // for, while and do alike: an endless one (when asked to count those).
  template <class Loop>
  bool visit_loop(Loop* loop) {
    if (options_.endless_loops && after(loop) && endless(loop->getCond())) mark(loop);
    return !found;
  }

  void mark(const Stmt* stmt) {
    found = true;
    where = sm_.getExpansionLoc(stmt->getBeginLoc());
  }

 private:
  bool after(const Stmt* stmt) const {
    if (!after_.isValid()) return true;
    return sm_.isBeforeInTranslationUnit(
        after_, sm_.getExpansionLoc(stmt->getBeginLoc()));
  }

  bool endless(const Expr* cond) const {
    if (!cond) return true;
    bool value = false;
    if (cond->isValueDependent()) return false;
    return cond->EvaluateAsBooleanCondition(value, ctx_) && value;
  }

  bool waiting_name(StringRef name) const {
    return options_.completion_only ? is_completion_name(name)
                                    : is_waiting_name(name);
  }

  bool in_system_header(const Decl* decl) const {
    return sm_.isInSystemHeader(sm_.getExpansionLoc(decl->getLocation()));
  }

  bool call_waits(const FunctionDecl* fn) {
    if (!fn) return false;
    if (fn->getDeclName().isIdentifier()) {
      StringRef name = fn->getName();
      if (waiting_name(name)) return true;
      if (name == "get")
        if (const auto* method = dyn_cast<CXXMethodDecl>(fn);
            method && is_future(method->getParent()))
          return true;
    }
    if (in_system_header(fn) || in_gogo_namespace(fn)) return false;
    return function_waits(fn);
  }

  // User code: look inside (a few calls deep); a function we cannot see
  // (defined in another file, virtual) may wait.
  bool function_waits(const FunctionDecl* fn) {
    if (const auto* method = dyn_cast<CXXMethodDecl>(fn);
        method && method->isVirtual())
      return !options_.certain_only;
    const FunctionDecl* definition = nullptr;
    if (!fn->hasBody(definition) || !definition)
      return !options_.certain_only && !isa<CXXConstructorDecl>(fn) &&
             !isa<CXXDestructorDecl>(fn);
    auto known = memo_.find(definition);
    if (known != memo_.end()) return known->second;
    if (depth_ >= 4) return !options_.certain_only;
    memo_[definition] =
        false;  // recursion: assume no, unless something else waits
    // A function that waits somewhere in its body counts (when unsure,
    // assume it waits): `unconditional` is about the caller's paths only.
    wait_options inside = options_;
    inside.unconditional = false;
    wait_finder inner(ctx_, SourceLocation(), inside, memo_, depth_ + 1);
    inner.TraverseStmt(definition->getBody());
    memo_[definition] = inner.found;
    return inner.found;
  }

  ASTContext& ctx_;
  const SourceManager& sm_;
  SourceLocation after_;
  wait_options options_;
  llvm::DenseMap<const FunctionDecl*, bool>& memo_;
  int depth_;
};

}  // namespace

bool waits_after(const Stmt* scope, SourceLocation after, ASTContext& ctx,
                 wait_options options) {
  if (!scope) return false;
  llvm::DenseMap<const FunctionDecl*, bool> memo;
  wait_finder finder(ctx, ctx.getSourceManager().getExpansionLoc(after),
                     options, memo, 0);
  finder.TraverseStmt(const_cast<Stmt*>(scope));
  return finder.found;
}

SourceLocation first_wait_after(const Stmt* scope, SourceLocation after,
                                ASTContext& ctx, wait_options options) {
  if (!scope) return {};
  llvm::DenseMap<const FunctionDecl*, bool> memo;
  wait_finder finder(ctx, ctx.getSourceManager().getExpansionLoc(after),
                     options, memo, 0);
  finder.TraverseStmt(const_cast<Stmt*>(scope));
  return finder.found ? finder.where : SourceLocation();
}

bool waits_on_every_path_after(llvm::ArrayRef<const Stmt*> ancestors,
                               const Stmt* stmt, ASTContext& ctx,
                               wait_options options) {
  options.unconditional = true;
  llvm::DenseMap<const FunctionDecl*, bool> memo;
  const Stmt* child = stmt;
  for (const Stmt* parent : llvm::reverse(ancestors)) {
    if (isa<LambdaExpr>(parent)) break;  // another function's body
    if (const auto* block = dyn_cast<CompoundStmt>(parent)) {
      bool after = false;
      for (const Stmt* s : block->body()) {
        if (after) {
          wait_finder finder(ctx, SourceLocation(), options, memo, 0);
          finder.TraverseStmt(const_cast<Stmt*>(s));
          if (finder.found) return true;
        }
        after = after || s == child;
      }
    }
    child = parent;
  }
  return false;
}

bool loop_waits(const Stmt* loop, const Stmt* go_statement, ASTContext& ctx,
                wait_options options) {
  if (!loop) return false;
  llvm::DenseMap<const FunctionDecl*, bool> memo;
  wait_finder finder(ctx, SourceLocation(), options, memo, 0);
  finder.excluded = go_statement;
  finder.TraverseStmt(const_cast<Stmt*>(loop));
  return finder.found;
}

const Stmt* variable_scope(const VarDecl* var, const local_parents& parents) {
  if (!isa<ParmVarDecl>(var)) {
    DynTypedNode parent = parents.parent(*var);
    if (const auto* decl_stmt = parent.get<DeclStmt>()) {
      if (const auto* stmt = parents.parent(*decl_stmt).get<Stmt>())
        return stmt;
    } else if (const auto* stmt = parent.get<Stmt>()) {
      return stmt;
    }
  }
  if (const auto* fn =
          dyn_cast_or_null<FunctionDecl>(var->getParentFunctionOrMethod()))
    return fn->getBody();
  return nullptr;
}

}  // namespace gogo_tool
