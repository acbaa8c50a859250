// file_diagnostics: the DiagnosticConsumer of one input file.
//
// It prints in clang's format into a per-file buffer (so parallel jobs do not
// interleave), keeps compile errors and every gogo diagnostic but drops
// clang's own warnings (the compiler reports those when it compiles the
// rewritten file), counts what it printed, and records gogo diagnostics with
// their fix-its for --fix and --export-fixes, under the name of the check
// that reported them (check_context::check_name()).
#ifndef GOGO_TOOL_DIAGNOSTICS_H
#define GOGO_TOOL_DIAGNOSTICS_H

#include "go_statement.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/Core/Diagnostic.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <string>
#include <vector>

namespace gogo_tool {

class check_context;

class file_diagnostics : public clang::DiagnosticConsumer {
 public:
  explicit file_diagnostics(std::string build_directory);

  void BeginSourceFile(const clang::LangOptions& lang,
                       const clang::Preprocessor* pp) override;
  void EndSourceFile() override;
  void HandleDiagnostic(clang::DiagnosticsEngine::Level level,
                        const clang::Diagnostic& info) override;

  // Lets errors inside gogo's `go` macro explain the macro.
  void set_go_macros(const go_macro_expansions* go) { go_ = go; }
  // Names the checks' diagnostics while they run (null afterwards).
  void set_checks(const check_context* checks) { checks_ = checks; }

  std::string text() { out_.flush(); return buffer_; }
  unsigned errors() const { return errors_; }
  unsigned warnings() const { return warnings_; }
  // gogo diagnostics with their fix-its (file paths as clang saw them).
  const std::vector<clang::tooling::Diagnostic>& recorded() const {
    return recorded_;
  }

 private:
  void explain_go_macro(const clang::Diagnostic& info);

  std::string buffer_;
  llvm::raw_string_ostream out_;
  llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> options_;
  std::unique_ptr<clang::TextDiagnosticPrinter> printer_;
  std::string build_directory_;
  const go_macro_expansions* go_ = nullptr;
  const check_context* checks_ = nullptr;
  bool keep_notes_ = false;
  bool last_is_ours_ = false;
  bool explained_ = false;
  unsigned errors_ = 0, warnings_ = 0;
  std::vector<clang::tooling::Diagnostic> recorded_;
};

}  // namespace gogo_tool

#endif
