// local_parents: parents of the nodes under one declaration or statement,
// as ASTContext::getParents() would report them, without its cost.
//
// ASTContext::getParents() builds, on first use, a parent map of the whole
// translation unit, headers included: ~12% of a parse that includes
// <gogo/gogo.hpp>. The checks only ever ask about nodes of the function
// around a go statement, so they walk that function instead. The walk is
// the one ParentMapContext does (implicit code and template instantiations
// included; declarations, statements, type locations, nested name
// specifiers and attributes as nodes), so the first parent reported for a
// node under the root is the one getParents() lists first. For example a
// lambda body's parent is the lambda's operator(), whose parent is the
// closure class, whose parent is the LambdaExpr.
//
// First choice for a go statement is go_stmt::ancestors (no walk at
// all); use this for nodes off that path (a variable's declaration, a use
// inside a lambda body).
#ifndef GOGO_TOOL_LOCAL_PARENTS_H
#define GOGO_TOOL_LOCAL_PARENTS_H

#include "clang/AST/ASTTypeTraits.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"

namespace gogo_tool {

class local_parents {
 public:
  // The subtree under `root`; nothing is walked before the first query.
  explicit local_parents(const clang::Decl* root);
  explicit local_parents(const clang::Stmt* root);

  // The first parent of `node` (what getParents(node)[0] would be), or a
  // null node (`get<T>()` gives nullptr) for the root and for nodes outside
  // it.
  clang::DynTypedNode parent(const clang::DynTypedNode& node) const;
  template <class T>
  clang::DynTypedNode parent(const T& node) const {
    return parent(clang::DynTypedNode::create(node));
  }

 private:
  void build() const;

  const clang::Decl* root_decl_ = nullptr;
  const clang::Stmt* root_stmt_ = nullptr;
  mutable bool built_ = false;
  // Keyed by the node's address; only nodes with pointer identity (the only
  // ones the checks ask about) are recorded as children.
  mutable llvm::DenseMap<const void*, clang::DynTypedNode> parents_;
};

}  // namespace gogo_tool

#endif
