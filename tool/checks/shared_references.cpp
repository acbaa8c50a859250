#include "shared_references.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "../local_parents.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "loop_variables.h"

using namespace clang;

namespace gogo_tool {

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

bool is_std_record(QualType type, std::initializer_list<StringRef> names) {
  const auto* record = type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!record || !record->isInStdNamespace() ||
      !record->getDeclName().isIdentifier())
    return false;
  for (StringRef name : names)
    if (record->getName() == name) return true;
  return false;
}

// Types that point into storage owned by another object, copied by value:
// raw pointers, std::string_view, std::span.
bool is_view_type(QualType type) {
  return is_std_record(type, {"basic_string_view", "span"});
}
bool is_pointer_or_view(QualType type) {
  return (type->isPointerType() && !type->isFunctionPointerType()) ||
         is_view_type(type);
}

// Standard types that own the storage c_str()/data() and views point into.
bool owns_storage(QualType type) {
  return is_std_record(type, {"basic_string", "vector", "array"}) ||
         type.getNonReferenceType()->isConstantArrayType();
}

// The initializer of a variable without the nodes that only keep a
// temporary alive.
const Expr* bare_initializer(const VarDecl* var) {
  const Expr* init = var->getInit();
  if (!init) return nullptr;
  if (const auto* cleanups = dyn_cast<ExprWithCleanups>(init))
    init = cleanups->getSubExpr();
  return init->IgnoreParens();
}

// Is `var` assigned, incremented... anywhere in the function declaring it
// after its initialisation?
bool written_in_function(const VarDecl* var) {
  const auto* fn = dyn_cast_or_null<FunctionDecl>(var->getDeclContext());
  if (!fn || !fn->getBody()) return true;
  return find_write(fn->getBody(), var).isValid();
}

// Follows what EXPR of one go statement hands to the goroutine and collects
// the spawner's variables it reaches by reference (find_shared_references).
class shared_reference_collector {
 public:
  shared_reference_collector(const Expr* root, ASTContext& ctx)
      : root_(root), ctx_(ctx) {}

  // The arguments of a thread, std::async or user spawn.
  std::vector<shared_reference> run(llvm::ArrayRef<const Expr*> handed) {
    for (const Expr* e : handed) flow(e);
    return std::move(found_);
  }

  // EXPR of a go statement.
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
    if (via_) {  // reached through a pointer or view variable (follow_value)
      ref.via = via_;
      ref.loc = via_loc_;
    }
    // Capturing or taking the address of a reference reaches the object it
    // names, not the variable: the local its initializer names, if any. A
    // reference holding a temporary is a local object in disguise
    // (`for (auto&& x : f())`).
    for (int depth = 0; ref.var && depth < 8; ++depth) {
      const VarDecl* var = ref.var;
      if (!var->getType()->isReferenceType() || binds_temporary(var)) break;
      const Expr* init = bare_initializer(var);
      if (!var->hasLocalStorage() || !init) return;
      if (!ref.via) ref.via = var;
      ref.var = root_variable(init);
    }
    const VarDecl* var = ref.var;
    if (!var || !var->hasLocalStorage() || var->isInvalidDecl()) return;
    if (var->getType()->isReferenceType() && !binds_temporary(var)) return;
    if (declared_inside_statement(var)) return;
    if (!seen_.insert(var).second) return;
    found_.push_back(std::move(ref));
  }

  static bool binds_temporary(const VarDecl* var) {
    const Expr* init = bare_initializer(var);
    return init && isa<MaterializeTemporaryExpr>(init);
  }

  // A pointer or view variable whose value the goroutine gets: it reaches
  // whatever the initializer pointed into, when the function never points
  // it elsewhere. `loc` is where the goroutine gets the value.
  void follow_value(const VarDecl* var, SourceLocation loc) {
    if (!var || !var->hasLocalStorage() || isa<ParmVarDecl>(var) ||
        var->getType()->isReferenceType() || !is_pointer_or_view(var->getType()))
      return;
    const Expr* init = bare_initializer(var);
    if (!init || !followed_.insert(var).second || written_in_function(var))
      return;
    const VarDecl* saved_via = via_;
    SourceLocation saved_loc = via_loc_;
    if (!via_) {
      via_ = var;
      via_loc_ = loc;
    }
    flow(init, /*made_now=*/true);
    via_ = saved_via;
    via_loc_ = saved_loc;
  }

  // `object.c_str()`, `object.data()` on a string, vector or array.
  bool pointer_into(const CXXMemberCallExpr* call) {
    const CXXMethodDecl* method = call->getMethodDecl();
    if (!method || !method->getDeclName().isIdentifier() ||
        (method->getName() != "c_str" && method->getName() != "data"))
      return false;
    const Expr* object = call->getImplicitObjectArgument();
    const auto* callee = dyn_cast<MemberExpr>(call->getCallee()->IgnoreParens());
    if (!object || !callee || callee->isArrow() ||
        !owns_storage(object->getType()))
      return false;
    if (const VarDecl* var = root_variable(object)) {
      shared_reference ref;
      ref.var = var;
      ref.kind = share_kind::pointer_into;
      ref.loc = call->getBeginLoc();
      ref.method = method->getNameAsString() + "()";
      add(std::move(ref));
    }
    return true;
  }

  // A view made of `owner` (std::string_view(s), std::span<int>(v)).
  void view_of(const Expr* owner, QualType view, SourceLocation loc) {
    if (!owns_storage(owner->getType())) return;
    const VarDecl* var = root_variable(owner);
    if (!var) return;
    shared_reference ref;
    ref.var = var;
    ref.kind = share_kind::view;
    ref.loc = loc;
    const auto* record = view->getAsCXXRecordDecl();
    ref.method = record && record->getName() == "span" ? "std::span"
                                                       : "std::string_view";
    add(std::move(ref));
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
  // `made_now`: conversions in `e` happen now (an explicit cast, a
  // variable's initializer). An implicit conversion of a go statement's
  // argument does not: the goroutine converts its own copy.
  void flow(const Expr* e, bool made_now = false) {
    if (!e) return;
    e = e->IgnoreParens();
    if (const auto* lambda = dyn_cast<LambdaExpr>(e)) return captures(lambda);
    if (const auto* ref = dyn_cast<DeclRefExpr>(e)) {
      const auto* var = dyn_cast<VarDecl>(ref->getDecl());
      if (const LambdaExpr* lambda = closure_lambda(var))
        captures(lambda);
      else
        follow_value(var, ref->getLocation());
      return;
    }
    if (const auto* cast = dyn_cast<ImplicitCastExpr>(e)) {
      if (cast->getCastKind() == CK_ArrayToPointerDecay) {
        if (const VarDecl* var = root_variable(cast->getSubExpr()))
          add_reference(var, share_kind::address, e->getBeginLoc());
        return;
      }
      return flow(cast->getSubExpr(),
                  made_now || cast->isPartOfExplicitCast());
    }
    if (const auto* cast = dyn_cast<ExplicitCastExpr>(e))
      return flow(cast->getSubExpr(), true);
    if (const auto* temp = dyn_cast<MaterializeTemporaryExpr>(e))
      return flow(temp->getSubExpr(), made_now);
    if (const auto* bind = dyn_cast<CXXBindTemporaryExpr>(e))
      return flow(bind->getSubExpr(), made_now);
    if (const auto* cleanups = dyn_cast<ExprWithCleanups>(e))
      return flow(cleanups->getSubExpr(), made_now);
    if (const auto* list = dyn_cast<CXXStdInitializerListExpr>(e))
      return flow(list->getSubExpr(), made_now);
    if (const auto* construct = dyn_cast<CXXConstructExpr>(e)) {
      if (made_now && is_view_type(construct->getType()) &&
          construct->getNumArgs() >= 1) {
        view_of(construct->getArg(0)->IgnoreImplicit(), construct->getType(),
                construct->getArg(0)->getBeginLoc());
        return;
      }
      for (const Expr* arg : construct->arguments()) flow(arg, made_now);
      return;
    }
    if (const auto* list = dyn_cast<InitListExpr>(e)) {
      for (const Expr* init : list->inits()) flow(init, made_now);
      return;
    }
    if (const auto* cond = dyn_cast<AbstractConditionalOperator>(e)) {
      flow(cond->getTrueExpr(), made_now);
      flow(cond->getFalseExpr(), made_now);
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
        isa_and_nonnull<CXXConversionDecl>(conversion->getMethodDecl())) {
      const Expr* object = conversion->getImplicitObjectArgument();
      if (is_view_type(conversion->getType())) {  // string -> string_view
        if (made_now) view_of(object, conversion->getType(), e->getBeginLoc());
        return;
      }
      return flow(object, made_now);  // reference_wrapper -> T&
    }
    if (const auto* call = dyn_cast<CXXMemberCallExpr>(e);
        call && pointer_into(call))
      return;
    if (const auto* call = dyn_cast<CallExpr>(e)) {
      const FunctionDecl* fn = call->getDirectCallee();
      if (is_std_function(fn, {"ref", "cref"}) && call->getNumArgs() == 1) {
        if (const VarDecl* var = root_variable(call->getArg(0))) {
          shared_reference ref;
          ref.var = var;
          ref.kind = share_kind::std_ref;
          ref.loc = e->getBeginLoc();
          ref.std_ref_call = call;
          ref.method = "std::" + fn->getNameAsString();
          add(std::move(ref));
        }
        return;
      }
      if (is_std_function(
              fn, {"bind", "bind_front", "move", "forward", "make_tuple",
                   "make_pair", "forward_as_tuple"})) {
        for (const Expr* arg : call->arguments()) flow(arg, made_now);
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
      if (capture.getCaptureKind() != LCK_ByRef) {
        // [p] with `int* p = &x;`: the copy still points at x.
        follow_value(var, capture.getLocation());
        continue;
      }
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
  llvm::SmallPtrSet<const VarDecl*, 4> followed_;
  // While following a pointer or view variable (follow_value): that
  // variable, and where the goroutine got its value.
  const VarDecl* via_ = nullptr;
  SourceLocation via_loc_;
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

std::vector<shared_reference> find_shared_references(const spawn& s,
                                                     ASTContext& ctx) {
  if (s.kind == spawn_kind::go)
    return shared_reference_collector(s.handed.front(), ctx).run();
  return shared_reference_collector(s.expr, ctx).run(s.handed);
}

static std::string sharing(const shared_reference& ref,
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
    case share_kind::pointer_into:
      return "gets a pointer into " + what + " from " + ref.method;
    case share_kind::view:
      return "gets a " + ref.method + " of " + what;
  }
  return {};
}

std::string describe_sharing(const shared_reference& ref,
                             const std::string& what) {
  std::string text = sharing(ref, what);
  if (ref.via) text += " through '" + ref.via->getNameAsString() + "'";
  return text;
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
