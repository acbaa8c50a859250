// Reading inputs with clear errors, and atomic writes (temp file + rename):
// a reader of the target never sees a half-written file.
#ifndef GOGO_TOOL_FILE_IO_H
#define GOGO_TOOL_FILE_IO_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace gogo_tool {

// Reads `path` into `text`. On failure returns false with `error` set to a
// message naming the file ("no such file", "is a directory", ...).
bool read_source(const std::string& path, std::string& text,
                 std::string& error);

// Writes `text` to `path` via a temporary file in the same directory and a
// rename. Creates missing parent directories. Keeps the permissions of an
// existing `path`. Returns false with `error` set on failure; `path` is
// then unchanged.
bool write_atomically(const std::string& path, llvm::StringRef text,
                      std::string& error);

}  // namespace gogo_tool

#endif
