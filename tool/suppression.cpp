// Reading NOLINT comments (see suppression.h).
#include "suppression.h"

#include "clang_compat.h"

using namespace clang;

namespace gogo_tool {
namespace {

bool matches(llvm::StringRef pattern, llvm::StringRef check) {
  pattern = pattern.trim();
  if (compat::ends_with(pattern, "*"))
    return compat::starts_with(check, pattern.drop_back());
  return pattern == check;
}

llvm::StringRef line_text(const SourceManager& sm, FileID file, unsigned line) {
  bool invalid = false;
  llvm::StringRef buffer = sm.getBufferData(file, &invalid);
  if (invalid || line == 0) return {};
  SourceLocation start = sm.translateLineCol(file, line, 1);
  if (start.isInvalid()) return {};
  unsigned offset = sm.getFileOffset(start);
  if (offset >= buffer.size()) return {};
  llvm::StringRef rest = buffer.drop_front(offset);
  return rest.take_until([](char c) { return c == '\n' || c == '\r'; });
}

// Does `marker` (NOLINT or NOLINTNEXTLINE) on this line name `check`?
bool line_suppresses(llvm::StringRef line, llvm::StringRef marker,
                     llvm::StringRef check) {
  size_t pos = 0;
  while ((pos = line.find(marker, pos)) != llvm::StringRef::npos) {
    llvm::StringRef rest = line.drop_front(pos + marker.size());
    pos += marker.size();
    // "NOLINT" must not match the start of "NOLINTNEXTLINE", "NOLINTBEGIN"...
    if (!rest.empty() &&
        (std::isalnum(static_cast<unsigned char>(rest[0])) || rest[0] == '_'))
      continue;
    if (!compat::starts_with(rest, "(")) return true;
    llvm::StringRef list =
        rest.drop_front().take_until([](char c) { return c == ')'; });
    llvm::SmallVector<llvm::StringRef, 4> items;
    list.split(items, ',');
    for (llvm::StringRef item : items)
      if (matches(item, check)) return true;
  }
  return false;
}

}  // namespace

bool is_suppressed(const SourceManager& sm, SourceLocation loc,
                   llvm::StringRef check) {
  if (loc.isInvalid()) return false;
  loc = sm.getExpansionLoc(loc);
  FileID file = sm.getFileID(loc);
  unsigned line = sm.getSpellingLineNumber(loc);
  if (line_suppresses(line_text(sm, file, line), "NOLINT", check)) return true;
  return line > 1 && line_suppresses(line_text(sm, file, line - 1),
                                     "NOLINTNEXTLINE", check);
}

}  // namespace gogo_tool
