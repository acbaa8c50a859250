// The sources of a compilation database (lint_database.h).
#include "lint_database.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace gogo_tool {

namespace {

// Translation units, not headers: a database lists what the build compiles.
bool is_cpp_source(llvm::StringRef file) {
  llvm::StringRef ext = llvm::sys::path::extension(file);
  static const char* const known[] = {".cpp", ".cc", ".cxx", ".c++", ".C",
                                      ".cp",  ".CPP", ".cppm", ".ixx"};
  return std::find(std::begin(known), std::end(known), ext) != std::end(known);
}

}  // namespace

bool database_sources(const std::string& build_dir,
                      std::vector<std::string>& files, std::string& error) {
  std::string why;
  auto db = clang::tooling::CompilationDatabase::loadFromDirectory(build_dir,
                                                                  why);
  if (!db) {
    error = "no compilation database in '" + build_dir + "': " + why;
    return false;
  }
  for (const std::string& file : db->getAllFiles())
    if (is_cpp_source(file)) files.push_back(file);
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  if (files.empty()) {
    error = "the compilation database in '" + build_dir +
            "' lists no C++ source files";
    return false;
  }
  return true;
}

}  // namespace gogo_tool
