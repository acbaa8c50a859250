// gogo-reference-parameter: `go f(x);` where f takes a non-const lvalue
// reference (docs/diagnostics/gogo-reference-parameter.md). The go statement
// copies its arguments (rewrite.md), so f binds the reference to the
// goroutine's own copy and the caller's `x` never changes, which a C++
// reader may not expect.
#include "../check.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

namespace gogo_tool {
namespace {

using namespace clang;

// std::ref(x) / std::cref(x), possibly converted to T& on the way.
bool is_std_ref(const Expr* arg) {
  arg = arg->IgnoreImplicit()->IgnoreParens();
  if (const auto* conversion = dyn_cast<CXXMemberCallExpr>(arg);
      conversion &&
      isa_and_nonnull<CXXConversionDecl>(conversion->getMethodDecl()))
    arg = conversion->getImplicitObjectArgument()
              ->IgnoreImplicit()
              ->IgnoreParens();
  if (const auto* construct = dyn_cast<CXXConstructExpr>(arg);
      construct && construct->getNumArgs() == 1)
    arg = construct->getArg(0)->IgnoreImplicit()->IgnoreParens();
  const auto* call = dyn_cast<CallExpr>(arg);
  const FunctionDecl* fn = call ? call->getDirectCallee() : nullptr;
  return fn && fn->isInStdNamespace() && fn->getDeclName().isIdentifier() &&
         (fn->getName() == "ref" || fn->getName() == "cref");
}

std::string describe_argument(const Expr* arg) {
  if (const auto* ref = dyn_cast<DeclRefExpr>(arg->IgnoreParenImpCasts()))
    return "'" + ref->getDecl()->getNameAsString() + "'";
  return "the argument";
}

// Was parameter `index` of this template specialization declared as a
// forwarding reference (T&&, deduced to T& for an lvalue)? Then the callee
// asked for whatever it is given, and a copy is what it gets.
bool is_forwarding_reference(const FunctionDecl* fn, unsigned index) {
  const FunctionTemplateDecl* primary = fn ? fn->getPrimaryTemplate() : nullptr;
  if (!primary) return false;
  const FunctionDecl* pattern = primary->getTemplatedDecl();
  unsigned position = 0;
  for (const ParmVarDecl* param : pattern->parameters()) {
    QualType type = param->getType();
    if (const auto* expansion = type->getAs<PackExpansionType>())
      type = expansion->getPattern();
    bool forwarding = false;
    if (const auto* rvalue = type->getAs<RValueReferenceType>())
      forwarding = !rvalue->getPointeeType().hasQualifiers() &&
                   rvalue->getPointeeType()->getAs<TemplateTypeParmType>();
    if (param->isParameterPack())
      return forwarding;  // covers every remaining argument
    if (position == index) return forwarding;
    ++position;
  }
  return false;
}

class reference_parameter_check : public check {
 public:
  llvm::StringRef name() const override { return "gogo-reference-parameter"; }
  llvm::StringRef summary() const override {
    return "a goroutine gets a reference parameter of the function that starts "
           "it";
  }

  void run(const go_stmt& g, check_context& ctx) override {
    if (g.kind == go_kind::callable || !g.call) return;
    const auto* call = dyn_cast<CallExpr>(g.call->IgnoreParens());
    if (!call || call->isTypeDependent()) return;
    const FunctionDecl* fn = call->getDirectCallee();
    const FunctionProtoType* proto = nullptr;
    unsigned first_arg = 0;  // operator() calls pass the callable as argument 0
    if (fn) {
      proto = fn->getType()->getAs<FunctionProtoType>();
      if (isa<CXXOperatorCallExpr>(call) && isa<CXXMethodDecl>(fn))
        first_arg = 1;
    } else if (const Expr* callee = call->getCallee()) {
      QualType type = callee->getType();
      if (const auto* pointer = type->getAs<PointerType>())
        type = pointer->getPointeeType();
      proto = type->getAs<FunctionProtoType>();
    }
    if (!proto) return;
    std::string callee_name = "the callee";
    if (fn && fn->getDeclName().isIdentifier())
      callee_name = "'" + fn->getNameAsString() + "'";
    if (const auto* method = dyn_cast_or_null<CXXMethodDecl>(fn);
        method && isa<CXXOperatorCallExpr>(call)) {
      callee_name = "the callable";
      if (method->getParent()->isLambda())
        callee_name = "the lambda";
      else if (const auto* object = dyn_cast<DeclRefExpr>(
                   call->getArg(0)->IgnoreParenImpCasts()))
        callee_name = "'" + object->getDecl()->getNameAsString() + "'";
    }
    const SourceManager& sm = ctx.sources();
    bool system_callee =
        fn && sm.isInSystemHeader(sm.getExpansionLoc(fn->getLocation()));

    for (unsigned i = first_arg; i < call->getNumArgs(); ++i) {
      unsigned index = i - first_arg;
      if (index >= proto->getNumParams()) break;
      QualType param = proto->getParamType(index);
      if (!param->isLValueReferenceType() ||
          param->getPointeeType().isConstQualified())
        continue;
      const Expr* arg = call->getArg(i);
      if (is_forwarding_reference(fn, index)) continue;
      if (isa<CXXDefaultArgExpr>(arg) || arg->isTypeDependent() ||
          is_std_ref(arg))
        continue;
      const ParmVarDecl* parm =
          fn && index < fn->getNumParams() ? fn->getParamDecl(index) : nullptr;
      std::string param_name =
          parm && !parm->getName().empty() && !system_callee
              ? "parameter '" + parm->getNameAsString() + "'"
              : "parameter " + std::to_string(index + 1);
      std::string what = describe_argument(arg);
      ctx.report(*this, arg->getBeginLoc(),
                 callee_name + " takes " + param_name +
                     " by non-const reference, but the goroutine "
                     "binds it to its own copy of " +
                     what);
      if (parm) ctx.note(parm->getLocation(), "parameter declared here");
      ctx.note(arg->getBeginLoc(),
               "to share " + what + ", pass std::ref(" +
                   (what == "the argument" ? std::string("...")
                                           : what.substr(1, what.size() - 2)) +
                   "); to make the copy explicit, take the parameter by value");
    }
  }
};

}  // namespace
}  // namespace gogo_tool

GOGO_REGISTER_CHECK(gogo_tool::reference_parameter_check);
