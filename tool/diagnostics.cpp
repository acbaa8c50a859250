// Per-file diagnostic printing and recording (see diagnostics.h).
#include "diagnostics.h"

#include "check.h"
#include "clang_compat.h"

#include "clang/Basic/AllDiagnostics.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Tooling/Core/Replacement.h"

using namespace clang;

namespace gogo_tool {

file_diagnostics::file_diagnostics(std::string build_directory)
    : out_(buffer_),
      options_(new DiagnosticOptions()),
      build_directory_(std::move(build_directory)) {
  options_->ShowColors = false;
  // Honour #line, as the compiler does; the driver names the main file so.
  options_->ShowPresumedLoc = true;
  compat::classic_diagnostic_format(*options_);
  printer_ = std::make_unique<TextDiagnosticPrinter>(out_, &*options_);
}

void file_diagnostics::BeginSourceFile(const LangOptions& lang,
                                       const Preprocessor* pp) {
  printer_->BeginSourceFile(lang, pp);
}

void file_diagnostics::EndSourceFile() { printer_->EndSourceFile(); }

static bool is_gogo_diagnostic(const Diagnostic& info) {
  return info.getID() >= diag::DIAG_UPPER_LIMIT;
}

void file_diagnostics::HandleDiagnostic(DiagnosticsEngine::Level level,
                                        const Diagnostic& info) {
  bool ours = is_gogo_diagnostic(info);
  if (level == DiagnosticsEngine::Note) {
    if (!keep_notes_) return;
  } else {
    keep_notes_ = ours || level >= DiagnosticsEngine::Error;
    if (!keep_notes_) return;
  }
  DiagnosticConsumer::HandleDiagnostic(level, info);
  printer_->HandleDiagnostic(level, info);
  if (level >= DiagnosticsEngine::Error) ++errors_;
  if (level == DiagnosticsEngine::Warning) ++warnings_;

  if (!ours) {
    if (level >= DiagnosticsEngine::Error) explain_go_macro(info);
    last_is_ours_ = false;
    return;
  }
  if (!info.hasSourceManager() || info.getLocation().isInvalid()) return;
  const SourceManager& sm = info.getSourceManager();
  // Argument 0 is the message as the check wrote it, without the
  // " [gogo-NAME]" that report() puts in the format.
  tooling::DiagnosticMessage text(info.getArgStdStr(0), sm,
                                  info.getLocation());
  for (const FixItHint& fix : info.getFixItHints()) {
    tooling::Replacement r(sm, fix.RemoveRange, fix.CodeToInsert);
    if (llvm::Error e = text.Fix[r.getFilePath()].add(r))
      llvm::consumeError(std::move(e));
  }
  if (level == DiagnosticsEngine::Note) {
    if (last_is_ours_ && !recorded_.empty())
      recorded_.back().Notes.push_back(std::move(text));
    return;
  }
  StringRef name = checks_ ? checks_->check_name(info.getID()) : StringRef();
  tooling::Diagnostic d(name, text, {},
                        level >= DiagnosticsEngine::Error
                            ? tooling::Diagnostic::Error
                            : tooling::Diagnostic::Warning,
                        build_directory_);
  recorded_.push_back(std::move(d));
  last_is_ours_ = true;
}

namespace {

// How `go` is used at `at` (a file location), judged by the token before it.
enum class go_use { qualified_name, member, other };

go_use use_of_go(const SourceManager& sm, SourceLocation at) {
  bool invalid = false;
  StringRef text = sm.getBufferData(sm.getFileID(at), &invalid);
  if (invalid) return go_use::other;
  StringRef before = text.take_front(sm.getFileOffset(at)).rtrim();
  if (compat::ends_with(before, "::")) return go_use::qualified_name;
  if (compat::ends_with(before, ".") || compat::ends_with(before, "->"))
    return go_use::member;
  return go_use::other;
}

}  // namespace

// A compile error inside an expansion of gogo's `go` macro outside a go
// statement: code that uses `go` as an ordinary name after the macro was
// defined. The note says what works there.
void file_diagnostics::explain_go_macro(const Diagnostic& info) {
  if (explained_ || !go_ || !info.hasSourceManager()) return;
  const SourceManager& sm = info.getSourceManager();
  SourceLocation loc = info.getLocation();
  if (loc.isInvalid() || !in_gogo_go_expansion(sm, *go_, loc)) return;
  explained_ = true;
  SourceLocation at = sm.getExpansionLoc(loc);
  PresumedLoc where = sm.getPresumedLoc(at);
  if (where.isValid())
    out_ << where.getFilename() << ":" << where.getLine() << ":"
         << where.getColumn() << ": ";
  out_ << "note: 'go' here is gogo's go-statement macro from "
          "<gogo/go_keyword.hpp>; ";
  switch (use_of_go(sm, at)) {
    case go_use::qualified_name:
      out_ << "start the goroutine with gogo::spawn(f, args...), which "
              "works in every file\n";
      return;
    case go_use::member:
      out_ << "a member named 'go' cannot be used where the macro is "
              "defined: define GOGO_NO_GO_KEYWORD before including "
              "<gogo/gogo.hpp> in a file without go statements, or put the "
              "use between #pragma push_macro(\"go\") #undef go and "
              "#pragma pop_macro(\"go\")\n";
      return;
    case go_use::other:
      out_ << "include <gogo/gogo.hpp> after headers that use 'go' as a "
              "name, or define GOGO_NO_GO_KEYWORD before including it (and "
              "start goroutines with gogo::spawn(f, args...))\n";
      return;
  }
}

}  // namespace gogo_tool
