// The check registry and check_context (see check.h).
#include "check.h"

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

const local_parents& check_context::parents(const go_statement& g) {
  // A statement outside any declaration worth the name cannot happen (every
  // go statement is in a function or an initializer); fall back to the
  // statement itself rather than to the translation unit.
  const void* key = g.outermost_decl
                        ? static_cast<const void*>(g.outermost_decl)
                        : static_cast<const void*>(g.stmt);
  std::unique_ptr<local_parents>& slot = parents_[key];
  if (!slot)
    slot = g.outermost_decl ? std::make_unique<local_parents>(g.outermost_decl)
                            : std::make_unique<local_parents>(g.stmt);
  return *slot;
}

clang::DiagnosticBuilder check_context::report(const check& c,
                                               clang::SourceLocation loc,
                                               llvm::StringRef message) {
  clang::DiagnosticsEngine& diags = ast_.getDiagnostics();
  auto level = severity_of(c) == severity::error
                   ? clang::DiagnosticsEngine::Error
                   : clang::DiagnosticsEngine::Warning;
  unsigned id = diags.getCustomDiagID(level, "%0");
  return diags.Report(loc, id) << (message + " [" + c.name() + "]").str();
}

clang::DiagnosticBuilder check_context::note(clang::SourceLocation loc,
                                             llvm::StringRef message) {
  clang::DiagnosticsEngine& diags = ast_.getDiagnostics();
  unsigned id = diags.getCustomDiagID(clang::DiagnosticsEngine::Note, "%0");
  return diags.Report(loc, id) << message;
}

}  // namespace gogo_tool
