// NOLINT comments, clang-tidy's syntax, read for check_context::report():
//   go [&]{ use(i); };  // NOLINT(gogo-loop-capture)
//   // NOLINTNEXTLINE(gogo-loop-capture)
// A bare NOLINT silences every check on that line; a list names checks
// ("gogo-*" and "*" match several).
#ifndef GOGO_TOOL_SUPPRESSION_H
#define GOGO_TOOL_SUPPRESSION_H

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringRef.h"

namespace gogo_tool {

// Does a NOLINT comment on `loc`'s line (or NOLINTNEXTLINE on the line
// before) silence `check`?
bool is_suppressed(const clang::SourceManager& sm, clang::SourceLocation loc,
                   llvm::StringRef check);

}  // namespace gogo_tool

#endif
