// compile_flags.h: where each input's compile command comes from.
//
//   -p BUILD            BUILD/compile_commands.json (or compile_flags.txt);
//   -- FLAGS, --flags-file   those flags, for every input;
//   neither             the compile_commands.json (or compile_flags.txt) in
//                       the input's directory or the nearest directory above
//                       it, or in a build/ directory beside one of them, as
//                       clang-tidy and clangd look for it; none found:
//                       no flags at all (the driver then adds -std=c++17,
//                       and says so once).
//
// A database without an entry for a file (a header, a file not built yet)
// lends it the command of the most similar entry
// (clang::tooling::inferMissingCompileCommands).
#ifndef GOGO_TOOL_COMPILE_FLAGS_H
#define GOGO_TOOL_COMPILE_FLAGS_H

#include "options.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringMap.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace gogo_tool {

struct compile_lookup {
  std::vector<clang::tooling::CompileCommand> commands;  // empty: no entry
  std::string database;  // the file the commands come from, for messages
  bool found_nothing = false;  // no -p, no flags, no database above the file
};

class compile_flags {
 public:
  // Loads -p BUILD's database, or takes the flags of the command line. On a
  // usage error (-p without a database) returns false and sets `error`.
  bool init(const options& o, std::string& error);

  // The command for `file`, named as the user named it. Thread-safe.
  compile_lookup find(const std::string& file);

 private:
  struct database {
    std::unique_ptr<clang::tooling::CompilationDatabase> db;
    std::string where;  // its compile_commands.json or compile_flags.txt
  };
  // The database of `directory` or of the nearest directory above it (in
  // it, or in its build/ subdirectory, as clangd looks); null when there is
  // none. Caller holds mutex_.
  const database* discover(llvm::StringRef directory);
  const database* load(llvm::StringRef directory);  // that one directory

  database given_;  // -p, or the command line's flags (maybe none)
  bool given_is_database_ = false;  // -p
  bool discovering_ = false;        // neither -p nor flags
  std::mutex mutex_;  // guards what discover() found
  std::vector<std::unique_ptr<database>> found_;
  llvm::StringMap<const database*> by_directory_;  // null: none at or above
};

}  // namespace gogo_tool

#endif
