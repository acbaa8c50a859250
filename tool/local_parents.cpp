// The walk behind local_parents (see local_parents.h).
#include "local_parents.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace gogo_tool {
namespace {

// The same traversal as ParentMapContext's: every node kind it records as a
// parent is pushed here too, so the parents match its own.
class parent_walk : public RecursiveASTVisitor<parent_walk> {
  using base = RecursiveASTVisitor<parent_walk>;

 public:
  explicit parent_walk(llvm::DenseMap<const void*, DynTypedNode>& parents)
      : parents_(parents) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  bool TraverseDecl(Decl* d) {
    if (!d) return true;
    return enter(DynTypedNode::create(*d), [&] { return base::TraverseDecl(d); });
  }
  // Not data-recursive, so that `stack_` is exact.
  bool TraverseStmt(Stmt* s) {
    if (!s) return true;
    return enter(DynTypedNode::create(*s), [&] { return base::TraverseStmt(s); });
  }
  bool TraverseTypeLoc(TypeLoc loc) {
    if (!loc) return true;
    return enter(DynTypedNode::create(loc),
                 [&] { return base::TraverseTypeLoc(loc); });
  }
  bool TraverseNestedNameSpecifierLoc(NestedNameSpecifierLoc loc) {
    if (!loc) return true;
    return enter(DynTypedNode::create(loc),
                 [&] { return base::TraverseNestedNameSpecifierLoc(loc); });
  }
  bool TraverseAttr(Attr* a) {
    if (!a) return true;
    return enter(DynTypedNode::create(*a), [&] { return base::TraverseAttr(a); });
  }

 private:
  template <class F>
  bool enter(const DynTypedNode& node, F traverse) {
    if (!stack_.empty())
      if (const void* key = node.getMemoizationData())
        parents_.try_emplace(key, stack_.back());  // the first parent wins
    stack_.push_back(node);
    bool ok = traverse();
    stack_.pop_back();
    return ok;
  }

  llvm::DenseMap<const void*, DynTypedNode>& parents_;
  llvm::SmallVector<DynTypedNode, 32> stack_;
};

}  // namespace

local_parents::local_parents(const Decl* root) : root_decl_(root) {}
local_parents::local_parents(const Stmt* root) : root_stmt_(root) {}

void local_parents::build() const {
  built_ = true;
  parent_walk walk(parents_);
  if (root_decl_) walk.TraverseDecl(const_cast<Decl*>(root_decl_));
  if (root_stmt_) walk.TraverseStmt(const_cast<Stmt*>(root_stmt_));
}

DynTypedNode local_parents::parent(const DynTypedNode& node) const {
  if (!built_) build();
  const void* key = node.getMemoizationData();
  if (!key) return {};
  auto found = parents_.find(key);
  return found == parents_.end() ? DynTypedNode() : found->second;
}

}  // namespace gogo_tool
