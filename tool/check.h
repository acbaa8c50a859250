// The check interface: one diagnostic = one class in tool/checks/<name>.cpp.
//
// A check sees every go statement of the main file (run), every place that
// starts concurrent work, go statements included (run_spawn, spawn.h) and,
// if it needs the whole picture, the list of go statements once
// (run_on_translation_unit). It reports
// through check_context, which owns everything a diagnostic needs besides
// its text, as clang-tidy's context does:
//   - the format: clang's (`file:line:col: warning: message [gogo-NAME]`,
//     source line, caret, fix-it hints); the check's name is appended here,
//     never written into the message by the check;
//   - the severity, from the mode:
//       rewrite mode:  the check's rewrite_severity() (races are errors),
//       --lint:        warning, or error with --werror;
//   - suppression: a NOLINT comment naming the check (suppression.h) on the
//     line of the report or of the go statement (spawn) being checked
//     silences the report and the notes that follow it.
// Fix-its attached to a report are applied by --fix and exported by
// --export-fixes; the check does not care which.
//
// Adding a check: write tool/checks/<name>.cpp with a class deriving from
// gogo_tool::check and one line GOGO_REGISTER_CHECK(<class>); the build
// globs tool/checks/*.cpp, nothing else in the tool changes. Its page goes
// in docs/diagnostics/<name>.md, its lit test in test/lint/.
#ifndef GOGO_TOOL_CHECK_H
#define GOGO_TOOL_CHECK_H

#include "go_statement.h"
#include "local_parents.h"
#include "spawn.h"

#include "clang/AST/ASTContext.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <vector>

namespace gogo_tool {

enum class tool_mode { rewrite, lint };
enum class severity { warning, error };

class check_context;

class check {
 public:
  virtual ~check() = default;
  // The diagnostic's name as printed in brackets, e.g. "gogo-loop-capture".
  virtual llvm::StringRef name() const = 0;
  // What it finds, in one line (SARIF's rule description).
  virtual llvm::StringRef summary() const = 0;
  // Severity when rewriting (in --lint mode every check warns).
  virtual severity rewrite_severity() const { return severity::warning; }
  // False when no NOLINT comment may silence the check's reports.
  virtual bool suppressible() const { return true; }
  // Called once per go statement of the main file, in source order.
  virtual void run(const go_stmt&, check_context&) {}
  // Called once per spawn of the main file, in source order: every go
  // statement (right after run() on it) and, with --lint, every
  // std::thread, std::jthread, std::async and user spawn.
  virtual void run_spawn(const spawn&, check_context&) {}
  // Called once per file after run(), with every go statement (possibly
  // none; not called for files skipped by the fast path).
  virtual void run_on_translation_unit(llvm::ArrayRef<go_stmt>,
                                       check_context&) {}
};

// Where check_context sends reports instead of the AST's DiagnosticsEngine:
// the clang-tidy module (tidy_module.cpp) routes them through clang-tidy's
// own context, which names, counts and filters them. `level` is Ignored for
// a silenced report: the engine then drops the notes that follow it too.
class report_sink {
 public:
  virtual ~report_sink() = default;
  virtual clang::DiagnosticBuilder report(const check& c,
                                          clang::SourceLocation loc,
                                          llvm::StringRef message,
                                          clang::DiagnosticIDs::Level level) = 0;
  virtual clang::DiagnosticBuilder note(clang::SourceLocation loc,
                                        llvm::StringRef message) = 0;
};

class check_context {
 public:
  check_context(clang::ASTContext& ast, tool_mode mode, bool werror,
                const spawner_names& names)
      : ast_(ast), mode_(mode), werror_(werror), names_(names) {}

  clang::ASTContext& ast() const { return ast_; }
  const clang::SourceManager& sources() const { return ast_.getSourceManager(); }
  const clang::LangOptions& lang() const { return ast_.getLangOpts(); }
  // The user's spawners and waits (configuration and built-in names).
  const spawner_names& spawners() const { return names_; }

  // Runs every registered check: for each go statement and each of
  // `spawns` (find_spawns()), in source order, run() and run_spawn(); then
  // run_on_translation_unit() once.
  void run_checks(llvm::ArrayRef<go_stmt> statements,
                  llvm::ArrayRef<spawn> spawns);
  // The same for one check only (the clang-tidy module enables checks one
  // by one).
  void run_check(check& c, llvm::ArrayRef<go_stmt> statements,
                 llvm::ArrayRef<spawn> spawns);

  // Reports go to `sink` from now on (null: the AST's DiagnosticsEngine).
  void set_sink(report_sink* sink) { sink_ = sink; }

  // Reports a diagnostic of `c` at `loc`; stream ranges and FixItHints into
  // the result (`report(...) << clang::FixItHint::CreateInsertion(...)`).
  // The diagnostic is emitted when the returned builder is destroyed, so
  // call note() afterwards for notes that belong to it. A silenced report
  // (see silenced()) is dropped with its notes and fix-its.
  clang::DiagnosticBuilder report(const check& c, clang::SourceLocation loc,
                                  llvm::StringRef message);
  // A note attached to the previous report().
  clang::DiagnosticBuilder note(clang::SourceLocation loc,
                                llvm::StringRef message);

  // Does a NOLINT comment silence report(c, loc)? It may sit on `loc`'s
  // line or on the line of the go statement or spawn being checked. report()
  // applies this itself; a check asks only when one fix-it serves several
  // reports and must leave out the silenced ones.
  bool silenced(const check& c, clang::SourceLocation loc) const;

  // The name of the check that reported diagnostic `diag_id`, for the
  // diagnostic consumer; empty for diagnostics that are not a report().
  llvm::StringRef check_name(unsigned diag_id) const;

  // Parents of the nodes around `site` (under its outermost_decl), shared
  // by the checks and walked on first use. Never use
  // ASTContext::getParents(): it maps the whole translation unit, headers
  // included (local_parents.h).
  const local_parents& parents(const code_site& site);

  // Go statements in the headers this file includes (system headers aside)
  // that stay unrewritten, with the reason (header_copies.h); those of
  // headers that get a rewritten copy are go statements like the main
  // file's.
  llvm::ArrayRef<unrewritten_header_go> header_go_statements() const {
    return header_go_;
  }
  void set_header_go_statements(std::vector<unrewritten_header_go> locs) {
    header_go_ = std::move(locs);
  }

 private:
  severity severity_of(const check& c) const;
  void run(llvm::ArrayRef<check*> checks, llvm::ArrayRef<go_stmt> statements,
           llvm::ArrayRef<spawn> spawns);

  clang::ASTContext& ast_;
  tool_mode mode_;
  bool werror_;
  const spawner_names& names_;
  report_sink* sink_ = nullptr;
  // Where the statement or spawn being checked is; invalid in
  // run_on_translation_unit().
  clang::SourceLocation statement_;
  llvm::DenseMap<unsigned, llvm::StringRef> check_names_;
  llvm::DenseMap<const void*, std::unique_ptr<local_parents>> parents_;
  std::vector<unrewritten_header_go> header_go_;
};

// Every registered check, in registration order (stable per build).
const std::vector<std::unique_ptr<check>>& all_checks();

namespace detail {
void register_check(std::unique_ptr<check> c);
template <class T>
struct check_registration {
  check_registration() { register_check(std::make_unique<T>()); }
};
}  // namespace detail

}  // namespace gogo_tool

#define GOGO_CHECK_CONCAT_(a, b) a##b
#define GOGO_CHECK_CONCAT(a, b) GOGO_CHECK_CONCAT_(a, b)
// At namespace scope in the check's .cpp file (any namespace).
#define GOGO_REGISTER_CHECK(TYPE)                            \
  static const ::gogo_tool::detail::check_registration<TYPE> \
      GOGO_CHECK_CONCAT(gogo_check_registration_, __LINE__) {}

#endif
