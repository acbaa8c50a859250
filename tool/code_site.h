// code_site: where a piece of code sits (its function, lambda, loops and
// ancestors), and site_walker, the walk over the main file that knows it.
//
// Go statements (go_statement.h) and the other places that start work on
// another thread (spawn.h) are both found by one walk over the main file's
// declarations, in source spelling (a template is visited once, as written,
// never per instantiation); site_walker keeps track of the surroundings as
// it goes, so that a finder only has to recognise its nodes and call here().
#ifndef GOGO_TOOL_CODE_SITE_H
#define GOGO_TOOL_CODE_SITE_H

#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallVector.h"

#include <vector>

namespace gogo_tool {

struct code_site {
  // The innermost function (a lambda's call operator when the code is inside
  // a lambda body), the innermost enclosing lambda (or null), and the loops
  // between the code and that function/lambda boundary, outermost first.
  const clang::FunctionDecl* enclosing_function = nullptr;
  const clang::LambdaExpr* enclosing_lambda = nullptr;
  llvm::SmallVector<const clang::Stmt*, 2> enclosing_loops;
  // Every statement and expression containing the code, outermost first
  // (from the top-level function's body down to the code's parent, across
  // lambda bodies). Use this instead of ASTContext::getParents(): the parent
  // map covers the whole translation unit, headers included, and costs ~10%
  // of the parse to build.
  std::vector<const clang::Stmt*> ancestors;
  // The outermost declaration around the code that is not a namespace,
  // class or template: the top-level function (a member function, a
  // variable whose initializer holds a lambda...). Anything the checks need
  // to know about the code's surroundings lies under it, so it is what
  // local_parents walks instead of the whole translation unit.
  const clang::Decl* outermost_decl = nullptr;
};

// A RecursiveASTVisitor over the main file's declarations that tracks the
// code_site of the node being visited. Derived classes add Visit* methods
// and call here() (the site of the statement or expression being visited,
// whose ancestors end at its parent). Not data-recursive, so that the
// ancestor stack is exact.
template <class Derived>
class site_walker : public clang::RecursiveASTVisitor<Derived> {
  using base = clang::RecursiveASTVisitor<Derived>;

 public:
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldVisitImplicitCode() const { return false; }
  bool shouldWalkTypesOfTypeLocs() const { return false; }

  bool TraverseDecl(clang::Decl* d) {
    bool outermost = d && !outermost_ && !is_scope_only(d);
    if (outermost) outermost_ = d;
    bool ok = traverse_decl(d);
    if (outermost) outermost_ = nullptr;
    return ok;
  }

  bool TraverseStmt(clang::Stmt* s) {
    if (!s) return true;
    stack_.push_back(s);
    bool ok = base::TraverseStmt(s);
    stack_.pop_back();
    return ok;
  }

  bool TraverseLambdaExpr(clang::LambdaExpr* l) {
    place saved = place_;
    place_ = place{l->getCallOperator(), l, {}};
    bool ok = base::TraverseLambdaExpr(l);
    place_ = saved;
    return ok;
  }

  bool TraverseForStmt(clang::ForStmt* s) {
    return loop(s, [&] { return base::TraverseForStmt(s); });
  }
  bool TraverseWhileStmt(clang::WhileStmt* s) {
    return loop(s, [&] { return base::TraverseWhileStmt(s); });
  }
  bool TraverseDoStmt(clang::DoStmt* s) {
    return loop(s, [&] { return base::TraverseDoStmt(s); });
  }
  bool TraverseCXXForRangeStmt(clang::CXXForRangeStmt* s) {
    return loop(s, [&] { return base::TraverseCXXForRangeStmt(s); });
  }

 protected:
  // The site of `node`, the statement or expression being visited (the top
  // of the ancestor stack; a node that is not on it gets every ancestor).
  code_site here(const clang::Stmt* node) const {
    code_site site;
    site.enclosing_function = place_.function;
    site.enclosing_lambda = place_.lambda;
    site.enclosing_loops = place_.loops;
    site.outermost_decl = outermost_;
    auto end = stack_.end();
    if (!stack_.empty() && stack_.back() == node) --end;
    site.ancestors.assign(stack_.begin(), end);
    return site;
  }

 private:
  struct place {
    const clang::FunctionDecl* function = nullptr;
    const clang::LambdaExpr* lambda = nullptr;
    llvm::SmallVector<const clang::Stmt*, 2> loops;
  };

  bool traverse_decl(clang::Decl* d) {
    auto* fn = llvm::dyn_cast_or_null<clang::FunctionDecl>(d);
    if (!fn) return base::TraverseDecl(d);
    place saved = place_;
    place_ = place{fn, nullptr, {}};
    bool ok = base::TraverseDecl(d);
    place_ = saved;
    return ok;
  }

  // Declarations that only group others: never a site's outermost_decl (a
  // function template's is its templated function).
  static bool is_scope_only(const clang::Decl* d) {
    return llvm::isa<clang::TranslationUnitDecl, clang::NamespaceDecl,
                     clang::LinkageSpecDecl, clang::ExportDecl,
                     clang::RecordDecl, clang::ClassTemplateDecl,
                     clang::FunctionTemplateDecl>(d);
  }

  template <class F>
  bool loop(clang::Stmt* s, F traverse) {
    place_.loops.push_back(s);
    bool ok = traverse();
    place_.loops.pop_back();
    return ok;
  }

  place place_;
  const clang::Decl* outermost_ = nullptr;
  std::vector<const clang::Stmt*> stack_;
};

// Walks every declaration of the main file (expansion location in it) with
// `walker`.
template <class Walker>
void walk_main_file(clang::ASTContext& ctx, Walker& walker) {
  const clang::SourceManager& sm = ctx.getSourceManager();
  for (clang::Decl* d : ctx.getTranslationUnitDecl()->decls()) {
    if (d->isImplicit()) continue;
    if (!sm.isInMainFile(sm.getExpansionLoc(d->getLocation()))) continue;
    walker.TraverseDecl(d);
  }
}

}  // namespace gogo_tool

#endif
