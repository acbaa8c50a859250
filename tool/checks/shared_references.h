// What a goroutine (or thread, or task) can see by reference: the analysis
// behind gogo-loop-capture and gogo-dangling-capture.
//
// A go statement `go EXPR;` evaluates EXPR's parts now and runs the call
// later, on another goroutine; std::thread, std::async and the user's
// spawners (spawn.h) do the same with their arguments. Everything evaluated
// now is copied into the new thread of execution, so the only ways it can
// reach one of the spawner's variables are the ones listed in `share_kind`.
// This file finds them; the checks decide which of those variables are
// dangerous (a loop variable, a local that dies before anyone waits).
#ifndef GOGO_TOOL_CHECKS_SHARED_REFERENCES_H
#define GOGO_TOOL_CHECKS_SHARED_REFERENCES_H

#include <string>
#include <vector>

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/SourceManager.h"
#include "../spawn.h"

namespace gogo_tool {

enum class share_kind {
  capture,       // [&x], or [&] using x: a lambda the goroutine runs or holds
  address,       // &x or an array x decaying to a pointer, passed in
  std_ref,       // std::ref(x) / std::cref(x) passed in
  member_call,   // go x.run(): the goroutine calls run() on x itself
  pointer_into,  // x.c_str(), x.data(): a pointer into x's storage
  view,          // std::string_view(x), std::span(x): a view of x's storage
};

struct shared_reference {
  const clang::VarDecl* var = nullptr;
  share_kind kind = share_kind::capture;
  // Where the reference is formed: the capture (for an implicit capture, the
  // first use in the lambda body), the `&`, the std::ref call, the object.
  clang::SourceLocation loc;
  // For captures: the lambda and its capture, to build the fix-it.
  const clang::LambdaExpr* lambda = nullptr;
  const clang::LambdaCapture* capture = nullptr;
  // std_ref: the std::ref(x) call, to build the fix-it.
  const clang::CallExpr* std_ref_call = nullptr;
  // member_call: the called member's name; std_ref: "std::ref"/"std::cref";
  // pointer_into: "c_str()"/"data()"; view: the view's type as written
  // ("std::string_view").
  std::string method;
  // Set when the goroutine reaches `var` through another local that names
  // it: a reference (`const auto& r = i; go [&r]{...};`), or a pointer or
  // view it holds a copy of (`int* p = &i; go [p]{...};`,
  // `std::string_view sv = s; go [sv]{...};`). `var` is the object itself.
  const clang::VarDecl* via = nullptr;
};

// Every variable of the spawning function that the spawn (EXPR of a go
// statement, the arguments of a thread, std::async or user spawner) lets
// the new thread of execution see by reference, each variable once (the
// first way found). Variables declared inside the spawning expression (in
// the goroutine's own body) are left out. A reference variable stands for the object it was
// bound to: a local named by its initializer (`int& r = i;`: `i`, with `via`
// set to `r`), a temporary it holds (`for (auto&& b : vector_of_bool)`: `b`
// itself, a local object in disguise), or nothing we can judge (a parameter,
// `v[k]`, `*p`: left out). Pointers and views copied into the goroutine are
// followed to their initializer when the function never writes them
// (`const char* p = s.c_str();`). In a template, a `[&]` lambda's uses of
// outer locals count as its captures.
std::vector<shared_reference> find_shared_references(const spawn& s,
                                                     clang::ASTContext& ctx);

// "captures 'x' by reference", "gets the address of 'x'"... with `what`
// describing the variable, e.g. "loop variable 'i'" (the subject,
// "goroutine" or "thread", is the caller's).
std::string describe_sharing(const shared_reference& ref,
                             const std::string& what);

// True when the lambda only reads `var` (no writes, no non-const reference
// or pointer taken to it), so capturing it by copy compiles and means the same.
bool lambda_only_reads(const clang::LambdaExpr* lambda,
                       const clang::VarDecl* var);

// The lambda a named closure object (`auto task = [&] {...};`) was
// initialised from, if any.
const clang::LambdaExpr* closure_lambda(const clang::VarDecl* var);

// True when `type` can be copied (a by-value capture of it compiles).
bool is_copyable(clang::QualType type);

}  // namespace gogo_tool

#endif
