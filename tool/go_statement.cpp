// Finding and parsing go statements (see go_statement.h).
#include "go_statement.h"

#include "clang_compat.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Preprocessor.h"

#include <memory>

using namespace clang;

namespace gogo_tool {

// ---------------------------------------------------------------------------
// The macro: only `go` macros defined in .../gogo/go_keyword.hpp count.

static bool is_gogo_keyword_header(StringRef path) {
  return compat::ends_with(path, "gogo/go_keyword.hpp") ||
         compat::ends_with(path, "gogo\\go_keyword.hpp");
}

void go_macro_expansions::install(Preprocessor& pp) {
  pp_ = &pp;
  go_ = pp.getIdentifierInfo("go");
}

bool go_macro_expansions::empty() const {
  return !go_ || !go_->hadMacroDefinition();
}

bool go_macro_expansions::is_gogo_go(SourceLocation go_token) const {
  if (empty() || go_token.isInvalid()) return false;
  const SourceManager& sm = pp_->getSourceManager();
  SourceLocation at = sm.getExpansionLoc(go_token);
  MacroDefinition def = pp_->getMacroDefinitionAtLoc(go_, at);
  const MacroInfo* info = def.getMacroInfo();
  if (!info) return false;
  SourceLocation where = sm.getSpellingLoc(info->getDefinitionLoc());
  return is_gogo_keyword_header(sm.getFilename(where));
}

std::vector<SourceLocation> go_macro_expansions::outside_main_file() const {
  std::vector<SourceLocation> found;
  if (empty()) return found;
  const SourceManager& sm = pp_->getSourceManager();
  // The bodies of gogo's `go` definitions: an expansion of the macro is
  // spelled there.
  llvm::SmallVector<std::pair<unsigned, unsigned>, 1> bodies;
  for (const MacroDirective* md = pp_->getLocalMacroDirectiveHistory(go_); md;
       md = md->getPrevious()) {
    const auto* def = dyn_cast<DefMacroDirective>(md);
    if (!def || !def->getInfo()) continue;
    SourceLocation begin = def->getInfo()->getDefinitionLoc();
    SourceLocation end = def->getInfo()->getDefinitionEndLoc();
    if (!begin.isFileID() || !end.isFileID() ||
        !is_gogo_keyword_header(sm.getFilename(begin)))
      continue;
    bodies.push_back({begin.getRawEncoding(), end.getRawEncoding()});
  }
  if (bodies.empty()) return found;
  llvm::DenseSet<unsigned> seen;
  for (unsigned i = 0, n = sm.local_sloc_entry_size(); i < n; ++i) {
    const SrcMgr::SLocEntry& entry = sm.getLocalSLocEntry(i);
    if (!entry.isExpansion()) continue;
    const SrcMgr::ExpansionInfo& expansion = entry.getExpansion();
    if (expansion.isMacroArgExpansion()) continue;
    SourceLocation spelling = expansion.getSpellingLoc();
    if (!spelling.isFileID()) continue;
    unsigned offset = spelling.getRawEncoding();  // file locations: the offset
    if (llvm::none_of(bodies, [&](const std::pair<unsigned, unsigned>& body) {
          return body.first <= offset && offset <= body.second;
        }))
      continue;
    SourceLocation at = sm.getExpansionLoc(expansion.getExpansionLocStart());
    if (at.isInvalid() || sm.isInMainFile(at) || sm.isInSystemHeader(at))
      continue;
    if (seen.insert(at.getRawEncoding()).second) found.push_back(at);
  }
  return found;
}

bool in_gogo_go_expansion(const SourceManager& sm,
                          const go_macro_expansions& go, SourceLocation loc) {
  clang::LangOptions lang;
  while (loc.isMacroID()) {
    SourceLocation tok = sm.getImmediateExpansionRange(loc).getBegin();
    if (Lexer::getImmediateMacroName(loc, sm, lang) == "go" &&
        go.is_gogo_go(tok))
      return true;
    loc = tok;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Parsing EXPR.

namespace {

const Expr* strip(const Expr* e) {
  for (;;) {
    const Expr* next = e->IgnoreImplicit()->IgnoreParens();
    if (next == e) return e;
    e = next;
  }
}

bool names_function(const Expr* callee) {
  const Expr* e = callee->IgnoreImplicit();
  if (const auto* ref = dyn_cast<DeclRefExpr>(e))
    return isa<FunctionDecl>(ref->getDecl());
  // `T::f` in a template: named inside the wrapper lambda it resolves at
  // instantiation, whether f is a (possibly overloaded) static member
  // function or a static callable object.
  return isa<UnresolvedLookupExpr, DependentScopeDeclRefExpr>(e);
}

bool has_call_operator(const CXXRecordDecl* rd) {
  if (!rd || !rd->hasDefinition()) return false;
  rd = rd->getDefinition();
  if (rd->isLambda()) return true;
  auto call = rd->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call);
  if (!rd->lookup(call).empty()) return true;
  if (!rd->getVisibleConversionFunctions().empty()) return true;  // surrogate
  for (const CXXBaseSpecifier& base : rd->bases()) {
    if (base.getType()->isDependentType()) return true;
    if (has_call_operator(base.getType()->getAsCXXRecordDecl())) return true;
  }
  return false;
}

// Can a value of this type be invoked with no arguments' syntax at all?
bool is_callable_type(QualType t) {
  t = t.getNonReferenceType();
  if (t->isDependentType()) return true;
  if (t->isFunctionType() || t->isFunctionPointerType()) return true;
  return has_call_operator(t->getAsCXXRecordDecl());
}

class go_parser {
 public:
  go_parser(ASTContext& ctx, go_stmt& g)
      : ctx_(ctx), sm_(ctx.getSourceManager()), g_(g) {}

  void parse() {
    const Expr* e = strip(g_.expr);
    if (const auto* op = dyn_cast<CXXOperatorCallExpr>(e)) {
      if (op->getOperator() == OO_Call) return parse_functor_call(op);
    } else if (const auto* mc = dyn_cast<CXXMemberCallExpr>(e)) {
      return parse_call(mc, mc->getCallee());
    } else if (const auto* ce = dyn_cast<CallExpr>(e)) {
      if (!isa<CXXOperatorCallExpr>(ce) && !isa<UserDefinedLiteral>(ce) &&
          !isa<CUDAKernelCallExpr>(ce))
        return parse_call(ce, ce->getCallee());
    }
    parse_callable(e);
  }

 private:
  void fail(std::string why) {
    if (g_.unrewritable_reason.empty()) g_.unrewritable_reason = std::move(why);
  }

  bool file_loc(SourceLocation loc, const char* what) {
    if (loc.isValid() && loc.isFileID()) return true;
    fail(std::string("its ") + what + " comes from a macro expansion");
    return false;
  }

  SourceLocation next_token(SourceLocation after, tok::TokenKind kind) {
    if (!after.isFileID()) return {};
    std::optional<Token> t =
        compat::find_next_token(after, sm_, ctx_.getLangOpts());
    if (!t || !t->is(kind)) return {};
    return t->getLocation();
  }

  void parse_callable(const Expr* e) {
    g_.kind = go_kind::callable;
    g_.callee = g_.expr;
    g_.callee_is_name = names_function(e);
    g_.lambda = dyn_cast<LambdaExpr>(e);
    if (!g_.expr->isTypeDependent() && !g_.callee_is_name &&
        !is_callable_type(g_.expr->getType())) {
      std::string type = g_.expr->getType().getAsString(
          ctx_.getPrintingPolicy());
      fail("its expression, of type '" + type +
           "', is neither a call nor a callable: write 'go f(args);' or "
           "'go callable;'");
      return;
    }
    file_loc(g_.expr->getEndLoc(), "end");
  }

  void parse_functor_call(const CXXOperatorCallExpr* op) {
    g_.kind = go_kind::call;
    g_.call = op;
    g_.callee = op->getArg(0);
    g_.callee_decl = op->getDirectCallee();
    g_.lambda = dyn_cast<LambdaExpr>(strip(g_.callee));
    for (unsigned i = 1; i < op->getNumArgs(); ++i) add_arg(op->getArg(i));
    g_.rparen_loc = op->getRParenLoc();
    finish_call(g_.callee->getEndLoc());
  }

  void parse_call(const CallExpr* call, const Expr* callee) {
    g_.call = call;
    g_.callee = callee;
    for (const Expr* arg : call->arguments()) add_arg(arg);
    g_.rparen_loc = call->getRParenLoc();
    const Expr* c = callee->IgnoreImplicit();
    if (isa<ParenExpr>(c) && isa<MemberExpr, CXXDependentScopeMemberExpr,
                                 UnresolvedMemberExpr>(strip(c))) {
      g_.kind = go_kind::member_call;
      fail("its callee is a parenthesized member function; write "
           "'go obj.m(args);'");
      return;
    }
    if (const auto* bin = dyn_cast<BinaryOperator>(strip(c))) {
      if (bin->isPtrMemOp()) {
        g_.kind = go_kind::member_call;
        fail("it calls through a pointer to member; wrap the call in a "
             "lambda: 'go [=]{ (obj.*pm)(args); };'");
        return;
      }
    }
    if (isa<CXXPseudoDestructorExpr>(c)) {
      fail("it calls a pseudo-destructor");
      return;
    }
    if (parse_member(c)) {
      g_.kind = go_kind::member_call;
      finish_call(callee->getEndLoc());
      return;
    }
    g_.kind = go_kind::call;
    g_.callee_is_name = names_function(callee);
    g_.callee_decl = call->getDirectCallee();
    if (!g_.callee_is_name) g_.lambda = dyn_cast<LambdaExpr>(strip(callee));
    finish_call(callee->getEndLoc());
  }

  // Fills object/implicit_this/is_arrow for the three member expression
  // kinds clang builds (resolved, dependent, overloaded).
  bool parse_member(const Expr* c) {
    if (const auto* m = dyn_cast<MemberExpr>(c)) {
      const auto* base = m->getBase();
      const auto* self = dyn_cast<CXXThisExpr>(base->IgnoreImplicit());
      set_object(self && self->isImplicit() ? nullptr : base, m->isArrow(),
                 m->getOperatorLoc());
      g_.callee_decl = dyn_cast<FunctionDecl>(m->getMemberDecl());
      return true;
    }
    if (const auto* m = dyn_cast<CXXDependentScopeMemberExpr>(c)) {
      set_object(m->isImplicitAccess() ? nullptr : m->getBase(), m->isArrow(),
                 m->getOperatorLoc());
      return true;
    }
    if (const auto* m = dyn_cast<UnresolvedMemberExpr>(c)) {
      set_object(m->isImplicitAccess() ? nullptr : m->getBase(), m->isArrow(),
                 m->getOperatorLoc());
      return true;
    }
    if (compat::dependent_implicit_member(c, g_.enclosing_function)) {
      set_object(nullptr, /*arrow=*/true, SourceLocation());
      return true;
    }
    return false;
  }

  void set_object(const Expr* object, bool arrow, SourceLocation op) {
    if (object) {
      const auto* self = dyn_cast<CXXThisExpr>(object->IgnoreImplicit());
      if (self && self->isImplicit()) object = nullptr;
    }
    g_.object = object;
    g_.implicit_this = object == nullptr;
    g_.is_arrow = object ? arrow : true;
    if (object) {
      g_.operator_loc = op;
      file_loc(op, "'.' or '->'");
    }
  }

  void add_arg(const Expr* arg) {
    if (isa<CXXDefaultArgExpr>(arg)) return;
    g_.args.push_back(arg);
  }

  void finish_call(SourceLocation callee_end) {
    if (!file_loc(callee_end, "callee")) return;
    g_.lparen_loc = next_token(callee_end, tok::l_paren);
    if (g_.lparen_loc.isInvalid()) {
      fail("its call's '(' could not be found after the callee");
      return;
    }
    if (!file_loc(g_.rparen_loc, "closing ')'")) return;
    if (g_.callee_is_name || g_.implicit_this) {
      CharSourceRange r = Lexer::makeFileCharRange(
          CharSourceRange::getTokenRange(g_.callee->getSourceRange()), sm_,
          ctx_.getLangOpts());
      if (r.isInvalid()) {
        fail("its callee comes from a macro expansion");
        return;
      }
      StringRef text = Lexer::getSourceText(r, sm_, ctx_.getLangOpts());
      if (text.contains("//") || text.contains("/*")) {
        fail("its callee contains a comment");
        return;
      }
    }
    for (size_t i = 0; i < g_.args.size(); ++i) {
      const Expr* arg = g_.args[i];
      if (isa<PackExpansionExpr>(arg) && i + 1 != g_.args.size()) {
        fail("a pack expansion is only supported as the last argument");
        return;
      }
      if (arg->IgnoreParenImpCasts()->refersToBitField()) {
        fail("argument " + std::to_string(i + 1) +
             " is a bit-field, which cannot be bound to a reference; copy it "
             "into a variable first");
        return;
      }
      SourceLocation begin = sm_.getExpansionLoc(arg->getBeginLoc());
      if (begin.isValid() && *sm_.getCharacterData(begin) == '{') {
        fail("argument " + std::to_string(i + 1) +
             " is a braced initializer list; name its type, e.g. "
             "'std::vector<int>{1, 2}'");
        return;
      }
    }
  }

  ASTContext& ctx_;
  const SourceManager& sm_;
  go_stmt& g_;
};

// ---------------------------------------------------------------------------
// The walk over the main file (and the headers rewritten with it).

class go_stmt_collector : public site_walker<go_stmt_collector> {
 public:
  go_stmt_collector(ASTContext& ctx, const go_macro_expansions& go,
                    llvm::ArrayRef<FileID> headers)
      : ctx_(ctx), sm_(ctx.getSourceManager()), go_(go),
        headers_(headers.begin(), headers.end()) {}

  // The main file, or a header whose go statements are rewritten too.
  bool in_walked_file(SourceLocation loc) const {
    FileID file = sm_.getFileID(sm_.getExpansionLoc(loc));
    return file == sm_.getMainFileID() || headers_.count(file);
  }

  std::vector<go_stmt> take() { return std::move(found_); }

  // Statement positions: a go statement must be one of these.
  bool VisitCompoundStmt(CompoundStmt* s) {
    for (Stmt* c : s->body()) statement(c);
    return true;
  }
  bool VisitIfStmt(IfStmt* s) { statement(s->getThen()); statement(s->getElse()); return true; }
  bool VisitForStmt(ForStmt* s) { statement(s->getBody()); return true; }
  bool VisitWhileStmt(WhileStmt* s) { statement(s->getBody()); return true; }
  bool VisitDoStmt(DoStmt* s) { statement(s->getBody()); return true; }
  bool VisitCXXForRangeStmt(CXXForRangeStmt* s) { statement(s->getBody()); return true; }
  bool VisitSwitchCase(SwitchCase* s) { statement(s->getSubStmt()); return true; }
  bool VisitLabelStmt(LabelStmt* s) { statement(s->getSubStmt()); return true; }
  bool VisitAttributedStmt(AttributedStmt* s) { statement(s->getSubStmt()); return true; }

  bool VisitBinaryOperator(BinaryOperator* op) {
    if (op->getOpcode() == BO_Comma) consider(op, op->getLHS(), op->getRHS());
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr* op) {
    if (op->getOperator() == OO_Comma && op->getNumArgs() == 2)
      consider(op, op->getArg(0), op->getArg(1));
    return true;
  }

 private:
  void statement(Stmt* s) {
    if (const auto* e = dyn_cast_or_null<Expr>(s))
      statements_.insert(e->IgnoreImplicit());
  }

  static bool is_marker_call(const Expr* lhs) {
    const auto* call = dyn_cast<CallExpr>(lhs->IgnoreImplicit());
    if (!call) return false;
    const FunctionDecl* fn = call->getDirectCallee();
    if (!fn || !fn->getIdentifier() ||
        fn->getName() != "go_statement_needs_gogo_rewrite")
      return false;
    return fn->getQualifiedNameAsString() ==
           "gogo::detail::go_statement_needs_gogo_rewrite";
  }

  void consider(Expr* comma, Expr* lhs, Expr* rhs) {
    if (!is_marker_call(lhs)) return;
    SourceLocation marker = lhs->IgnoreImplicit()->getBeginLoc();
    if (!marker.isMacroID()) return;
    if (Lexer::getImmediateMacroName(marker, sm_, ctx_.getLangOpts()) != "go")
      return;
    SourceLocation go_tok = sm_.getImmediateExpansionRange(marker).getBegin();
    if (!go_.is_gogo_go(go_tok)) return;
    if (!in_walked_file(go_tok)) return;

    go_stmt g;
    static_cast<code_site&>(g) = here(comma);
    g.stmt = comma;
    g.expr = rhs;
    if (go_tok.isFileID()) {
      g.go_loc = go_tok;
    } else {
      StringRef outer =
          Lexer::getImmediateMacroName(go_tok, sm_, ctx_.getLangOpts());
      g.unrewritable_reason = "it comes from the expansion of macro '" +
                              outer.str() +
                              "'; write go statements in the source file";
    }
    if (!statements_.count(comma))
      g.unrewritable_reason =
          "it is part of a larger expression; a go statement must be a "
          "statement of its own: 'go f(args);'";
    go_parser(ctx_, g).parse();
    found_.push_back(std::move(g));
  }

  ASTContext& ctx_;
  const SourceManager& sm_;
  const go_macro_expansions& go_;
  llvm::DenseSet<FileID> headers_;
  llvm::DenseSet<const Stmt*> statements_;
  std::vector<go_stmt> found_;
};

}  // namespace

std::vector<go_stmt> find_go_statements(ASTContext& ctx,
                                        const go_macro_expansions& go,
                                        llvm::ArrayRef<FileID> headers) {
  if (go.empty()) return {};
  go_stmt_collector f(ctx, go, headers);
  for (Decl* d : ctx.getTranslationUnitDecl()->decls())
    if (!d->isImplicit() && f.in_walked_file(d->getLocation()))
      f.TraverseDecl(d);
  return f.take();
}

}  // namespace gogo_tool
