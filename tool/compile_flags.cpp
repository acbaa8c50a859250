// Finding each input's compile command (see compile_flags.h).
#include "compile_flags.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;
using clang::tooling::CompilationDatabase;

namespace gogo_tool {

namespace {

// The file a database in `directory` was read from.
std::string database_file(llvm::StringRef directory) {
  llvm::SmallString<256> json(directory);
  path::append(json, "compile_commands.json");
  if (fs::exists(json)) return std::string(json);
  llvm::SmallString<256> flags(directory);
  path::append(flags, "compile_flags.txt");
  return std::string(flags);
}

}  // namespace

bool compile_flags::init(const options& o, std::string& error) {
  if (o.build_dir.empty()) {
    // The command line's flags, or none (-- without flags is "none" too,
    // but said on purpose).
    llvm::SmallString<256> cwd;
    fs::current_path(cwd);
    given_.db = std::make_unique<clang::tooling::FixedCompilationDatabase>(
        cwd, o.compiler_flags);
    given_.where = "the command line";
    discovering_ = !o.has_flags;
    return true;
  }
  const std::string& dir = o.build_dir;
  if (!fs::is_directory(dir)) {
    error = "-p '" + dir + "': no such directory";
    return false;
  }
  if (!fs::exists(dir + "/compile_commands.json") &&
      !fs::exists(dir + "/compile_flags.txt")) {
    error = "-p '" + dir +
            "': no compile_commands.json there (configure with "
            "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON, or give flags after --)";
    return false;
  }
  std::string why;
  std::unique_ptr<CompilationDatabase> db =
      CompilationDatabase::loadFromDirectory(dir, why);
  if (!db) {
    error = "-p '" + dir + "': " + llvm::StringRef(why).trim().str();
    return false;
  }
  given_.db = clang::tooling::inferMissingCompileCommands(std::move(db));
  given_.where = database_file(dir);
  given_is_database_ = true;
  return true;
}

const compile_flags::database* compile_flags::discover(llvm::StringRef directory) {
  llvm::SmallVector<std::string, 8> visited;
  const database* result = nullptr;
  for (llvm::StringRef dir = directory; !dir.empty();
       dir = path::parent_path(dir)) {
    auto cached = by_directory_.find(dir);
    if (cached != by_directory_.end()) {
      result = cached->second;
      break;
    }
    visited.push_back(dir.str());
    if ((result = load(dir))) break;
    llvm::SmallString<256> build(dir);
    path::append(build, "build");
    if ((result = load(build))) break;
  }
  for (const std::string& dir : visited) by_directory_[dir] = result;
  return result;
}

const compile_flags::database* compile_flags::load(llvm::StringRef directory) {
  std::string why;
  std::unique_ptr<CompilationDatabase> db =
      CompilationDatabase::loadFromDirectory(directory, why);
  if (!db) return nullptr;
  auto found = std::make_unique<database>();
  found->db = clang::tooling::inferMissingCompileCommands(std::move(db));
  found->where = database_file(directory);
  found_.push_back(std::move(found));
  return found_.back().get();
}

compile_lookup compile_flags::find(const std::string& file) {
  compile_lookup r;
  // A database's entries name absolute files; the command line's flags
  // apply to the file as given.
  llvm::SmallString<256> absolute(file);
  fs::make_absolute(absolute);
  path::remove_dots(absolute, /*remove_dot_dot=*/true);
  const database* from = &given_;
  if (discovering_) {
    std::lock_guard<std::mutex> lock(mutex_);
    from = discover(path::parent_path(absolute));
  }
  if (!from) {
    from = &given_;  // no flags
    r.found_nothing = true;
  }
  bool by_absolute_name = from != &given_ || given_is_database_;
  r.commands = from->db->getCompileCommands(by_absolute_name ? absolute.str()
                                                             : file);
  r.database = from->where;
  return r;
}

}  // namespace gogo_tool
