// gogo-rewrite's main: options, compilation database, the per-file loop
// (optionally parallel), outputs, lint summary, exit status.
#include "check.h"
#include "clang_compat.h"
#include "compile_flags.h"
#include "file_io.h"
#include "lint_config.h"
#include "lint_database.h"
#include "options.h"
#include "sarif.h"
#include "translation_unit.h"

#include "clang/Basic/LangOptions.h"
#include "clang/Basic/Version.h"
#include "clang/Driver/Options.h"
#include "clang/Lex/Lexer.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Core/Replacement.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdlib>
#include <atomic>
#include <mutex>
#include <thread>

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;
using namespace gogo_tool;

namespace {

const char* const tool_name = "gogo-rewrite";

// Set when clang crashed on a file: its half-destroyed state must not be
// torn down by llvm_shutdown() at exit.
std::atomic<bool> recovered_from_crash{false};

// ---------------------------------------------------------------------------
// Where clang's builtin headers and gogo's headers are.

struct install_paths {
  std::string resource_dir;
  std::string gogo_include;  // empty: leave it to the user's flags
};

bool exists_file(const llvm::Twine& p) { return fs::exists(p) && !fs::is_directory(p); }

install_paths find_install_paths(const char* argv0, const std::string& override_dir) {
  install_paths p;
  static int anchor;
  std::string exe = fs::getMainExecutable(argv0, &anchor);
  llvm::SmallString<256> prefix(exe);
  path::remove_filename(prefix);  // bin/
  path::remove_filename(prefix);  // the prefix
  if (!override_dir.empty()) {
    p.resource_dir = override_dir;
  } else if (const char* env = std::getenv("GOGO_CLANG_RESOURCE_DIR")) {
    p.resource_dir = env;
  } else {
    // A copy installed with clang's builtin headers beside it
    // (<prefix>/lib/clang/<version>) uses those, else those of the LLVM it
    // was built against: the headers must be the parser's own version.
    std::string next_to_us = compat::resource_dir_of(exe);
    if (exists_file(next_to_us + "/include/stddef.h"))
      p.resource_dir = next_to_us;
    else
      p.resource_dir = compat::resource_dir_of(GOGO_LLVM_BINARY_DIR "/clang");
  }
  llvm::SmallString<256> installed(prefix);
  path::append(installed, "include");
  if (exists_file(installed + "/gogo/go_keyword.hpp"))
    p.gogo_include = std::string(installed);
  else if (exists_file(llvm::Twine(GOGO_SOURCE_INCLUDE_DIR) + "/gogo/go_keyword.hpp"))
    p.gogo_include = GOGO_SOURCE_INCLUDE_DIR;
  return p;
}

// ---------------------------------------------------------------------------
// Inputs.

bool has_cpp_extension(llvm::StringRef file) {
  llvm::StringRef ext = path::extension(file);
  static const char* const known[] = {".cpp", ".cc",  ".cxx", ".c++", ".C",
                                      ".cp",  ".CPP", ".h",   ".hh",  ".hpp",
                                      ".hxx", ".h++", ".H",   ".ipp", ".inl",
                                      ".tcc", ".ixx", ".cppm"};
  for (const char* k : known)
    if (ext == k) return true;
  return false;
}

// The fast path: does the file's own text (not comments or strings) contain
// the token `go`? If not there is no go statement and no need to parse.
bool mentions_go(llvm::StringRef text) {
  clang::LangOptions lang;
  lang.CPlusPlus = lang.CPlusPlus11 = lang.CPlusPlus14 = lang.CPlusPlus17 = 1;
  clang::Lexer lexer(clang::SourceLocation(), lang, text.begin(), text.begin(),
                     text.end());
  clang::Token tok;
  while (!lexer.LexFromRawLexer(tok) || tok.isNot(clang::tok::eof)) {
    if (tok.is(clang::tok::raw_identifier) && tok.getRawIdentifier() == "go")
      return true;
    if (tok.is(clang::tok::eof)) break;
  }
  return false;
}

// Compile commands written for g++ may hold options clang does not know
// (-fconcepts-diagnostics-depth=3, -fno-gnu-unique, ...). They do not matter
// for parsing; the clang driver would reject them, so drop them.
std::vector<std::string> drop_unknown_options(std::vector<std::string> cmd) {
  if (cmd.size() < 2) return cmd;
  std::vector<const char*> argv;
  for (size_t i = 1; i < cmd.size(); ++i) argv.push_back(cmd[i].c_str());
  unsigned missing_index = 0, missing_count = 0;
  llvm::opt::InputArgList args = clang::driver::getDriverOptTable().ParseArgs(
      argv, missing_index, missing_count);
  std::vector<std::string> unknown;
  for (const llvm::opt::Arg* a : args.filtered(clang::driver::options::OPT_UNKNOWN))
    unknown.push_back(a->getAsString(args));
  if (unknown.empty()) return cmd;
  std::vector<std::string> kept = {cmd[0]};
  for (size_t i = 1; i < cmd.size(); ++i)
    if (std::find(unknown.begin(), unknown.end(), cmd[i]) == unknown.end())
      kept.push_back(cmd[i]);
  return kept;
}

// Options that turn clang's warnings into errors. clang's own warnings mean
// nothing to the tool (it drops them, and the compiler that builds the code
// may well not warn there), and gogo's warnings become errors through
// --werror only; a build's -Werror must not fail the rewrite.
std::vector<std::string> drop_warning_errors(std::vector<std::string> cmd) {
  cmd.erase(std::remove_if(cmd.begin() + (cmd.empty() ? 0 : 1), cmd.end(),
                           [](const std::string& a) {
                             llvm::StringRef arg(a);
                             return arg == "-Werror" ||
                                    compat::starts_with(arg, "-Werror=") ||
                                    arg == "-pedantic-errors" ||
                                    arg == "--pedantic-errors";
                           }),
            cmd.end());
  return cmd;
}

// A compile command's -resource-dir names the builtin headers of the clang
// that wrote it; the parser needs those of its own version.
std::vector<std::string> drop_resource_dir(std::vector<std::string> cmd) {
  std::vector<std::string> kept;
  for (size_t i = 0; i < cmd.size(); ++i) {
    if (i > 0 && cmd[i] == "-resource-dir") {
      ++i;  // and its value
      continue;
    }
    if (i > 0 && compat::starts_with(cmd[i], "-resource-dir=")) continue;
    kept.push_back(cmd[i]);
  }
  return kept;
}

std::vector<std::string> adjust_command(std::vector<std::string> cmd,
                                        const std::string& file,
                                        const install_paths& paths) {
  using namespace clang::tooling;
  cmd = getClangStripOutputAdjuster()(cmd, file);
  cmd = getClangStripDependencyFileAdjuster()(cmd, file);
  cmd = getClangSyntaxOnlyAdjuster()(cmd, file);
  cmd = drop_unknown_options(std::move(cmd));
  cmd = drop_warning_errors(std::move(cmd));
  cmd = drop_resource_dir(std::move(cmd));
  auto has = [&](llvm::StringRef prefix) {
    return std::any_of(cmd.begin(), cmd.end(), [&](const std::string& a) {
      return compat::starts_with(a, prefix);
    });
  };
  CommandLineArguments front = {"-xc++"};
  if (!has("-std=") && !has("--std")) front.push_back("-std=c++17");
  CommandLineArguments back = {"-resource-dir=" + paths.resource_dir};
  if (!paths.gogo_include.empty()) {
    back.push_back("-idirafter");
    back.push_back(paths.gogo_include);
  }
  back.push_back("-Qunused-arguments");
  cmd = getInsertArgumentAdjuster(front, ArgumentInsertPosition::BEGIN)(cmd, file);
  cmd = getInsertArgumentAdjuster(back, ArgumentInsertPosition::END)(cmd, file);
  return cmd;
}

// ---------------------------------------------------------------------------
// One file.

struct file_outcome {
  int status = 0;            // 0, 1 or 2
  std::string messages;      // for stderr, in clang's format
  std::string stdout_text;   // stdout mode
  unsigned errors = 0, warnings = 0;
  std::vector<clang::tooling::Diagnostic> recorded;
  bool parsed_without_flags = false;  // no -p, no --, no database found
};

std::string absolute(const std::string& p) {
  llvm::SmallString<256> a(p);
  fs::make_absolute(a);
  path::remove_dots(a, /*remove_dot_dot=*/true);
  return std::string(a);
}

// `p` resolved against `directory` when it is relative, without . and ..
std::string absolute_in(const std::string& directory, llvm::StringRef p) {
  llvm::SmallString<256> a(p);
  if (!path::is_absolute(a)) {
    llvm::SmallString<256> base(directory);
    path::append(base, p);
    a = base;
  }
  path::remove_dots(a, /*remove_dot_dot=*/true);
  return std::string(a);
}

// `option DIR` or `optionDIR` at cmd[i]: DIR, and how many arguments it
// takes (0: not this option).
std::pair<std::string, size_t> option_value(const std::vector<std::string>& cmd,
                                            size_t i, llvm::StringRef option) {
  llvm::StringRef arg(cmd[i]);
  if (arg == option) {
    if (i + 1 < cmd.size()) return {cmd[i + 1], 2};
    return {"", 0};
  }
  if (compat::starts_with(arg, option)) return {arg.drop_front(option.size()).str(), 1};
  return {"", 0};
}

std::string without_trailing_slash(std::string p) {
  while (p.size() > 1 && path::is_separator(p.back())) p.pop_back();
  return p;
}

// The -iquote directories of a command, absolute.
std::vector<std::string> iquote_dirs(const std::vector<std::string>& cmd,
                                     const std::string& directory) {
  std::vector<std::string> dirs;
  for (size_t i = 1; i < cmd.size(); ++i) {
    auto [value, count] = option_value(cmd, i, "-iquote");
    if (!count) continue;
    dirs.push_back(without_trailing_slash(absolute_in(directory, value)));
    i += count - 1;
  }
  return dirs;
}

// The command without the include-directory options that name `dir` (the
// header dir: the tool parses the originals, never the copies).
std::vector<std::string> without_include_dir(std::vector<std::string> cmd,
                                             const std::string& dir,
                                             const std::string& directory) {
  if (dir.empty()) return cmd;
  std::string target = without_trailing_slash(dir);
  std::vector<std::string> kept;
  for (size_t i = 0; i < cmd.size(); ++i) {
    size_t skip = 0;
    for (const char* option : {"-I", "-iquote", "-isystem", "-idirafter"}) {
      if (i == 0) break;
      auto [value, count] = option_value(cmd, i, option);
      if (count && without_trailing_slash(absolute_in(directory, value)) == target)
        skip = count;
      if (count) break;
    }
    if (skip) {
      i += skip - 1;
      continue;
    }
    kept.push_back(cmd[i]);
  }
  return kept;
}

class runner {
 public:
  runner(const options& o, const install_paths& paths, compile_flags& flags,
         std::string root)
      : o_(o),
        paths_(paths),
        flags_(flags),
        root_(std::move(root)),
        configs_(o.config_file) {}

  file_outcome process(const std::string& file) {
    file_outcome r;
    std::string text, error;
    if (!read_source(file, text, error)) return usage_error(r, error);
    if (!has_cpp_extension(file))
      return usage_error(r, "'" + file +
                                "' is not a C++ source file (expected a "
                                ".cpp, .cc, .cxx, .h, .hpp, ... extension)");
    if (text.find('\0') != std::string::npos) {
      r.messages = file + ": error: binary file (it contains NUL bytes), "
                          "not C++ source\n";
      r.errors = 1;
      r.status = 1;
      return r;
    }
    std::string output = text;
    std::string clang_main_file = file;
    std::vector<std::string> dependencies = {file};
    std::vector<std::pair<std::string, std::string>> headers;  // path, text
    std::vector<std::string> stale_headers;
    llvm::SmallString<256> directory;  // what relative dependencies are relative to
    fs::current_path(directory);
    // Rewriting needs go statements; linting also looks at threads. With
    // --header-dir, the headers of a file without go statements may have
    // some (a scan tells).
    bool has_go = mentions_go(text);
    bool scan_headers = !o_.lint && !has_go && o_.output == output_kind::directory &&
                        !o_.header_dir.empty();
    if (o_.lint || has_go || scan_headers) {
      compile_lookup flags = flags_.find(file);
      if (flags.commands.empty())
        return usage_error(r, "no compile command for '" + file + "' in '" +
                                  flags.database + "'");
      r.parsed_without_flags = flags.found_nothing;
      clang::tooling::CompileCommand& c = flags.commands.front();
      tu_request request;
      request.command = adjust_command(c.CommandLine, c.Filename, paths_);
      request.directory = c.Directory;
      request.headers = header_request(request.command, c.Directory);
      request.command = without_include_dir(std::move(request.command),
                                            request.headers.header_dir,
                                            c.Directory);
      request.display_name = file;
      request.mode = o_.lint ? tool_mode::lint : tool_mode::rewrite;
      request.parse_only_if_headers_use_go = scan_headers;
      request.werror = o_.werror;
      if (o_.lint) {
        std::string why;
        request.config = configs_.for_source(absolute(file), why);
        if (!request.config) return usage_error(r, why);
      }
      // Each thread handles at most one file: freeing its AST is wasted work.
      request.leak_ast = o_.inputs.size() <= o_.jobs;
      // A crash inside clang on one file becomes an error for that file;
      // the others are still processed and nothing half-written remains.
      tu_result tu;
      llvm::CrashRecoveryContext crash;
      if (!crash.RunSafely([&] { tu = run_translation_unit(request); })) {
        recovered_from_crash = true;
        r.messages += std::string(tool_name) +
                      ": error: internal error: clang crashed on '" + file +
                      "'; please report it with this file\n";
        r.errors += 1;
        r.status = 1;
        return r;
      }
      r.messages = tu.diagnostics;
      r.errors = tu.errors;
      r.warnings = tu.warnings;
      r.recorded = std::move(tu.recorded);
      if (!tu.ok) {
        r.status = 1;
        return r;
      }
      output = std::move(tu.output);
      headers = std::move(tu.headers);
      stale_headers = std::move(tu.stale_headers);
      clang_main_file = tu.main_file;
      dependencies = std::move(tu.dependencies);
      directory = c.Directory;
    }
    switch (o_.output) {
      case output_kind::stdout_:
        r.stdout_text = std::move(output);
        break;
      case output_kind::directory: {
        std::string to = output_path(r, file);
        write(r, to, line_directive_unless_present(file, output));
        if (r.status == 0) write_headers(r, headers, stale_headers);
        if (!o_.depfile.empty() && r.status == 0)
          write_depfile(r, to, dependencies, std::string(directory));
        break;
      }
      case output_kind::in_place:
        if (output != text) write(r, file, output);
        break;
      case output_kind::none:
        if (o_.fix) apply_fixes(r, file, clang_main_file, text);
        break;
    }
    return r;
  }

 private:
  static file_outcome& usage_error(file_outcome& r, const std::string& e) {
    r.messages += std::string(tool_name) + ": error: " + e + "\n";
    r.status = 2;
    return r;
  }

  // Where the rewritten copies of the file's headers go, and what makes
  // their place on the include path (header_copies.h).
  header_copy_request header_request(const std::vector<std::string>& command,
                                     const std::string& directory) const {
    header_copy_request h;
    h.directory = directory;
    h.iquote_dirs = iquote_dirs(command, directory);
    switch (o_.output) {
      case output_kind::directory:
        if (!o_.header_dir.empty())
          h.header_dir = absolute(o_.header_dir);
        else
          h.why_no_header_dir =
              "rewritten copies of headers need a directory searched first "
              "for headers: give --header-dir DIR, and compile with -I DIR "
              "before your own -I";
        break;
      case output_kind::stdout_:
        h.why_no_header_dir =
            "the rewritten file goes to stdout; rewritten copies of headers "
            "need -o DIR --header-dir DIR";
        break;
      case output_kind::in_place:
        h.why_no_header_dir =
            "-i rewrites only the files it is given; give the header as an "
            "input too";
        for (const std::string& input : o_.inputs)
          h.inputs_in_place.push_back(absolute(input));
        break;
      case output_kind::none:  // --lint: check them, write nothing
        break;
    }
    return h;
  }

  // The copies written only where they change, so that what includes them
  // is not rebuilt for nothing; stale ones deleted.
  void write_headers(file_outcome& r,
                     const std::vector<std::pair<std::string, std::string>>& headers,
                     const std::vector<std::string>& stale) {
    for (const auto& [to, text] : headers) {
      std::string old, ignored;
      if (read_source(to, old, ignored) && old == text) continue;
      llvm::SmallString<256> dir(to);
      path::remove_filename(dir);
      if (std::error_code e = fs::create_directories(dir)) {
        r.messages += std::string(tool_name) + ": error: cannot create '" +
                      std::string(dir) + "': " + e.message() + "\n";
        r.status = std::max(r.status, 1);
        continue;
      }
      write(r, to, text);
    }
    for (const std::string& gone : stale) fs::remove(gone);
  }

  std::string line_directive_unless_present(const std::string& file,
                                            const std::string& text) {
    if (compat::starts_with(text, "#line 1 \"")) return text;
    return line_directive(absolute(file)) + text;
  }

  std::string output_path(file_outcome& r, const std::string& file) {
    std::string abs = absolute(file);
    llvm::StringRef rel(abs);
    if (!rel.consume_front(root_) || (!rel.empty() && !path::is_separator(rel[0]))) {
      usage_error(r, "'" + file + "' is not under --root '" + root_ + "'");
      return "";
    }
    rel = rel.ltrim("/");
    llvm::SmallString<256> out(o_.output_dir);
    path::append(out, rel);
    if (absolute(std::string(out)) == abs) {
      usage_error(r, "-o would overwrite the input '" + file +
                         "'; use -i to rewrite in place");
      return "";
    }
    return std::string(out);
  }

  void write(file_outcome& r, const std::string& to, const std::string& text) {
    if (to.empty()) return;  // output_path reported why
    std::string error;
    if (!write_atomically(to, text, error)) {
      r.messages += std::string(tool_name) + ": error: " + error + "\n";
      r.status = std::max(r.status, 1);
    }
  }

  // --depfile: "output: dependencies", Makefile syntax, absolute paths.
  void write_depfile(file_outcome& r, const std::string& output,
                     std::vector<std::string> dependencies,
                     const std::string& directory) {
    auto escape = [](llvm::StringRef p) {
      std::string out;
      for (char c : p) {
        if (c == ' ' || c == '#' || c == '\\') out += '\\';
        if (c == '$') out += '$';
        out += c;
      }
      return out;
    };
    std::sort(dependencies.begin(), dependencies.end());
    dependencies.erase(std::unique(dependencies.begin(), dependencies.end()),
                       dependencies.end());
    std::string text = escape(absolute(output)) + ":";
    for (const std::string& d : dependencies)
      text += " \\\n  " + escape(absolute_in(directory, d));
    text += "\n";
    write(r, o_.depfile, text);
  }

  // --fix: the fix-its of this file's gogo diagnostics, applied in place.
  void apply_fixes(file_outcome& r, const std::string& file,
                   const std::string& clang_name, const std::string& text) {
    clang::tooling::Replacements all;
    unsigned wanted = 0;
    for (const auto& d : r.recorded) {
      for (const auto& entry : d.Message.Fix) {
        llvm::StringRef fix_file = entry.getKey();
        const clang::tooling::Replacements& replacements = entry.getValue();
        if (fix_file != clang_name && absolute(fix_file.str()) != absolute(file))
          continue;
        for (const auto& rep : replacements) {
          ++wanted;
          clang::tooling::Replacement local(file, rep.getOffset(),
                                            rep.getLength(),
                                            rep.getReplacementText());
          if (llvm::Error e = all.add(local)) llvm::consumeError(std::move(e));
        }
      }
    }
    if (all.empty()) return;
    llvm::Expected<std::string> fixed =
        clang::tooling::applyAllReplacements(text, all);
    if (!fixed) {
      r.messages += std::string(tool_name) + ": error: cannot apply fix-its to '" +
                    file + "': " + llvm::toString(fixed.takeError()) + "\n";
      r.status = std::max(r.status, 1);
      return;
    }
    write(r, file, *fixed);
    r.messages += std::string(tool_name) + ": applied " +
                  std::to_string(all.size()) + " of " + std::to_string(wanted) +
                  " fix-its to '" + file + "'\n";
  }

  const options& o_;
  const install_paths& paths_;
  compile_flags& flags_;
  std::string root_;
  lint_config_finder configs_;
};

// The deepest directory containing every input (for -o without --root).
std::string common_root(const std::vector<std::string>& inputs) {
  std::string root;
  for (size_t i = 0; i < inputs.size(); ++i) {
    llvm::SmallString<256> dir(absolute(inputs[i]));
    path::remove_filename(dir);
    std::string d(dir);
    if (i == 0) {
      root = d;
      continue;
    }
    while (!root.empty() &&
           !(compat::starts_with(d, root) &&
             (d.size() == root.size() || path::is_separator(d[root.size()]) ||
              root == "/"))) {
      llvm::SmallString<256> up(root);
      path::remove_filename(up);
      if (std::string(up) == root) break;
      root = std::string(up);
      if (root.empty()) root = "/";
    }
  }
  while (root.size() > 1 && path::is_separator(root.back())) root.pop_back();
  return root;
}

std::string plural(unsigned n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// clang-apply-replacements wants absolute paths.
void make_paths_absolute(clang::tooling::DiagnosticMessage& m,
                         const std::string& directory) {
  auto abs = [&](llvm::StringRef p) { return absolute_in(directory, p); };
  if (!m.FilePath.empty()) m.FilePath = abs(m.FilePath);
  llvm::StringMap<clang::tooling::Replacements> fixed;
  for (const auto& entry : m.Fix) {
    std::string file = abs(entry.getKey());
    for (const auto& r : entry.getValue()) {
      clang::tooling::Replacement a(file, r.getOffset(), r.getLength(),
                                    r.getReplacementText());
      if (llvm::Error e = fixed[file].add(a)) llvm::consumeError(std::move(e));
    }
  }
  m.Fix = std::move(fixed);
}

bool export_fixes(const std::string& to, const std::string& main_file,
                  std::vector<clang::tooling::Diagnostic> diagnostics,
                  std::string& error) {
  for (auto& d : diagnostics) {
    make_paths_absolute(d.Message, d.BuildDirectory);
    for (auto& note : d.Notes) make_paths_absolute(note, d.BuildDirectory);
  }
  clang::tooling::TranslationUnitDiagnostics tu;
  tu.MainSourceFile = main_file;
  tu.Diagnostics = std::move(diagnostics);
  std::string yaml;
  {
    llvm::raw_string_ostream os(yaml);
    llvm::yaml::Output out(os);
    out << tu;
  }
  return write_atomically(to, yaml, error);
}

// One warning for every file parsed without any flags (no -p, no --, no
// compile_commands.json above it): what was assumed, and how to do better.
void warn_once_about_missing_flags(const std::vector<file_outcome>& outcomes,
                                   const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (size_t i = 0; i < outcomes.size(); ++i)
    if (outcomes[i].parsed_without_flags) files.push_back(inputs[i]);
  if (files.empty()) return;
  std::string which = "'" + files.front() + "'";
  if (files.size() > 1)
    which += " and " + plural(files.size() - 1, "other file");
  llvm::errs() << tool_name << ": warning: no compile_commands.json found in "
               << "the directory of " << which << " or above: parsed as "
               << "-std=c++17 without include paths or definitions; give the "
               << "build's flags with -p BUILD (CMake: "
               << "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON) or after --\n";
}

}  // namespace

int main(int argc, const char** argv) {
  llvm::InitLLVM init(argc, argv);
  llvm::CrashRecoveryContext::Enable();
  options o;
  std::string error;
  if (!parse_options(argc, argv, o, error)) {
    llvm::errs() << tool_name << ": error: " << error << "\n";
    return 2;
  }
  if (o.help) {
    llvm::outs() << usage_text();
    return 0;
  }
  if (o.version) {
    llvm::outs() << tool_name << " " << GOGO_VERSION << " (clang "
                 << CLANG_VERSION_STRING << ")\n";
    return 0;
  }
  install_paths paths = find_install_paths(argv[0], o.resource_dir);
  if (o.print_paths) {
    llvm::outs() << "resource-dir: " << paths.resource_dir << "\n"
                 << "gogo-include: " << paths.gogo_include << "\n";
    return 0;
  }

  compile_flags flags;
  if (!flags.init(o, error)) {
    llvm::errs() << tool_name << ": error: " << error << "\n";
    return 2;
  }

  if (o.inputs.empty() && !database_sources(o.build_dir, o.inputs, error)) {
    llvm::errs() << tool_name << ": error: " << error << "\n";
    return 2;
  }

  std::string root;
  if (o.output == output_kind::directory)
    root = o.root.empty() ? common_root(o.inputs) : absolute(o.root);
  while (root.size() > 1 && path::is_separator(root.back())) root.pop_back();

  runner run(o, paths, flags, root);
  std::vector<file_outcome> outcomes(o.inputs.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < o.inputs.size();)
      outcomes[i] = run.process(o.inputs[i]);
  };
  unsigned jobs = std::min<size_t>(o.jobs, o.inputs.size());
  if (jobs <= 1) {
    work();
  } else {
    std::vector<std::thread> threads;
    for (unsigned j = 0; j < jobs; ++j) threads.emplace_back(work);
    for (std::thread& t : threads) t.join();
  }

  warn_once_about_missing_flags(outcomes, o.inputs);
  int status = 0;
  unsigned errors = 0, warnings = 0, files_with_findings = 0;
  std::vector<clang::tooling::Diagnostic> recorded;
  for (file_outcome& r : outcomes) {
    llvm::errs() << r.messages;
    llvm::outs() << r.stdout_text;
    status = std::max(status, r.status);
    errors += r.errors;
    warnings += r.warnings;
    if (r.errors + r.warnings) ++files_with_findings;
    for (auto& d : r.recorded) recorded.push_back(std::move(d));
  }
  if (o.sarif) {
    // Unsuccessful: a usage error, or errors that are not findings (a file
    // that does not parse, a fix that cannot be applied).
    auto findings = std::count_if(
        recorded.begin(), recorded.end(), [](const auto& d) {
          return d.DiagLevel == clang::tooling::Diagnostic::Error;
        });
    bool successful = status < 2 && errors == unsigned(findings) &&
                      (status == 0 || findings > 0);
    std::vector<clang::tooling::Diagnostic> located = recorded;
    for (auto& d : located) {
      make_paths_absolute(d.Message, d.BuildDirectory);
      for (auto& note : d.Notes) make_paths_absolute(note, d.BuildDirectory);
    }
    llvm::outs() << sarif_log({located, GOGO_VERSION, absolute("."),
                               successful});
  }
  llvm::outs().flush();
  if (!o.export_fixes.empty()) {
    std::string why;
    if (!export_fixes(o.export_fixes, absolute(o.inputs.front()),
                      std::move(recorded), why)) {
      llvm::errs() << tool_name << ": error: " << why << "\n";
      status = std::max(status, 1);
    }
  }
  if (o.lint && errors + warnings)
    llvm::errs() << plural(warnings, "warning") << ", " << plural(errors, "error")
                 << " in " << plural(files_with_findings, "file") << "\n";
  if (recovered_from_crash) {
    llvm::outs().flush();
    llvm::errs().flush();
    std::_Exit(status);
  }
  return status;
}
