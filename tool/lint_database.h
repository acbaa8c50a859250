// lint_database.h: `gogo-rewrite --lint -p BUILD` without sources lints
// every C++ source of BUILD's compile_commands.json, as run-clang-tidy does.
#ifndef GOGO_TOOL_LINT_DATABASE_H
#define GOGO_TOOL_LINT_DATABASE_H

#include <string>
#include <vector>

namespace gogo_tool {

// The C++ sources that `build_dir`'s compilation database compiles
// (absolute paths, sorted, each once: the output order does not depend on
// the database's order nor on -j). C sources and other languages are left
// out. On failure returns false and sets `error`.
bool database_sources(const std::string& build_dir,
                      std::vector<std::string>& files, std::string& error);

}  // namespace gogo_tool

#endif
