// gogo-loop-capture: a goroutine, thread or task started inside a loop sees,
// by reference, a variable that the next iteration replaces or changes: a
// loop variable, a variable of the loop body, or one the loop writes
// (docs/diagnostics/gogo-loop-capture.md). An error when rewriting, a
// warning with --lint.
//
// How the new thread of execution can see a variable is
// shared_references.h's business, which variables a loop hands from one
// iteration to the next is loop_variables.h's, whether a thread's work ends
// inside the iteration is work_end.h's; this file words the diagnostic and
// builds the fix-its.
#include "../check.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "loop_variables.h"
#include "shared_references.h"
#include "waiting.h"
#include "work_end.h"

#include <optional>

namespace gogo_tool {
namespace {

using namespace clang;

std::string quoted(const VarDecl* var) {
  return "'" + var->getNameAsString() + "'";
}

std::string message(const spawn& s, const shared_reference& ref,
                    const loop_finding& finding) {
  std::string name = quoted(ref.var);
  std::string subject = s.subject + " ";
  switch (finding.role) {
    case loop_role::loop_variable:
      return subject + describe_sharing(ref, "loop variable " + name) +
             (finding.per_iteration ? "; it dies at the end of each iteration"
                                    : "; every iteration shares it");
    case loop_role::body_local:
      return subject + describe_sharing(ref, name) + ", but " + name +
             " is declared in the loop body and dies at the end of each "
             "iteration";
    case loop_role::written:
      return subject + describe_sharing(ref, name) +
             ", but the loop modifies " + name;
    case loop_role::none:
      break;
  }
  return {};
}

// The first non-blank character before `loc`, if it is `wanted`.
SourceLocation previous_char(const SourceManager& sm, SourceLocation loc,
                             char wanted) {
  if (!loc.isFileID()) return {};
  bool invalid = false;
  StringRef buffer = sm.getBufferData(sm.getFileID(loc), &invalid);
  if (invalid) return {};
  unsigned offset = sm.getFileOffset(loc);
  while (offset > 0) {
    char c = buffer[--offset];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (c != wanted) return {};
    return sm.getComposedLoc(sm.getFileID(loc), offset);
  }
  return {};
}

// `[&i]` -> `[i]`; `[=, &i]` -> `[=]` (C++17 forbids `[=, i]`).
std::optional<FixItHint> explicit_capture_fix(const shared_reference& ref,
                                              const SourceManager& sm,
                                              const LangOptions& lang) {
  SourceLocation name = ref.capture->getLocation();
  SourceLocation amp = previous_char(sm, name, '&');
  if (amp.isInvalid()) return std::nullopt;
  if (ref.lambda->getCaptureDefault() != LCD_ByCopy)
    return FixItHint::CreateRemoval(CharSourceRange::getCharRange(amp, name));
  SourceLocation comma = previous_char(sm, amp, ',');
  SourceLocation end = Lexer::getLocForEndOfToken(name, 0, sm, lang);
  if (comma.isInvalid() || end.isInvalid()) return std::nullopt;
  return FixItHint::CreateRemoval(CharSourceRange::getCharRange(comma, end));
}

// A copy is a faithful fix only when it compiles (copyable type) and means
// the same to the goroutine (it never writes the variable or takes its
// address).
bool fixable(const shared_reference& ref, ASTContext& ast) {
  return ref.kind == share_kind::capture && !ref.via && ref.capture &&
         ref.lambda &&
         ref.lambda->getIntroducerRange().getBegin().isFileID() &&
         ref.lambda->getIntroducerRange().getEnd().isFileID() &&
         is_copyable(ref.var->getType()) &&
         lambda_only_reads(ref.lambda, ref.var);
}

std::string how_to_fix(const spawn& s, const shared_reference& ref,
                       bool can_fix) {
  std::string name = quoted(ref.var);
  std::string plain = ref.var->getNameAsString();
  std::string each = "each " + spawn_noun(s);
  switch (ref.kind) {
    case share_kind::capture:
      return can_fix ? "capture " + name + " by value to give " + each +
                           " its own copy"
                     : "give " + each + " its own copy of " + name +
                           ": capture it by value or pass it as an argument";
    case share_kind::member_call:
      return "give the goroutine its own object, e.g. 'go [" + plain +
             "]() mutable { " + plain + "." + ref.method + "(...); };'";
    case share_kind::std_ref:
      if (can_fix) return "pass " + name + " itself: " + each + " gets a copy";
      break;
    case share_kind::address:
    case share_kind::pointer_into:
    case share_kind::view:
      break;
  }
  return "pass a copy of " + name +
         " instead, or an object that outlives the loop";
}

// The body of a loop statement.
const Stmt* loop_body(const Stmt* loop) {
  if (const auto* s = dyn_cast<ForStmt>(loop)) return s->getBody();
  if (const auto* s = dyn_cast<CXXForRangeStmt>(loop)) return s->getBody();
  if (const auto* s = dyn_cast<WhileStmt>(loop)) return s->getBody();
  if (const auto* s = dyn_cast<DoStmt>(loop)) return s->getBody();
  return nullptr;
}

// The function a thread or std::async calls: a function name, `&f`,
// `&C::method` (then the first argument is the object: `skip` is 1), a
// lambda or a named closure.
const FunctionDecl* called_function(const Expr* callable, unsigned& skip) {
  skip = 0;
  const Expr* e = callable->IgnoreImplicit()->IgnoreParens();
  if (const auto* temp = dyn_cast<MaterializeTemporaryExpr>(e))
    e = temp->getSubExpr()->IgnoreImplicit()->IgnoreParens();
  if (const auto* lambda = dyn_cast<LambdaExpr>(e))
    return lambda->getCallOperator();
  if (const auto* addr = dyn_cast<UnaryOperator>(e);
      addr && addr->getOpcode() == UO_AddrOf)
    e = addr->getSubExpr()->IgnoreParens();
  const auto* ref = dyn_cast<DeclRefExpr>(e);
  if (!ref) return nullptr;
  if (const auto* method = dyn_cast<CXXMethodDecl>(ref->getDecl())) {
    if (!method->isStatic()) skip = 1;
    return method;
  }
  if (const auto* fn = dyn_cast<FunctionDecl>(ref->getDecl())) return fn;
  if (const LambdaExpr* lambda = closure_lambda(dyn_cast<VarDecl>(ref->getDecl())))
    return lambda->getCallOperator();
  return nullptr;
}

// The type of the parameter that `arg` (an argument of the spawn, as
// written) is passed to, when known.
QualType parameter_type(const spawn& s, const Expr* arg,
                        const SourceManager& sm) {
  auto same = [&](const Expr* a) {
    return sm.getExpansionLoc(a->getBeginLoc()) ==
               sm.getExpansionLoc(arg->getBeginLoc()) &&
           sm.getExpansionLoc(a->getEndLoc()) ==
               sm.getExpansionLoc(arg->getEndLoc());
  };
  const FunctionDecl* fn = nullptr;
  llvm::ArrayRef<const Expr*> args;
  unsigned skip = 0;
  if (s.go && s.go->kind != go_kind::callable) {
    fn = s.go->callee_decl;
    args = s.go->args;
  } else if (s.handed_is_call && s.handed.size() > 1) {
    fn = called_function(s.handed.front(), skip);
    args = llvm::ArrayRef<const Expr*>(s.handed).drop_front();
  }
  if (!fn || fn->isVariadic() || args.size() != fn->getNumParams() + skip)
    return {};
  for (unsigned k = skip; k < args.size(); ++k)
    if (same(args[k])) return fn->getParamDecl(k - skip)->getType();
  return {};
}

// `std::ref(i)` -> `i` where the callee takes a copy or a const reference
// and the type can be copied: each thread then binds to its own copy.
std::optional<FixItHint> std_ref_fix(const spawn& s, const shared_reference& ref,
                                      const SourceManager& sm,
                                      const LangOptions& lang) {
  const CallExpr* call = ref.std_ref_call;
  if (ref.kind != share_kind::std_ref || ref.via || !call ||
      call->getNumArgs() != 1 || !is_copyable(ref.var->getType()))
    return std::nullopt;
  QualType param = parameter_type(s, call, sm);
  if (param.isNull() || param->isDependentType() ||
      param->isRValueReferenceType() ||
      (param->isLValueReferenceType() &&
       !param->getPointeeType().isConstQualified()))
    return std::nullopt;
  CharSourceRange whole = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(call->getSourceRange()), sm, lang);
  CharSourceRange inner = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(call->getArg(0)->getSourceRange()), sm,
      lang);
  if (whole.isInvalid() || inner.isInvalid()) return std::nullopt;
  return FixItHint::CreateReplacement(whole,
                                      Lexer::getSourceText(inner, sm, lang));
}

// `for (...) { go [&]{ use(x); }; wg.wait(); }`: the iteration waits for
// its goroutines before the variable dies or changes (the body ends, then
// the increment, the condition or the next iteration writes it). A certain
// wait after the go statement, inside the body of the loop that makes the
// variable per-iteration, with no write of the variable in between, makes
// the capture safe; the wait may sit further out than the go statement
// (after an inner loop).
bool waited_in_iteration(const VarDecl* var, const Stmt* loop,
                         const spawn& s, ASTContext& ast,
                         wait_options options) {
  const Stmt* body = loop_body(loop);
  if (!body) return false;
  const SourceManager& sm = ast.getSourceManager();
  SourceLocation end = sm.getExpansionLoc(s.statement->getEndLoc());
  options.certain_only = true;
  SourceLocation wait = first_wait_after(body, end, ast, options);
  if (wait.isInvalid()) return false;
  return find_write_between(body, var, end, wait, sm).isInvalid();
}

// A thread, std::async or user task: does its work end inside the
// iteration, after the spawn, before `var` dies or is written (work_end.h)?
// Unsure (a handle we cannot follow): yes.
bool ends_in_iteration(const VarDecl* var, const Stmt* loop, const spawn& s,
                       const work_end& w, check_context& ctx) {
  if (w.untracked) return true;
  const Stmt* body = loop_body(loop);
  if (!body) return false;
  const SourceManager& sm = ctx.sources();
  const local_parents& parents = ctx.parents(s);
  SourceLocation from = sm.getExpansionLoc(s.statement->getEndLoc());
  const Stmt* var_scope = variable_scope(var, parents);
  SourceLocation to = sm.getExpansionLoc(body->getEndLoc());
  if (var_scope) {
    SourceLocation dies = sm.getExpansionLoc(var_scope->getEndLoc());
    if (sm.isBeforeInTranslationUnit(dies, to)) to = dies;
  }
  if (released_between(w, from, to, sm)) return false;
  return ends_between(w, from, to, sm, [&](const work_end_point& e) {
    // A handle destroyed at the end of the scope `var` lives in is
    // destroyed first only when it was declared after `var`.
    if (e.destroyed && var_scope &&
        variable_scope(e.destroyed, parents) == var_scope &&
        sm.isBeforeInTranslationUnit(e.destroyed->getLocation(),
                                     var->getLocation()))
      return false;
    return find_write_between(body, var, from, e.at, sm).isInvalid();
  });
}

class loop_capture_check : public check {
 public:
  llvm::StringRef name() const override { return "gogo-loop-capture"; }
  llvm::StringRef summary() const override {
    return "work started in a loop uses a per-iteration variable by reference, "
           "which dies or changes while it runs";
  }
  severity rewrite_severity() const override { return severity::error; }

  void run_spawn(const spawn& s, check_context& ctx) override {
    if (s.enclosing_loops.empty() && !s.enclosing_lambda) return;
    ASTContext& ast = ctx.ast();
    const SourceManager& sm = ctx.sources();

    struct hit {
      shared_reference ref;
      loop_finding finding;
    };
    std::vector<hit> hits;
    std::optional<work_end> work;
    for (shared_reference& ref : find_shared_references(s, ast)) {
      loop_finding finding =
          classify_for_site(ref.var, s, ast, ctx.parents(s));
      if (finding.role == loop_role::none) continue;
      if (s.kind == spawn_kind::go) {
        if (waited_in_iteration(ref.var, finding.loop, s, ast, {})) continue;
      } else {
        if (!work) work = find_work_end(s, ctx);
        // A wait on one branch only (`if (wait) t.join(); else
        // t.detach();`) proves nothing.
        wait_options completion;
        completion.completion_only = true;
        completion.unconditional = true;
        if (ends_in_iteration(ref.var, finding.loop, s, *work, ctx) ||
            waited_in_iteration(ref.var, finding.loop, s, ast, completion))
          continue;
      }
      // Silenced reports are left out here, not only dropped by report():
      // the names of one `[&]` share a single fix-it (below).
      if (ctx.silenced(*this, ref.loc)) continue;
      hits.push_back({std::move(ref), finding});
    }

    // Implicit captures under one [&] get one insertion, carried by the
    // first diagnostic: `[&]` -> `[&, i, j]` (two insertions at the same
    // offset would conflict when the fixes are applied).
    llvm::DenseMap<const LambdaExpr*, std::string> implicit_names;
    for (const hit& h : hits)
      if (fixable(h.ref, ast) && !h.ref.capture->isExplicit())
        implicit_names[h.ref.lambda] += ", " + h.ref.var->getNameAsString();

    for (const hit& h : hits) {
      const shared_reference& ref = h.ref;
      bool can_fix = fixable(ref, ast);
      std::optional<FixItHint> ref_fix = std_ref_fix(s, ref, sm, ctx.lang());
      {
        DiagnosticBuilder diag =
            ctx.report(*this, ref.loc, message(s, ref, h.finding));
        if (can_fix && ref.capture->isExplicit()) {
          if (auto fix = explicit_capture_fix(ref, sm, ctx.lang()))
            diag << *fix;
        } else if (can_fix) {
          auto names = implicit_names.find(ref.lambda);
          if (names != implicit_names.end() && !names->second.empty()) {
            diag << FixItHint::CreateInsertion(
                ref.lambda->getIntroducerRange().getEnd(), names->second);
            names->second.clear();
          }
        } else if (ref_fix) {
          diag << *ref_fix;
        }
      }
      ctx.note(s.loc, s.kind == spawn_kind::user
                          ? "'" + s.spawner->getNameAsString() +
                                "' starts the task here, inside the loop"
                          : s.subject + " started here, inside the loop");
      if (work && work->released.isValid())
        ctx.note(work->released, "the " + spawn_noun(s) +
                                     " outlives the iteration: " +
                                     work->released_how);
      if (h.finding.role == loop_role::body_local)
        ctx.note(ref.var->getLocation(), quoted(ref.var) + " is declared here");
      else if (h.finding.role == loop_role::written)
        ctx.note(h.finding.write, quoted(ref.var) + " is modified here");
      ctx.note(ref.loc, how_to_fix(s, ref, can_fix || ref_fix.has_value()));
    }
  }
};

}  // namespace
}  // namespace gogo_tool

GOGO_REGISTER_CHECK(gogo_tool::loop_capture_check);
