#include "shared_references.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "../local_parents.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace gogo_tool {
namespace {

// The variable an lvalue expression names, looking through `.member` and
// subscripts of arrays (both name part of the same object). `p->m`, `p[i]`
// and anything computed name some other object: null.
const VarDecl* root_variable(const Expr* e) {
  while (e) {
    e = e->IgnoreParens();
    if (const auto* cast = dyn_cast<ImplicitCastExpr>(e)) {
      switch (cast->getCastKind()) {
        case CK_NoOp:
        case CK_DerivedToBase:
        case CK_UncheckedDerivedToBase:
        case CK_ArrayToPointerDecay:  // only reached below a subscript
          e = cast->getSubExpr();
          continue;
        default:
          return nullptr;
      }
    }
    if (const auto* member = dyn_cast<MemberExpr>(e)) {
      if (member->isArrow() || !isa<FieldDecl>(member->getMemberDecl()))
        return nullptr;
      e = member->getBase();
      continue;
    }
    if (const auto* subscript = dyn_cast<ArraySubscriptExpr>(e)) {
      const Expr* base = subscript->getBase()->IgnoreParens();
      const auto* decay = dyn_cast<ImplicitCastExpr>(base);
      if (!decay || decay->getCastKind() != CK_ArrayToPointerDecay)
        return nullptr;
      e = decay->getSubExpr();
      continue;
    }
    if (const auto* ref = dyn_cast<DeclRefExpr>(e))
      return dyn_cast<VarDecl>(ref->getDecl());
    return nullptr;
  }
  return nullptr;
}

bool is_std_function(const FunctionDecl* fn,
                     std::initializer_list<StringRef> names) {
  if (!fn || !fn->isInStdNamespace() || !fn->getDeclName().isIdentifier())
    return false;
  for (StringRef name : names)
    if (fn->getName() == name) return true;
  return false;
}

// The lambda a named closure object was initialised from, if any.
const LambdaExpr* closure_lambda(const VarDecl* var) {
  if (!var || !var->hasLocalStorage() || !var->getInit()) return nullptr;
  const CXXRecordDecl* record = var->getType()->getAsCXXRecordDecl();
  if (!record || !record->isLambda()) return nullptr;
  const Expr* init = var->getInit();
  while (true) {
    init = init->IgnoreParenImpCasts();
    if (const auto* cleanups = dyn_cast<ExprWithCleanups>(init))
      init = cleanups->getSubExpr();
    else if (const auto* temp = dyn_cast<MaterializeTemporaryExpr>(init))
      init = temp->getSubExpr();
    else if (const auto* bind = dyn_cast<CXXBindTemporaryExpr>(init))
      init = bind->getSubExpr();
    else if (const auto* construct = dyn_cast<CXXConstructExpr>(init);
             construct && construct->getNumArgs() == 1)
      init = construct->getArg(0);
    else
      break;
  }
  return dyn_cast<LambdaExpr>(init);
}

// Follows what EXPR of one go statement hands to the goroutine and collects
// the spawner's variables it reaches by reference (find_shared_references).
class shared_reference_collector {
 public:
  shared_reference_collector(const Expr* root, ASTContext& ctx)
      : root_(root), ctx_(ctx) {}

  std::vector<shared_reference> run() {
    const Expr* e = root_->IgnoreParenImpCasts();
    if (const auto* cleanups = dyn_cast<ExprWithCleanups>(e))
      e = cleanups->getSubExpr()->IgnoreParenImpCasts();
    if (const auto* call = dyn_cast<CXXMemberCallExpr>(e)) {
      member_call(call);
      for (const Expr* arg : call->arguments()) flow(arg);
    } else if (const auto* call = dyn_cast<CallExpr>(e)) {
      // Includes `lambda(args)` and `functor(args)`: the callable (argument
      // 0 of the operator() call) is copied into the goroutine like any
      // other argument.
      if (!isa<CXXOperatorCallExpr>(call)) flow(call->getCallee());
      for (const Expr* arg : call->arguments()) flow(arg);
    } else {
      flow(e);  // a callable: `go [&]{...};`, `go task;`
    }
    return std::move(found_);
  }

 private:
  void add(shared_reference ref) {
    const VarDecl* var = ref.var;
    if (!var || !var->hasLocalStorage() || var->isInvalidDecl()) return;
    // Capturing or taking the address of a reference reaches the object it
    // names, not the variable; leave it alone unless it holds a temporary
    // (then it is a local object in disguise: `for (auto&& x : f())`).
    if (var->getType()->isReferenceType() && !binds_temporary(var)) return;
    if (declared_inside_statement(var)) return;
    if (!seen_.insert(var).second) return;
    found_.push_back(std::move(ref));
  }

  static bool binds_temporary(const VarDecl* var) {
    const Expr* init = var->getInit();
    if (!init) return false;
    if (const auto* cleanups = dyn_cast<ExprWithCleanups>(init))
      init = cleanups->getSubExpr();
    return isa<MaterializeTemporaryExpr>(init->IgnoreParens());
  }

  bool declared_inside_statement(const VarDecl* var) const {
    const SourceManager& sm = ctx_.getSourceManager();
    SourceLocation loc = sm.getExpansionLoc(var->getLocation());
    SourceLocation begin = sm.getExpansionLoc(root_->getBeginLoc());
    SourceLocation end = sm.getExpansionLoc(root_->getEndLoc());
    return sm.isPointWithin(loc, begin, end);
  }

  void member_call(const CXXMemberCallExpr* call) {
    const auto* callee =
        dyn_cast<MemberExpr>(call->getCallee()->IgnoreParens());
    const CXXMethodDecl* method = call->getMethodDecl();
    if (!callee || !method || method->isStatic()) return;
    const Expr* object = call->getImplicitObjectArgument();
    if (!object) return;
    const VarDecl* var = nullptr;
    if (!callee->isArrow()) {
      var = root_variable(object);
    } else if (const auto* addr =
                   dyn_cast<UnaryOperator>(object->IgnoreParenImpCasts());
               addr && addr->getOpcode() == UO_AddrOf) {
      var = root_variable(addr->getSubExpr());
    }
    if (!var) return;
    shared_reference ref;
    ref.var = var;
    ref.kind = share_kind::member_call;
    ref.loc = object->getBeginLoc();
    ref.method = method->getNameAsString();
    add(std::move(ref));
  }

  // `e` is evaluated now and its value handed to the goroutine: follow it
  // through the wrappers that keep a reference inside the value (casts,
  // constructors, braces, std::bind) to the places where a reference is made.
  // Any other call consumes the reference now and returns something else, so
  // we stop there (when unsure, do not fire).
  void flow(const Expr* e) {
    if (!e) return;
    e = e->IgnoreParens();
    if (const auto* lambda = dyn_cast<LambdaExpr>(e)) return captures(lambda);
    if (const auto* ref = dyn_cast<DeclRefExpr>(e)) {
      if (const LambdaExpr* lambda =
              closure_lambda(dyn_cast<VarDecl>(ref->getDecl())))
        captures(lambda);
      return;
    }
    if (const auto* cast = dyn_cast<ImplicitCastExpr>(e)) {
      if (cast->getCastKind() == CK_ArrayToPointerDecay) {
        if (const VarDecl* var = root_variable(cast->getSubExpr()))
          add_reference(var, share_kind::address, e->getBeginLoc());
        return;
      }
      return flow(cast->getSubExpr());
    }
    if (const auto* cast = dyn_cast<ExplicitCastExpr>(e))
      return flow(cast->getSubExpr());
    if (const auto* temp = dyn_cast<MaterializeTemporaryExpr>(e))
      return flow(temp->getSubExpr());
    if (const auto* bind = dyn_cast<CXXBindTemporaryExpr>(e))
      return flow(bind->getSubExpr());
    if (const auto* cleanups = dyn_cast<ExprWithCleanups>(e))
      return flow(cleanups->getSubExpr());
    if (const auto* list = dyn_cast<CXXStdInitializerListExpr>(e))
      return flow(list->getSubExpr());
    if (const auto* construct = dyn_cast<CXXConstructExpr>(e)) {
      for (const Expr* arg : construct->arguments()) flow(arg);
      return;
    }
    if (const auto* list = dyn_cast<InitListExpr>(e)) {
      for (const Expr* init : list->inits()) flow(init);
      return;
    }
    if (const auto* cond = dyn_cast<AbstractConditionalOperator>(e)) {
      flow(cond->getTrueExpr());
      flow(cond->getFalseExpr());
      return;
    }
    if (const auto* unary = dyn_cast<UnaryOperator>(e)) {
      if (unary->getOpcode() == UO_AddrOf)
        if (const VarDecl* var = root_variable(unary->getSubExpr()))
          add_reference(var, share_kind::address, e->getBeginLoc());
      return;
    }
    if (const auto* conversion = dyn_cast<CXXMemberCallExpr>(e);
        conversion &&
        isa_and_nonnull<CXXConversionDecl>(conversion->getMethodDecl()))
      return flow(
          conversion->getImplicitObjectArgument());  // reference_wrapper -> T&
    if (const auto* call = dyn_cast<CallExpr>(e)) {
      const FunctionDecl* fn = call->getDirectCallee();
      if (is_std_function(fn, {"ref", "cref"}) && call->getNumArgs() == 1) {
        if (const VarDecl* var = root_variable(call->getArg(0))) {
          shared_reference ref;
          ref.var = var;
          ref.kind = share_kind::std_ref;
          ref.loc = e->getBeginLoc();
          ref.method = "std::" + fn->getNameAsString();
          add(std::move(ref));
        }
        return;
      }
      if (is_std_function(
              fn, {"bind", "bind_front", "move", "forward", "make_tuple",
                   "make_pair", "forward_as_tuple"})) {
        for (const Expr* arg : call->arguments()) flow(arg);
      }
      return;
    }
  }

  void add_reference(const VarDecl* var, share_kind kind, SourceLocation loc) {
    shared_reference ref;
    ref.var = var;
    ref.kind = kind;
    ref.loc = loc;
    add(std::move(ref));
  }

  // A lambda the goroutine runs or holds. Its capture list is complete: a
  // lambda nested in its body can only reach an outer variable through it
  // (by reference if this lambda captured it by reference, otherwise the
  // nested lambda refers to this lambda's own copy).
  void captures(const LambdaExpr* lambda) {
    if (!lambdas_.insert(lambda).second) return;
    for (const LambdaCapture& capture : lambda->captures()) {
      if (!capture.capturesVariable()) continue;
      const auto* var = dyn_cast<VarDecl>(capture.getCapturedVar());
      if (!var) continue;
      if (var->isInitCapture()) {
        // [p = &x], [r = std::ref(x)]: the initialiser is evaluated now.
        flow(var->getInit());
        if (var->getType()->isReferenceType())  // [&r = x]
          if (const VarDecl* target = root_variable(var->getInit())) {
            shared_reference ref;
            ref.var = target;
            ref.loc = capture.getLocation();
            ref.lambda = lambda;
            add(std::move(ref));
          }
        continue;
      }
      if (capture.getCaptureKind() != LCK_ByRef) continue;
      shared_reference ref;
      ref.var = var;
      ref.loc = capture.getLocation();
      ref.lambda = lambda;
      ref.capture = &capture;
      add(std::move(ref));
    }
    if (lambda->getCaptureDefault() == LCD_ByRef &&
        lambda->getLambdaClass()->isDependentContext())
      dependent_implicit_captures(lambda);
  }

  // In a template, Clang leaves a [&] lambda's implicit captures of
  // dependent uses to instantiation, so captures() does not list them. Every
  // evaluated use of an outer local in the body is such a capture.
  void dependent_implicit_captures(const LambdaExpr* lambda) {
    outer_uses uses(lambda, ctx_.getSourceManager());
    uses.TraverseStmt(lambda->getBody());
    for (const DeclRefExpr* use : uses.found) {
      shared_reference ref;
      ref.var = cast<VarDecl>(use->getDecl());
      ref.loc = use->getLocation();
      ref.lambda = lambda;
      add(std::move(ref));
    }
  }

  class outer_uses : public RecursiveASTVisitor<outer_uses> {
   public:
    outer_uses(const LambdaExpr* lambda, const SourceManager& sm)
        : lambda_(lambda), sm_(sm) {}
    // Unevaluated operands name a variable without capturing it.
    bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr*) {
      return true;
    }
    bool TraverseDecltypeTypeLoc(DecltypeTypeLoc) { return true; }
    bool TraverseCXXNoexceptExpr(CXXNoexceptExpr*) { return true; }
    bool TraverseCXXTypeidExpr(CXXTypeidExpr*) { return true; }
    bool VisitDeclRefExpr(DeclRefExpr* ref) {
      const auto* var = dyn_cast<VarDecl>(ref->getDecl());
      if (!var || !var->hasLocalStorage() || inside_lambda(var) ||
          explicitly_captured(var))
        return true;
      found.push_back(ref);
      return true;
    }
    std::vector<const DeclRefExpr*> found;

   private:
    bool inside_lambda(const VarDecl* var) const {
      SourceRange range = lambda_->getSourceRange();
      return sm_.isPointWithin(sm_.getExpansionLoc(var->getLocation()),
                               sm_.getExpansionLoc(range.getBegin()),
                               sm_.getExpansionLoc(range.getEnd()));
    }
    bool explicitly_captured(const VarDecl* var) const {
      for (const LambdaCapture& capture : lambda_->explicit_captures())
        if (capture.capturesVariable() && capture.getCapturedVar() == var)
          return true;
      return false;
    }
    const LambdaExpr* lambda_;
    const SourceManager& sm_;
  };

  const Expr* root_;
  ASTContext& ctx_;
  std::vector<shared_reference> found_;
  llvm::SmallPtrSet<const VarDecl*, 8> seen_;
  llvm::SmallPtrSet<const LambdaExpr*, 4> lambdas_;
};

bool is_const_reference(QualType type) {
  return type->isReferenceType() && type->getPointeeType().isConstQualified() &&
         !type->isRValueReferenceType();
}

// Does binding argument `arg` of a call to a parameter of `proto` copy it or
// take it by const reference?
bool parameter_only_reads(const FunctionProtoType* proto, unsigned index) {
  if (!proto || index >= proto->getNumParams()) return false;
  QualType param = proto->getParamType(index);
  return !param->isReferenceType() || is_const_reference(param);
}

const FunctionProtoType* prototype_of(const Expr* callee) {
  if (!callee) return nullptr;
  QualType type = callee->getType();
  if (const auto* pointer = type->getAs<PointerType>())
    type = pointer->getPointeeType();
  return type->getAs<FunctionProtoType>();
}

// Is this use of the variable (a DeclRefExpr inside the lambda) a read?
// `parents` covers the lambda.
bool is_read(const Expr* use, const local_parents& parents) {
  const Stmt* current = use;
  for (int depth = 0; depth < 32; ++depth) {
    DynTypedNode above = parents.parent(*current);
    if (const auto* var = above.get<VarDecl>()) {
      QualType type = var->getType();
      return !type->isReferenceType() || is_const_reference(type);
    }
    const Stmt* parent = above.get<Stmt>();
    if (!parent) return false;
    if (isa<ParenExpr>(parent)) {
      current = parent;
      continue;
    }
    if (const auto* cast = dyn_cast<ImplicitCastExpr>(parent)) {
      switch (cast->getCastKind()) {
        case CK_LValueToRValue:
          return true;
        case CK_NoOp:
        case CK_DerivedToBase:
        case CK_UncheckedDerivedToBase:
          current = parent;
          continue;
        default:
          return false;
      }
    }
    if (const auto* member = dyn_cast<MemberExpr>(parent)) {
      if (member->isArrow()) return false;
      if (isa<FieldDecl>(member->getMemberDecl())) {
        current = parent;
        continue;
      }
      const auto* method = dyn_cast<CXXMethodDecl>(member->getMemberDecl());
      return method && method->isConst();
    }
    if (const auto* subscript = dyn_cast<ArraySubscriptExpr>(parent)) {
      if (subscript->getBase()->IgnoreParenImpCasts() != current) return false;
      current = parent;
      continue;
    }
    if (const auto* op = dyn_cast<CXXOperatorCallExpr>(parent)) {
      const auto* method =
          dyn_cast_or_null<CXXMethodDecl>(op->getDirectCallee());
      if (method && op->getNumArgs() > 0 && op->getArg(0) == current)
        return method->isConst();
      for (unsigned i = 0; i < op->getNumArgs(); ++i)
        if (op->getArg(i) == current) {
          unsigned index = method ? i - 1 : i;
          const FunctionDecl* fn = op->getDirectCallee();
          return fn && parameter_only_reads(
                           fn->getType()->getAs<FunctionProtoType>(), index);
        }
      return false;
    }
    if (const auto* call = dyn_cast<CallExpr>(parent)) {
      for (unsigned i = 0; i < call->getNumArgs(); ++i)
        if (call->getArg(i) == current)
          return parameter_only_reads(prototype_of(call->getCallee()), i);
      return false;
    }
    if (const auto* construct = dyn_cast<CXXConstructExpr>(parent)) {
      const CXXConstructorDecl* ctor = construct->getConstructor();
      for (unsigned i = 0; i < construct->getNumArgs(); ++i)
        if (construct->getArg(i) == current)
          return ctor && parameter_only_reads(
                             ctor->getType()->getAs<FunctionProtoType>(), i);
      return false;
    }
    if (isa<InitListExpr>(parent)) return true;
    return false;
  }
  return false;
}

class use_collector : public RecursiveASTVisitor<use_collector> {
 public:
  explicit use_collector(const VarDecl* var) : var_(var) {}
  bool VisitDeclRefExpr(DeclRefExpr* ref) {
    if (ref->getDecl() == var_) uses.push_back(ref);
    return true;
  }
  std::vector<const DeclRefExpr*> uses;

 private:
  const VarDecl* var_;
};

}  // namespace

std::vector<shared_reference> find_shared_references(const Expr* go_expr,
                                                     ASTContext& ctx) {
  if (!go_expr) return {};
  return shared_reference_collector(go_expr, ctx).run();
}

std::string describe_sharing(const shared_reference& ref,
                             const std::string& what) {
  switch (ref.kind) {
    case share_kind::capture:
      return "captures " + what + " by reference";
    case share_kind::address:
      return "gets the address of " + what;
    case share_kind::std_ref:
      return "gets a reference to " + what + " through " + ref.method;
    case share_kind::member_call:
      return "calls '" + ref.method + "' on " + what + " itself, not on a copy";
  }
  return {};
}

bool lambda_only_reads(const LambdaExpr* lambda, const VarDecl* var) {
  if (!lambda || !lambda->getBody()) return false;
  use_collector collector(var);
  collector.TraverseStmt(
      const_cast<Stmt*>(static_cast<const Stmt*>(lambda->getBody())));
  if (collector.uses.empty()) return true;
  // Every use is in the body, so its parents are the lambda's.
  local_parents parents(static_cast<const Stmt*>(lambda));
  for (const DeclRefExpr* use : collector.uses)
    if (!is_read(use, parents)) return false;
  return true;
}

bool is_copyable(QualType type) {
  type = type.getNonReferenceType();
  while (const auto* array = type->getAsArrayTypeUnsafe())
    type = array->getElementType();
  if (type->isDependentType() || type->isIncompleteType()) return false;
  const CXXRecordDecl* record = type->getAsCXXRecordDecl();
  if (!record) return true;
  if (!record->hasDefinition()) return false;
  record = record->getDefinition();
  bool user_copy = false;
  for (const CXXConstructorDecl* ctor : record->ctors()) {
    if (!ctor->isCopyConstructor()) continue;
    if (ctor->isDeleted() || ctor->getAccess() == AS_private) return false;
    user_copy = true;
  }
  if (user_copy) return true;
  if (record->hasUserDeclaredMoveConstructor() ||
      record->hasUserDeclaredMoveAssignment())
    return false;
  return !(record->needsImplicitCopyConstructor() &&
           record->defaultedCopyConstructorIsDeleted());
}

}  // namespace gogo_tool
