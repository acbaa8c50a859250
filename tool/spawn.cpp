// Finding the places that start concurrent work (see spawn.h).
#include "spawn.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringSwitch.h"

#include <optional>

using namespace clang;

namespace gogo_tool {

namespace {

const CXXRecordDecl* std_record(QualType type) {
  const auto* record = type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!record || !record->isInStdNamespace() ||
      !record->getDeclName().isIdentifier())
    return nullptr;
  return record;
}

// std::thread or std::jthread themselves (not derived types): which kind.
std::optional<spawn_kind> thread_kind(QualType type) {
  const CXXRecordDecl* record = std_record(type);
  if (!record) return std::nullopt;
  if (record->getName() == "thread") return spawn_kind::thread;
  if (record->getName() == "jthread") return spawn_kind::jthread;
  return std::nullopt;
}

// A container whose elements are threads: vector<std::thread>,
// map<K, std::jthread>... (any template argument that is a thread type).
std::optional<spawn_kind> container_of_threads(QualType type) {
  const auto* spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      type.getNonReferenceType()->getAsCXXRecordDecl());
  if (!spec) return std::nullopt;
  for (const TemplateArgument& arg : spec->getTemplateArgs().asArray())
    if (arg.getKind() == TemplateArgument::Type)
      if (auto kind = thread_kind(arg.getAsType())) return kind;
  return std::nullopt;
}

// `threads.emplace_back(std::thread(...))`, `m.emplace(k, std::move(t))`:
// the element is moved from a thread made elsewhere, whose construction
// is the spawn (or which was already started).
template <class Args> bool moves_a_thread(Args args) {
  for (const Expr* arg : args)
    if (!arg->isTypeDependent() && is_thread_type(arg->getType())) return true;
  return false;
}

// Container members that construct an element from their arguments.
bool constructs_element(StringRef method) {
  return llvm::StringSwitch<bool>(method)
      .Cases("emplace_back", "emplace_front", "emplace", "emplace_hint", true)
      .Case("try_emplace", true)
      .Default(false);
}

bool is_std_async(const FunctionDecl* fn) {
  return fn && fn->isInStdNamespace() && fn->getDeclName().isIdentifier() &&
         fn->getName() == "async";
}

bool is_launch_policy(const Expr* arg) {
  QualType type = arg->IgnoreImplicit()->getType();
  const auto* enum_type = type->getAs<EnumType>();
  return enum_type && enum_type->getDecl()->isInStdNamespace() &&
         enum_type->getDecl()->getDeclName().isIdentifier() &&
         enum_type->getDecl()->getName() == "launch";
}

// The function's qualified name, outermost first, without inline and
// anonymous namespaces (std::__1, tbb's versioned namespaces stay visible:
// name_matches() skips them).
std::vector<StringRef> qualified_name(const FunctionDecl* fn) {
  std::vector<StringRef> parts;
  // A constructor is named after its class: `ns::worker::worker`.
  if (const auto* ctor = dyn_cast<CXXConstructorDecl>(fn)) {
    if (!ctor->getParent()->getDeclName().isIdentifier()) return parts;
    parts.push_back(ctor->getParent()->getName());
  } else if (fn->getDeclName().isIdentifier()) {
    parts.push_back(fn->getName());
  } else {
    return parts;
  }
  for (const DeclContext* dc = fn->getDeclContext(); dc; dc = dc->getParent()) {
    if (const auto* ns = dyn_cast<NamespaceDecl>(dc)) {
      if (ns->isInline() || ns->isAnonymousNamespace()) continue;
      parts.push_back(ns->getName());
    } else if (const auto* record = dyn_cast<RecordDecl>(dc)) {
      if (!record->getDeclName().isIdentifier()) return {};
      parts.push_back(record->getName());
    }
  }
  std::reverse(parts.begin(), parts.end());
  return parts;
}

bool annotated(const FunctionDecl* fn, StringRef annotation) {
  for (const FunctionDecl* redecl : fn->redecls())
    for (const auto* attr : redecl->specific_attrs<AnnotateAttr>())
      if (attr->getAnnotation() == annotation) return true;
  return false;
}

bool listed_here(const FunctionDecl* fn, ArrayRef<std::string> names,
                 StringRef annotation) {
  if (annotated(fn, annotation)) return true;
  std::vector<StringRef> name = qualified_name(fn);
  if (name.empty()) return false;
  for (const std::string& pattern : names)
    if (name_matches(pattern, name)) return true;
  return false;
}

// The statement holding `node`: the topmost expression above it (or its
// declaration statement) before a statement that is not an expression.
const Stmt* holding_statement(const Stmt* node, const code_site& site) {
  const Stmt* holder = node;
  for (const Stmt* parent : llvm::reverse(site.ancestors)) {
    if (isa<DeclStmt>(parent)) return parent;
    if (!isa<Expr>(parent)) break;
    if (isa<LambdaExpr>(parent)) break;
    holder = parent;
  }
  return holder;
}

class spawn_collector : public site_walker<spawn_collector> {
 public:
  spawn_collector(ASTContext& ctx, const spawner_names& names)
      : ctx_(ctx), names_(names) {}

  std::vector<spawn> take() { return std::move(found_); }

  // std::thread t(f, a);  std::thread(f, a);  v.push_back(std::thread(f));
  bool VisitCXXConstructExpr(CXXConstructExpr* e) {
    if (e->getNumArgs() == 0 || is_copy_or_move(e)) return true;
    auto kind = thread_kind(e->getType());
    if (!kind) {
      // A thread class of the user's: `worker w(f, x);`, listed as
      // `ns::worker::worker` or its constructor annotated.
      const CXXConstructorDecl* ctor = e->getConstructor();
      if (ctor && is_listed(ctor, names_.spawns, "gogo::spawns"))
        user(ctor, e, e->getBeginLoc(), e->arguments());
      return true;
    }
    spawn& s = add(*kind, e, e->getBeginLoc());
    for (const Expr* arg : e->arguments())
      if (!isa<CXXDefaultArgExpr>(arg)) s.handed.push_back(arg);
    s.handed_is_call = true;
    return true;
  }

  // Templates: `std::thread(f, a)` with dependent arguments.
  bool VisitCXXUnresolvedConstructExpr(CXXUnresolvedConstructExpr* e) {
    if (e->getNumArgs() == 0) return true;
    auto kind = thread_kind(e->getTypeAsWritten());
    if (!kind) {
      if (const CXXConstructorDecl* ctor =
              listed_constructor(e->getTypeAsWritten(), e->getNumArgs()))
        user(ctor, e, e->getBeginLoc(), e->arguments());
      return true;
    }
    spawn& s = add(*kind, e, e->getBeginLoc());
    for (const Expr* arg : e->arguments()) s.handed.push_back(arg);
    s.handed_is_call = true;
    return true;
  }

  // Templates: `std::thread t(f, a);` with dependent arguments.
  bool VisitVarDecl(VarDecl* var) {
    auto* list = dyn_cast_or_null<ParenListExpr>(var->getInit());
    auto kind = thread_kind(var->getType());
    if (!list || !kind || list->getNumExprs() == 0) return true;
    spawn& s = add(*kind, list, var->getLocation());
    for (const Expr* arg : list->exprs()) s.handed.push_back(arg);
    s.handed_is_call = true;
    return true;
  }

  bool VisitCallExpr(CallExpr* call) {
    if (isa<CXXOperatorCallExpr, UserDefinedLiteral>(call)) return true;
    if (const auto* member = dyn_cast<CXXMemberCallExpr>(call))
      return member_call(member);
    if (dependent_emplace(call)) return true;
    const FunctionDecl* fn = call->getDirectCallee();
    if (!fn) fn = dependent_std_async(call);
    if (is_std_async(fn)) {
      spawn& s = add(spawn_kind::async, call, call->getBeginLoc());
      for (unsigned i = 0; i < call->getNumArgs(); ++i) {
        const Expr* arg = call->getArg(i);
        if (i == 0 && is_launch_policy(arg)) continue;
        s.handed.push_back(arg);
      }
      s.handed_is_call = true;
      return true;
    }
    if (fn && is_listed(fn, names_.spawns, "gogo::spawns"))
      user(fn, call, call->getBeginLoc(), call->arguments());
    return true;
  }

 private:
  static bool is_copy_or_move(const CXXConstructExpr* e) {
    const CXXConstructorDecl* ctor = e->getConstructor();
    return ctor && (ctor->isCopyOrMoveConstructor() || ctor->isDefaultConstructor());
  }

  // In a template, `worker(f, x)` with dependent arguments: a listed
  // constructor of the class that can take `args` arguments.
  const CXXConstructorDecl* listed_constructor(QualType type, unsigned args) {
    const auto* record = type->getAsCXXRecordDecl();
    if (!record || !record->hasDefinition()) return nullptr;
    for (const Decl* d : record->decls()) {
      const auto* ctor = dyn_cast_or_null<CXXConstructorDecl>(d->getAsFunction());
      if (!ctor || ctor->isCopyOrMoveConstructor() ||
          ctor->getMinRequiredArguments() > args ||
          (!ctor->isVariadic() && ctor->getNumParams() < args &&
           !ctor->getDescribedFunctionTemplate()))
        continue;
      if (is_listed(ctor, names_.spawns, "gogo::spawns")) return ctor;
    }
    return nullptr;
  }

  // `std::async(f, x)` in a template, with dependent arguments.
  static const FunctionDecl* dependent_std_async(const CallExpr* call) {
    const auto* lookup = dyn_cast<UnresolvedLookupExpr>(call->getCallee());
    if (!lookup || !lookup->getName().isIdentifier() ||
        lookup->getName().getAsIdentifierInfo()->getName() != "async")
      return nullptr;
    for (const NamedDecl* d : lookup->decls())
      if (const FunctionDecl* fn = d->getAsFunction(); is_std_async(fn))
        return fn;
    return nullptr;
  }

  // In a template, `threads.emplace_back([&] {...})` whose arguments are
  // dependent (a lambda there is): the container's type is known.
  bool dependent_emplace(const CallExpr* call) {
    const Expr* callee = call->getCallee()->IgnoreParens();
    DeclarationName name;
    QualType base;
    const Expr* object = nullptr;
    SourceLocation loc;
    bool arrow = false;
    if (const auto* m = dyn_cast<UnresolvedMemberExpr>(callee)) {
      name = m->getMemberName();
      base = m->getBaseType();
      object = m->isImplicitAccess() ? nullptr : m->getBase();
      loc = m->getMemberLoc();
      arrow = m->isArrow();
    } else if (const auto* m = dyn_cast<CXXDependentScopeMemberExpr>(callee)) {
      name = m->getMember();
      base = m->getBaseType();
      object = m->isImplicitAccess() ? nullptr : m->getBase();
      loc = m->getMemberLoc();
      arrow = m->isArrow();
    } else {
      return false;
    }
    if (!name.isIdentifier() || base.isNull() || base->isDependentType())
      return false;
    StringRef method = name.getAsIdentifierInfo()->getName();
    if (arrow) base = base->getPointeeType();
    if (!constructs_element(method) || base.isNull()) return false;
    auto kind = container_of_threads(base);
    if (!kind || moves_a_thread(call->arguments())) return false;
    spawn& s = add(*kind, call, loc);
    s.container = object;
    for (const Expr* arg : call->arguments()) s.handed.push_back(arg);
    s.handed_is_call = method == "emplace_back" || method == "emplace_front";
    return true;
  }

  bool member_call(const CXXMemberCallExpr* call) {
    const CXXMethodDecl* method = call->getMethodDecl();
    const auto* callee = dyn_cast<MemberExpr>(call->getCallee()->IgnoreParens());
    if (!method || !callee) return true;
    const Expr* object = call->getImplicitObjectArgument();
    if (method->getDeclName().isIdentifier() &&
        constructs_element(method->getName()) && object) {
      auto kind = container_of_threads(object->getType());
      if (kind && moves_a_thread(call->arguments())) return true;
      if (kind) {
        spawn& s = add(*kind, call, callee->getMemberLoc());
        s.container = object;
        for (const Expr* arg : call->arguments())
          if (!isa<CXXDefaultArgExpr>(arg)) s.handed.push_back(arg);
        s.handed_is_call = method->getName() == "emplace_back" ||
                           method->getName() == "emplace_front";
        return true;
      }
    }
    if (is_listed(method, names_.spawns, "gogo::spawns"))
      user(method, call, callee->getMemberLoc(), call->arguments());
    return true;
  }

  template <class Args>
  void user(const FunctionDecl* fn, const Expr* call, SourceLocation loc,
            Args args) {
    spawn& s = add(spawn_kind::user, call, loc);
    s.spawner = fn;
    s.subject = "task given to '" + fn->getNameAsString() + "'";
    for (const Expr* arg : args)
      if (!isa<CXXDefaultArgExpr>(arg)) s.handed.push_back(arg);
  }

  spawn& add(spawn_kind kind, const Expr* e, SourceLocation loc) {
    spawn s;
    static_cast<code_site&>(s) = here(e);
    s.kind = kind;
    s.expr = e;
    s.statement = holding_statement(e, s);
    s.loc = ctx_.getSourceManager().getExpansionLoc(loc);
    s.subject = kind == spawn_kind::async ? "std::async task" : "thread";
    found_.push_back(std::move(s));
    return found_.back();
  }

  ASTContext& ctx_;
  const spawner_names& names_;
  std::vector<spawn> found_;
};

}  // namespace

std::string spawn_noun(const spawn& s) {
  switch (s.kind) {
    case spawn_kind::go:
      return "goroutine";
    case spawn_kind::thread:
    case spawn_kind::jthread:
      return "thread";
    case spawn_kind::async:
    case spawn_kind::user:
      break;
  }
  return "task";
}

spawn spawn_of(const go_stmt& g, const SourceManager& sm) {
  spawn s;
  static_cast<code_site&>(s) = g;
  s.kind = spawn_kind::go;
  s.go = &g;
  s.expr = g.stmt;
  s.statement = g.stmt;
  s.handed.push_back(g.expr);
  s.loc = g.location(sm);
  s.subject = "goroutine";
  return s;
}

std::vector<spawn> find_spawns(ASTContext& ctx, const spawner_names& names) {
  spawn_collector collector(ctx, names);
  walk_main_file(ctx, collector);
  return collector.take();
}

bool is_listed(const FunctionDecl* fn, ArrayRef<std::string> names,
               StringRef annotation) {
  if (!fn) return false;
  if (listed_here(fn, names, annotation)) return true;
  if (const FunctionDecl* pattern = fn->getTemplateInstantiationPattern())
    if (pattern != fn && listed_here(pattern, names, annotation)) return true;
  if (const auto* method = dyn_cast<CXXMethodDecl>(fn))
    for (const CXXMethodDecl* base : method->overridden_methods())
      if (is_listed(base, names, annotation)) return true;
  return false;
}

bool is_thread_type(QualType type) {
  if (thread_kind(type)) return true;
  const auto* record = type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!record || !record->hasDefinition()) return false;
  bool derived = false;
  record->forallBases([&](const CXXRecordDecl* base) {
    derived = derived || thread_kind(QualType(base->getTypeForDecl(), 0));
    return true;
  });
  return derived;
}

bool is_future_type(QualType type) {
  const CXXRecordDecl* record = std_record(type);
  return record && (record->getName() == "future" ||
                    record->getName() == "shared_future");
}

}  // namespace gogo_tool
