// Rewriting go statements (see rewriter.h for the scheme).
#include "rewriter.h"

#include "clang/Lex/Lexer.h"

#include <algorithm>

using namespace clang;

namespace gogo_tool {

namespace {

const char* const spawn = "::gogo::detail::go_statement{";

bool is_lvalue_arg(const Expr* arg) {
  if (const auto* pack = dyn_cast<PackExpansionExpr>(arg))
    arg = pack->getPattern();
  // Look through the conversions the call added (lvalue-to-rvalue, copy
  // construction of a by-value parameter): what counts is the argument as
  // written.
  return arg->IgnoreUnlessSpelledInSource()->isLValue();
}

// ", auto&& gogo_a0_, auto&&... gogo_a1_" and "gogo_a0_, ::std::move(gogo_a1_)..."
struct wrapper_args {
  std::string params, uses;
};

wrapper_args make_wrapper_args(const go_stmt& g) {
  wrapper_args w;
  for (size_t i = 0; i < g.args.size(); ++i) {
    const Expr* arg = g.args[i];
    bool pack = isa<PackExpansionExpr>(arg);
    std::string name = "gogo_a" + std::to_string(i) + "_";
    w.params += pack ? ", auto&&... " : ", auto&& ";
    w.params += name;
    if (i) w.uses += ", ";
    w.uses += is_lvalue_arg(arg) ? name : "::std::move(" + name + ")";
    if (pack) w.uses += "...";
  }
  return w;
}

bool has_explicit_template_args(const Expr* callee) {
  const Expr* e = callee->IgnoreImplicit();
  if (const auto* m = dyn_cast<MemberExpr>(e)) return m->hasExplicitTemplateArgs();
  if (const auto* m = dyn_cast<CXXDependentScopeMemberExpr>(e))
    return m->hasExplicitTemplateArgs();
  if (const auto* m = dyn_cast<UnresolvedMemberExpr>(e))
    return m->hasExplicitTemplateArgs();
  return false;
}

class statement_rewriter {
 public:
  statement_rewriter(const go_stmt& g, const SourceManager& sm,
                     const LangOptions& lang)
      : g_(g), sm_(sm), lang_(lang) {}

  std::vector<text_edit> run() {
    switch (g_.kind) {
      case go_kind::callable: callable(); break;
      case go_kind::call: call(); break;
      case go_kind::member_call: member_call(); break;
    }
    return std::move(edits_);
  }

 private:
  unsigned offset(SourceLocation loc) const { return sm_.getFileOffset(loc); }
  // The text of the file the statement is in (the main file or a header).
  StringRef buffer() const {
    return sm_.getBufferData(sm_.getFileID(g_.go_loc));
  }

  // Replaces `go` and the spaces after it with `text`.
  void replace_go(std::string text) {
    unsigned begin = offset(g_.go_loc);
    unsigned end = begin + 2;
    StringRef buf = buffer();
    while (end < buf.size() && (buf[end] == ' ' || buf[end] == '\t')) ++end;
    if (end < buf.size() && (buf[end] == '\n' || buf[end] == '\r') &&
        !text.empty() && text.back() == ' ')
      text.pop_back();  // no trailing blank before a line break
    edits_.push_back({begin, end - begin, std::move(text)});
  }

  // Replaces [from, end of '(') with `text`, keeping the line count.
  void replace_through_lparen(SourceLocation from, std::string text) {
    unsigned begin = offset(from);
    unsigned end = offset(g_.lparen_loc) + 1;
    StringRef removed = buffer().slice(begin, end);
    text.append(removed.count('\n'), '\n');
    edits_.push_back({begin, end - begin, std::move(text)});
  }

  void replace_rparen() { edits_.push_back({offset(g_.rparen_loc), 1, "}"}); }

  // The source text from `from` up to the '(' on one line, for the wrapper.
  std::string text_before_lparen(SourceLocation from) const {
    StringRef text =
        buffer().slice(offset(from), offset(g_.lparen_loc)).trim();
    std::string out = text.str();
    std::replace_if(out.begin(), out.end(),
                    [](char c) { return c == '\n' || c == '\r' || c == '\t'; },
                    ' ');
    return out;
  }

  void callable() {
    SourceLocation end = Lexer::getLocForEndOfToken(g_.expr->getEndLoc(), 0,
                                                     sm_, lang_);
    if (g_.callee_is_name) {
      replace_go(std::string(spawn) + "[]() { ");
      edits_.push_back({offset(end), 0, "(); }}"});
      return;
    }
    replace_go(spawn);
    edits_.push_back({offset(end), 0, "}"});
  }

  void call() {
    wrapper_args w = make_wrapper_args(g_);
    bool has_args = !g_.args.empty();
    if (g_.callee_is_name) {
      std::string params = w.params.empty() ? "" : w.params.substr(2);
      std::string callee = text_before_lparen(g_.callee->getBeginLoc());
      replace_go(std::string(spawn) + "[](" + params + ") { " + callee + "(" +
                 w.uses + "); }" + (has_args ? ", " : ""));
      replace_through_lparen(g_.callee->getBeginLoc(), "");
    } else if (!has_args) {
      replace_go(spawn);
      replace_through_lparen(g_.lparen_loc, "");
    } else {
      replace_go(std::string(spawn) + "[](auto&& gogo_fn_" + w.params +
                 ") { gogo_fn_(" + w.uses + "); }, ");
      replace_through_lparen(g_.lparen_loc, ", ");
    }
    replace_rparen();
  }

  void member_call() {
    wrapper_args w = make_wrapper_args(g_);
    const char* sep = g_.args.empty() ? "" : ", ";
    SourceLocation member_begin =
        g_.implicit_this ? g_.callee->getBeginLoc()
                         : Lexer::getLocForEndOfToken(g_.operator_loc, 0, sm_,
                                                      lang_);
    std::string member = text_before_lparen(member_begin);
    // `gogo_obj_` is dependent: explicit template arguments need `template`.
    if (has_explicit_template_args(g_.callee) &&
        member.compare(0, 8, "template") != 0 &&
        member.find("::") == std::string::npos)
      member = "template " + member;
    // An lvalue object is shared (Go's pointer receiver): pass its address.
    // A prvalue or xvalue object is moved into the goroutine.
    bool by_address = !g_.implicit_this && !g_.is_arrow && g_.object->isLValue();
    bool through_pointer = g_.implicit_this || g_.is_arrow || by_address;
    std::string wrapper = "[](auto&& gogo_obj_" + w.params + ") { gogo_obj_" +
                          (through_pointer ? "->" : ".") + member + "(" +
                          w.uses + "); }";
    if (g_.implicit_this) {
      replace_go(std::string(spawn) + wrapper + ", this");
      replace_through_lparen(g_.callee->getBeginLoc(), sep);
    } else if (by_address) {
      replace_go(std::string(spawn) + wrapper + ", __builtin_addressof(");
      replace_through_lparen(g_.operator_loc, std::string(")") + sep);
    } else {
      replace_go(std::string(spawn) + wrapper + ", ");
      replace_through_lparen(g_.operator_loc, sep);
    }
    replace_rparen();
  }

  const go_stmt& g_;
  const SourceManager& sm_;
  const LangOptions& lang_;
  std::vector<text_edit> edits_;
};

}  // namespace

std::vector<text_edit> rewrite_edits(const go_stmt& g,
                                     const SourceManager& sm,
                                     const LangOptions& lang) {
  if (!g.rewritable()) return {};
  return statement_rewriter(g, sm, lang).run();
}

std::string line_directive(llvm::StringRef absolute_original) {
  std::string escaped;
  for (char c : absolute_original) {
    if (c == '\\' || c == '"') escaped += '\\';
    escaped += c;
  }
  return "#line 1 \"" + escaped + "\"\n";
}

std::string apply_edits(llvm::StringRef text, std::vector<text_edit> edits) {
  std::stable_sort(edits.begin(), edits.end(),
                   [](const text_edit& a, const text_edit& b) {
                     return a.offset < b.offset;
                   });
  std::string out;
  out.reserve(text.size() + edits.size() * 64);
  unsigned pos = 0;
  for (const text_edit& e : edits) {
    if (e.offset < pos) continue;  // overlapping: cannot happen for go statements
    out.append(text.data() + pos, e.offset - pos);
    out += e.text;
    pos = e.offset + e.length;
  }
  out.append(text.data() + pos, text.size() - pos);
  return out;
}

}  // namespace gogo_tool
