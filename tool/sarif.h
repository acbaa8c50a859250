// sarif.h: a lint run's findings as a SARIF 2.1.0 log (--format=sarif),
// the format code-scanning dashboards read (GitHub code scanning, GitLab's
// SARIF import, Azure DevOps).
//
// One run, whose tool.driver lists every check as a rule; one result per
// gogo diagnostic with its check's name as ruleId, its level, its message,
// its primary location (file URI relative to %SRCROOT%, the directory the
// tool ran in, when the file is below it; an absolute file:// URI
// otherwise; 1-based line and column counted in Unicode code points),
// its notes as relatedLocations and its fix-its as fixes. Compile errors
// are not results: they make the invocation unsuccessful.
#ifndef GOGO_TOOL_SARIF_H
#define GOGO_TOOL_SARIF_H

#include "clang/Tooling/Core/Diagnostic.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace gogo_tool {

struct sarif_run {
  // Their files (messages, notes, fix-its) named by absolute paths.
  llvm::ArrayRef<clang::tooling::Diagnostic> diagnostics;
  std::string tool_version;
  // The directory URIs are relative to (an absolute path).
  std::string source_root;
  // False when a file could not be parsed or processed.
  bool successful = true;
};

// The log as JSON text, ending in a newline.
std::string sarif_log(const sarif_run& run);

}  // namespace gogo_tool

#endif
