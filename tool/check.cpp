// The check registry and check_context (see check.h).
#include "check.h"

#include "suppression.h"

namespace gogo_tool {

namespace {
std::vector<std::unique_ptr<check>>& registry() {
  static std::vector<std::unique_ptr<check>> checks;
  return checks;
}
}  // namespace

const std::vector<std::unique_ptr<check>>& all_checks() { return registry(); }

void detail::register_check(std::unique_ptr<check> c) {
  registry().push_back(std::move(c));
}

severity check_context::severity_of(const check& c) const {
  if (werror_) return severity::error;
  if (mode_ == tool_mode::lint) return severity::warning;
  return c.rewrite_severity();
}

const local_parents& check_context::parents(const code_site& site) {
  // Code outside any declaration worth the name cannot happen (every
  // statement is in a function or an initializer); fall back to the
  // outermost statement around it rather than to the translation unit.
  const void* key = site.outermost_decl;
  if (!key && !site.ancestors.empty()) key = site.ancestors.front();
  std::unique_ptr<local_parents>& slot = parents_[key];
  if (!slot)
    slot = site.outermost_decl
               ? std::make_unique<local_parents>(site.outermost_decl)
               : std::make_unique<local_parents>(
                     static_cast<const clang::Stmt*>(key));
  return *slot;
}

void check_context::run_checks(llvm::ArrayRef<go_stmt> statements,
                               llvm::ArrayRef<spawn> spawns) {
  std::vector<check*> checks;
  for (const auto& c : all_checks()) checks.push_back(c.get());
  run(checks, statements, spawns);
}

void check_context::run_check(check& c,
                              llvm::ArrayRef<go_stmt> statements,
                              llvm::ArrayRef<spawn> spawns) {
  run({&c}, statements, spawns);
}

void check_context::run(llvm::ArrayRef<check*> checks,
                        llvm::ArrayRef<go_stmt> statements,
                        llvm::ArrayRef<spawn> spawns) {
  const clang::SourceManager& sm = sources();
  auto check_go = [&](const go_stmt& g) {
    statement_ = g.location(sm);
    spawn s = spawn_of(g, sm);
    for (check* c : checks) {
      c->run(g, *this);
      c->run_spawn(s, *this);
    }
  };
  auto check_spawn = [&](const spawn& s) {
    statement_ = s.loc;
    for (check* c : checks) c->run_spawn(s, *this);
  };
  // Both lists are in source order: merge them.
  size_t next_go = 0;
  for (const spawn& s : spawns) {
    while (next_go < statements.size() &&
           sm.isBeforeInTranslationUnit(statements[next_go].location(sm), s.loc))
      check_go(statements[next_go++]);
    check_spawn(s);
  }
  while (next_go < statements.size()) check_go(statements[next_go++]);
  statement_ = clang::SourceLocation();
  for (check* c : checks) c->run_on_translation_unit(statements, *this);
}

bool check_context::silenced(const check& c, clang::SourceLocation loc) const {
  if (!c.suppressible()) return false;
  const clang::SourceManager& sm = sources();
  if (is_suppressed(sm, loc, c.name())) return true;
  return statement_.isValid() && is_suppressed(sm, statement_, c.name());
}

// The check's name goes into the diagnostic's format, "%0 [gogo-NAME]", so
// each (check, level) pair has an ID of its own that check_name() maps back.
// A silenced report gets the Ignored level: clang then drops it and every
// note after it until the next report.
clang::DiagnosticBuilder check_context::report(const check& c,
                                               clang::SourceLocation loc,
                                               llvm::StringRef message) {
  clang::DiagnosticsEngine& diags = ast_.getDiagnostics();
  clang::DiagnosticIDs::Level level = clang::DiagnosticIDs::Warning;
  if (silenced(c, loc))
    level = clang::DiagnosticIDs::Ignored;
  else if (severity_of(c) == severity::error)
    level = clang::DiagnosticIDs::Error;
  if (sink_) return sink_->report(c, loc, message, level);
  unsigned id = diags.getDiagnosticIDs()->getCustomDiagID(
      level, ("%0 [" + c.name() + "]").str());
  check_names_.try_emplace(id, c.name());
  return diags.Report(loc, id) << message.str();
}

llvm::StringRef check_context::check_name(unsigned diag_id) const {
  return check_names_.lookup(diag_id);
}

clang::DiagnosticBuilder check_context::note(clang::SourceLocation loc,
                                             llvm::StringRef message) {
  if (sink_) return sink_->note(loc, message);
  clang::DiagnosticsEngine& diags = ast_.getDiagnostics();
  unsigned id = diags.getCustomDiagID(clang::DiagnosticsEngine::Note, "%0");
  return diags.Report(loc, id) << message;
}

}  // namespace gogo_tool
