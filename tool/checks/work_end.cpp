#include "work_end.h"

#include "waiting.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace gogo_tool {
namespace {

// What ends a handle's work: join() (threads), get() and wait() (futures).
bool ends_work(StringRef method) {
  return method == "join" || method == "get" || method == "wait";
}

// Container members that store their argument (or an element built from
// it) in the container.
bool stores_argument(StringRef method) {
  return llvm::StringSwitch<bool>(method)
      .Cases("push_back", "push_front", "emplace_back", "emplace_front", true)
      .Cases("insert", "emplace", "emplace_hint", "try_emplace", true)
      .Cases("insert_or_assign", "push", true)
      .Default(false);
}

bool is_std_call(const CallExpr* call, std::initializer_list<StringRef> names) {
  const FunctionDecl* fn = call->getDirectCallee();
  if (!fn || !fn->isInStdNamespace() || !fn->getDeclName().isIdentifier())
    return false;
  for (StringRef name : names)
    if (fn->getName() == name) return true;
  return false;
}

StringRef method_name(const CXXMemberCallExpr* call) {
  const CXXMethodDecl* method = call->getMethodDecl();
  if (!method || !method->getDeclName().isIdentifier()) return {};
  return method->getName();
}

const Expr* strip(const Expr* e) {
  for (;;) {
    const Expr* next = e->IgnoreImplicit()->IgnoreParens();
    if (const auto* call = dyn_cast<CallExpr>(next);
        call && call->getNumArgs() == 1 && is_std_call(call, {"move"}))
      next = call->getArg(0);
    if (const auto* construct = dyn_cast<CXXConstructExpr>(next);
        construct && construct->getNumArgs() == 1 &&
        construct->getConstructor() &&
        construct->getConstructor()->isCopyOrMoveConstructor())
      next = construct->getArg(0);  // `return t;` moves t
    if (next == e) return e;
    e = next;
  }
}

// The object an expression names, when it is a variable (`t`, `t.field`
// is not) or a member of `this` (`workers_`, `this->workers_`); through
// `->` on such an object too (`ptr->join()`, `owned->join()`).
const ValueDecl* named_object(const Expr* e) {
  e = strip(e);
  if (const auto* op = dyn_cast<CXXOperatorCallExpr>(e);
      op && op->getOperator() == OO_Arrow && op->getNumArgs() >= 1)
    e = strip(op->getArg(0));  // unique_ptr<std::thread>
  if (const auto* ref = dyn_cast<DeclRefExpr>(e))
    return dyn_cast<VarDecl>(ref->getDecl());
  if (const auto* member = dyn_cast<MemberExpr>(e))
    if (isa<CXXThisExpr>(member->getBase()->IgnoreImplicit()))
      return dyn_cast<FieldDecl>(member->getMemberDecl());
  return nullptr;
}

// The object a member call is made on (`t.join()`, `p->join()`).
const ValueDecl* call_object(const CXXMemberCallExpr* call) {
  const Expr* object = call->getImplicitObjectArgument();
  return object ? named_object(object) : nullptr;
}

// `c[k]`, `c.at(k)`, `c.front()`, `c.back()`: an element of container c
// (or of a built-in array c).
const ValueDecl* element_of(const Expr* e) {
  e = strip(e);
  if (const auto* subscript = dyn_cast<ArraySubscriptExpr>(e))
    return named_object(subscript->getBase());
  if (const auto* op = dyn_cast<CXXOperatorCallExpr>(e);
      op && op->getOperator() == OO_Subscript && op->getNumArgs() == 2)
    return named_object(op->getArg(0));
  if (const auto* call = dyn_cast<CXXMemberCallExpr>(e)) {
    StringRef name = method_name(call);
    if (name == "at" || name == "front" || name == "back")
      return call_object(call);
  }
  return nullptr;
}

bool is_local(const ValueDecl* d) {
  const auto* var = dyn_cast_or_null<VarDecl>(d);
  return var && var->hasLocalStorage() && !var->getType()->isReferenceType();
}

// Is this a type whose template arguments name handles: a container of
// threads or futures (or of pointers to them)?
bool holds_handles(QualType type) {
  const auto* spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      type.getNonReferenceType()->getAsCXXRecordDecl());
  if (!spec || !spec->isInStdNamespace()) return false;
  for (const TemplateArgument& arg : spec->getTemplateArgs().asArray()) {
    if (arg.getKind() != TemplateArgument::Type) continue;
    QualType element = arg.getAsType();
    if (element->isPointerType()) element = element->getPointeeType();
    if (is_thread_type(element) || is_future_type(element) ||
        holds_handles(element))
      return true;
  }
  return false;
}

bool owns_pointer(QualType type) {
  const auto* record = type->getAsCXXRecordDecl();
  return record && record->isInStdNamespace() &&
         record->getDeclName().isIdentifier() &&
         (record->getName() == "unique_ptr" ||
          record->getName() == "shared_ptr");
}

// Where the handle made by an expression goes.
struct destination {
  enum kind_t { unknown, temporary, ended, released, object, container };
  kind_t kind = unknown;
  clang::SourceLocation at;  // ended, released; temporary: where it dies
  std::string how;           // released
  const ValueDecl* holder = nullptr;  // object, container
  const Stmt* from = nullptr;         // object, container: the storing code
};

class work_end_finder {
 public:
  work_end_finder(const spawn& s, check_context& ctx)
      : s_(s), ctx_(ctx), sm_(ctx.sources()), parents_(ctx.parents(s)) {}

  work_end run() {
    if (s_.kind == spawn_kind::user) {
      configured_waits();
      local_pool_destroyed();
    }
    if (s_.container) {
      follow(stored_in(s_.container, s_.expr), 0);
    } else {
      follow(destination_of(s_.expr), 0);
    }
    return std::move(result_);
  }

 private:
  SourceLocation end_of(const Stmt* stmt) const {
    return sm_.getExpansionLoc(stmt->getEndLoc());
  }
  bool after(const Stmt* stmt, SourceLocation from) const {
    return sm_.isBeforeInTranslationUnit(
        from, sm_.getExpansionLoc(stmt->getBeginLoc()));
  }

  void end_at(SourceLocation at, const VarDecl* destroyed = nullptr) {
    result_.ends.push_back({at, destroyed});
  }
  void release(SourceLocation at, std::string how) {
    if (result_.released.isValid()) return;
    result_.released = at;
    result_.released_how = std::move(how);
  }

  // Destructors of threads end the work (jthread joins; a joinable
  // std::thread terminates the program); of futures, only std::async's.
  bool destructor_ends_work() const { return s_.kind != spawn_kind::user; }

  destination stored_in(const Expr* object, const Stmt* call) {
    destination d;
    d.from = call;
    const ValueDecl* holder = object ? named_object(object) : nullptr;
    if (!holder) {
      d.kind = destination::unknown;
      return d;
    }
    d.kind = destination::container;
    d.holder = holder;
    return d;
  }

  destination assigned_to(const Expr* target, const Stmt* assignment) {
    destination d;
    d.from = assignment;
    if (const ValueDecl* container = element_of(target)) {
      d.kind = destination::container;
      d.holder = container;
      return d;
    }
    if (const ValueDecl* holder = named_object(target)) {
      d.kind = holds_handles(holder->getType()) ? destination::container
                                                : destination::object;
      d.holder = holder;
      return d;
    }
    return d;  // unknown
  }

  destination in_variable(const VarDecl* var) {
    destination d;
    d.from = var->getInit();
    if (!var->hasLocalStorage()) {
      d.kind = destination::released;
      d.at = sm_.getExpansionLoc(var->getLocation());
      d.how = "it is stored in '" + var->getNameAsString() +
              "', which outlives the function";
      return d;
    }
    d.kind = holds_handles(var->getType()) ? destination::container
                                           : destination::object;
    d.holder = var;
    return d;
  }

  // Walks up from the expression that makes the handle (or moves it on).
  destination destination_of(const Stmt* node) {
    const Stmt* current = node;
    for (int depth = 0; depth < 64; ++depth) {
      DynTypedNode up = parents_.parent(*current);
      if (const auto* var = up.get<VarDecl>()) return in_variable(var);
      if (up.get<CXXCtorInitializer>()) {
        destination d;
        d.kind = destination::released;
        d.at = sm_.getExpansionLoc(current->getBeginLoc());
        d.how = "it is stored in a member, which outlives the constructor";
        return d;
      }
      const Stmt* parent = up.get<Stmt>();
      if (!parent) return {};
      if (isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
              ExprWithCleanups, ParenExpr, CXXFunctionalCastExpr,
              CXXStaticCastExpr, CXXNewExpr, ParenListExpr>(parent)) {
        current = parent;
        continue;
      }
      if (const auto* construct = dyn_cast<CXXConstructExpr>(parent)) {
        // Copies and moves of the handle; a smart pointer taking it over
        // from `new`.
        const CXXConstructorDecl* ctor = construct->getConstructor();
        bool adopts = isa<CXXNewExpr>(current) &&
                      owns_pointer(construct->getType());
        if (!adopts && (!ctor || !ctor->isCopyOrMoveConstructor())) return {};
        current = parent;
        continue;
      }
      if (const auto* member = dyn_cast<MemberExpr>(parent)) {
        const auto* call = parents_.parent(*member).get<CXXMemberCallExpr>();
        StringRef name = call ? method_name(call) : StringRef();
        destination d;
        if (ends_work(name)) {
          d.kind = destination::ended;
          d.at = end_of(call);
        } else if (name == "detach") {
          d.kind = destination::released;
          d.at = sm_.getExpansionLoc(call->getExprLoc());
          d.how = "it is detached here";
        } else if (name == "share") {
          return {};
        } else {
          d.kind = destination::temporary;
        }
        return d.kind == destination::temporary ? temporary_of(member) : d;
      }
      if (const auto* call = dyn_cast<CallExpr>(parent)) {
        if (is_std_call(call, {"move", "forward"})) {
          current = parent;
          continue;
        }
        if (const auto* op = dyn_cast<CXXOperatorCallExpr>(call);
            op && op->getOperator() == OO_Equal && op->getNumArgs() == 2)
          return assigned_to(op->getArg(0), op);
        if (const auto* member = dyn_cast<CXXMemberCallExpr>(call);
            member && stores_argument(method_name(member)))
          return stored_in(member->getImplicitObjectArgument(), member);
        return {};  // handed to a function we do not follow
      }
      if (const auto* assign = dyn_cast<BinaryOperator>(parent);
          assign && assign->getOpcode() == BO_Assign)
        return assigned_to(assign->getLHS(), assign);
      if (isa<ReturnStmt>(parent)) {
        destination d;
        d.kind = destination::released;
        d.at = sm_.getExpansionLoc(parent->getBeginLoc());
        d.how = "it is returned";
        return d;
      }
      if (!isa<Expr>(parent)) return temporary_of(current);
      return {};
    }
    return {};
  }

  // A temporary handle dies at the end of its full-expression.
  destination temporary_of(const Stmt* node) {
    const Stmt* full = node;
    for (int depth = 0; depth < 64; ++depth) {
      const Stmt* parent = parents_.parent(*full).get<Stmt>();
      if (!parent || !isa<Expr>(parent) || isa<LambdaExpr>(parent)) break;
      full = parent;
    }
    destination d;
    d.kind = destination::temporary;
    d.at = end_of(full);
    return d;
  }

  void follow(const destination& d, int depth) {
    switch (d.kind) {
      case destination::unknown:
        result_.untracked = true;
        return;
      case destination::ended:
        end_at(d.at);
        return;
      case destination::temporary:
        if (destructor_ends_work()) end_at(d.at);
        return;
      case destination::released:
        release(d.at, d.how);
        return;
      case destination::object:
      case destination::container:
        scan(d, depth);
        return;
    }
  }

  // The scope a holder lives in: its declaring block for a local, the
  // function for anything else (members, parameters).
  const Stmt* scope_of(const ValueDecl* holder) {
    if (is_local(holder))
      if (const Stmt* scope =
              variable_scope(cast<VarDecl>(holder), parents_))
        return scope;
    return s_.enclosing_function ? s_.enclosing_function->getBody() : nullptr;
  }

  class use_finder;

  // What the code after the storing statement does with the holder.
  void scan(const destination& d, int depth);

  void configured_waits();
  void local_pool_destroyed();

  const spawn& s_;
  check_context& ctx_;
  const SourceManager& sm_;
  const local_parents& parents_;
  work_end result_;
};

// The uses of one holder (a handle, or a container of handles) after it
// got the work: what ends the work, what lets it go.
class work_end_finder::use_finder
    : public RecursiveASTVisitor<work_end_finder::use_finder> {
 public:
  use_finder(const ValueDecl* holder, bool container, SourceLocation from,
             const SourceManager& sm)
      : holder_(holder), container_(container), from_(from), sm_(sm) {}

  // Lambdas run whenever they are called: their joins prove nothing here,
  // except as std::for_each's callback (below).
  bool TraverseLambdaExpr(LambdaExpr*) { return true; }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr* call) {
    if (!after(call)) return true;
    StringRef name = method_name(call);
    const Expr* object = call->getImplicitObjectArgument();
    if (!object) return true;
    bool on_holder = named_object(object) == holder_;
    bool on_element = container_ && (element_of(object) == holder_ ||
                                     (loop_variable_ &&
                                      named_object(object) == loop_variable_));
    if (on_holder && !container_) {
      if (ends_work(name)) ends.push_back(end(call));
      if (name == "detach") detached = call;
      if (name == "share") lost = true;
    }
    if (on_holder && container_ && name == "clear") ends.push_back(end(call));
    if (on_element) {
      if (ends_work(name))
        ends.push_back(loop_ ? end(loop_) : end(call));
      if (name == "detach") detached = call;
    }
    return true;
  }

  bool VisitCallExpr(CallExpr* call) {
    if (!after(call) || isa<CXXMemberCallExpr>(call)) return true;
    if (is_std_call(call, {"move", "swap", "exchange"})) {
      for (const Expr* arg : call->arguments())
        if (named_object(arg) == holder_) {
          if (is_std_call(call, {"move"}))
            moved = call;
          else
            lost = true;
        }
      return true;
    }
    if (is_std_call(call, {"for_each", "for_each_n"})) {
      if (call->getNumArgs() >= 2 && joins_each(call)) ends.push_back(end(call));
      return true;
    }
    // Handed to the user's own code (`join_all(threads)`): it may well
    // wait; when unsure, do not fire.
    const FunctionDecl* fn = call->getDirectCallee();
    if (fn && !fn->isInStdNamespace() && !isa<CXXOperatorCallExpr>(call))
      for (const Expr* arg : call->arguments())
        if (const auto* ref = dyn_cast<DeclRefExpr>(arg->IgnoreImplicit());
            ref && ref->getDecl() == holder_)
          ends.push_back(end(call));
    return true;
  }

  bool VisitReturnStmt(ReturnStmt* ret) {
    if (after(ret) && ret->getRetValue() &&
        named_object(ret->getRetValue()) == holder_)
      returned = ret;
    return true;
  }

  // `for (auto& t : threads) t.join();`
  bool TraverseCXXForRangeStmt(CXXForRangeStmt* loop) {
    if (!container_ || !loop->getRangeInit() ||
        named_object(loop->getRangeInit()) != holder_)
      return RecursiveASTVisitor::TraverseCXXForRangeStmt(loop);
    const VarDecl* saved_var = loop_variable_;
    const Stmt* saved_loop = loop_;
    loop_variable_ = loop->getLoopVariable();
    loop_ = loop;
    bool ok = TraverseStmt(loop->getBody());
    loop_variable_ = saved_var;
    loop_ = saved_loop;
    return ok;
  }

  std::vector<SourceLocation> ends;
  const Stmt* detached = nullptr;
  const Stmt* moved = nullptr;     // std::move(holder): followed
  const Stmt* returned = nullptr;  // return holder;
  bool lost = false;               // swapped, shared: not followed

 private:
  bool after(const Stmt* stmt) const {
    return sm_.isBeforeInTranslationUnit(
        from_, sm_.getExpansionLoc(stmt->getBeginLoc()));
  }
  SourceLocation end(const Stmt* stmt) const {
    return sm_.getExpansionLoc(stmt->getEndLoc());
  }

  // std::for_each(c.begin(), c.end(), [](std::thread& t) { t.join(); })
  // or std::mem_fn(&std::thread::join).
  bool joins_each(const CallExpr* call) const {
    const auto* begin =
        dyn_cast<CXXMemberCallExpr>(call->getArg(0)->IgnoreImplicit());
    if (!begin || call_object(begin) != holder_) return false;
    joins_inside finder;
    finder.TraverseStmt(const_cast<Expr*>(call->getArg(call->getNumArgs() - 1)));
    return finder.found;
  }

  struct joins_inside : RecursiveASTVisitor<joins_inside> {
    bool found = false;
    bool VisitCXXMemberCallExpr(CXXMemberCallExpr* call) {
      found = found || ends_work(method_name(call));
      return true;
    }
    bool VisitDeclRefExpr(DeclRefExpr* ref) {  // &std::thread::join
      const auto* method = dyn_cast<CXXMethodDecl>(ref->getDecl());
      found = found || (method && method->getDeclName().isIdentifier() &&
                        ends_work(method->getName()));
      return true;
    }
  };

  const ValueDecl* holder_;
  bool container_;
  SourceLocation from_;
  const SourceManager& sm_;
  const VarDecl* loop_variable_ = nullptr;
  const Stmt* loop_ = nullptr;
};

void work_end_finder::scan(const destination& d, int depth) {
  const Stmt* scope = scope_of(d.holder);
  if (!scope || !d.from) {
    result_.untracked = true;
    return;
  }
  SourceLocation from = end_of(d.from);
  bool container = d.kind == destination::container;
  use_finder uses(d.holder, container, from, sm_);
  uses.TraverseStmt(const_cast<Stmt*>(scope));
  for (SourceLocation at : uses.ends) end_at(at);
  if (uses.detached)
    release(sm_.getExpansionLoc(uses.detached->getBeginLoc()),
            "it is detached here");
  if (uses.returned)
    release(sm_.getExpansionLoc(uses.returned->getBeginLoc()),
            "it is returned");
  if (uses.lost) {
    result_.untracked = true;
    return;
  }
  if (uses.moved) {
    if (depth < 3 && !container)
      follow(destination_of(uses.moved), depth + 1);
    else
      result_.untracked = true;
    return;
  }
  if (uses.detached || uses.returned) return;
  if (is_local(d.holder)) {
    // A raw pointer's end destroys nothing.
    if (destructor_ends_work() && !d.holder->getType()->isPointerType())
      end_at(end_of(scope), cast<VarDecl>(d.holder));
    return;
  }
  if (uses.ends.empty()) {
    std::string name = d.holder->getNameAsString();
    release(sm_.getExpansionLoc(d.from->getBeginLoc()),
            isa<FieldDecl>(d.holder)
                ? "it is stored in member '" + name +
                      "', which outlives the function"
                : "it is stored in '" + name +
                      "', which outlives the function");
  }
}

// User spawners: every configured wait after the spawn ends its work.
void work_end_finder::configured_waits() {
  struct finder : RecursiveASTVisitor<finder> {
    finder(const std::vector<std::string>& waits, SourceLocation from,
           const SourceManager& sm)
        : waits(waits), from(from), sm(sm) {}
    bool TraverseLambdaExpr(LambdaExpr*) { return true; }
    bool VisitCallExpr(CallExpr* call) {
      if (sm.isBeforeInTranslationUnit(
              from, sm.getExpansionLoc(call->getBeginLoc())) &&
          is_listed(call->getDirectCallee(), waits, "gogo::waits"))
        ends.push_back(sm.getExpansionLoc(call->getEndLoc()));
      return true;
    }
    const std::vector<std::string>& waits;
    SourceLocation from;
    const SourceManager& sm;
    std::vector<SourceLocation> ends;
  };
  const Stmt* body =
      s_.enclosing_function ? s_.enclosing_function->getBody() : nullptr;
  if (!body) return;
  finder f(ctx_.spawners().waits, end_of(s_.statement), sm_);
  f.TraverseStmt(const_cast<Stmt*>(body));
  for (SourceLocation at : f.ends) end_at(at);
}

// `pool.submit(f)` on a pool that is a local object of the function: the
// pool's destructor, at the end of its scope, waits for its tasks (thread
// pools join their workers when destroyed: BS::thread_pool, progschj's
// ThreadPool, folly's executors, asio::thread_pool). A pool declared after
// a variable is destroyed before it, which ends_between's callers check.
void work_end_finder::local_pool_destroyed() {
  const auto* call = dyn_cast<CXXMemberCallExpr>(s_.expr);
  if (!call || !call->getImplicitObjectArgument()) return;
  const auto* ref = dyn_cast<DeclRefExpr>(
      call->getImplicitObjectArgument()->IgnoreParenImpCasts());
  const auto* pool = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
  if (!pool || !is_local(pool) || isa<ParmVarDecl>(pool) ||
      pool->getType()->isReferenceType() || pool->getType()->isPointerType())
    return;
  if (const Stmt* scope = variable_scope(pool, parents_))
    end_at(end_of(scope), pool);
}

}  // namespace

work_end find_work_end(const spawn& s, check_context& ctx) {
  return work_end_finder(s, ctx).run();
}

}  // namespace gogo_tool
