// Command-line parsing: every option of docs/rewrite.md, and the
// combinations that make no sense rejected up front (exit status 2).
#include "options.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/StringSaver.h"

#include <cstdlib>
#include <cstring>
#include <fstream>

namespace gogo_tool {

namespace {

// "-o DIR", "-oDIR", "--opt=VALUE", "--opt VALUE".
class arg_reader {
 public:
  arg_reader(int argc, const char* const* argv) : argc_(argc), argv_(argv) {}
  bool done() const { return i_ >= argc_; }
  std::string next() { return argv_[i_++]; }
  // Value of option `name` whose spelling `arg` was just read.
  bool value(const std::string& arg, const std::string& name, std::string& out,
             std::string& error) {
    if (arg.size() > name.size()) {  // -oDIR or --name=VALUE
      size_t skip = name.size() + (name.compare(0, 2, "--") == 0 ? 1 : 0);
      out = arg.substr(skip);
    } else if (i_ < argc_) {
      out = argv_[i_++];
    } else {
      error = "option '" + name + "' needs a value";
      return false;
    }
    if (out.empty()) {
      error = "option '" + name + "' needs a value";
      return false;
    }
    return true;
  }

 private:
  int argc_;
  const char* const* argv_;
  int i_ = 1;
};

// --flags-file=FILE: one compiler argument per line, taken literally (no
// quoting to get wrong: gogo_rewrite_sources() writes it with CMake's
// file(GENERATE), which cannot escape); empty lines are skipped; a line
// `SHELL:a b` is split like a shell would (CMake's SHELL: option groups).
bool read_flags_file(const std::string& file, std::vector<std::string>& out,
                     std::string& error) {
  std::ifstream in(file);
  if (!in) {
    error = "--flags-file: cannot read '" + file + "'";
    return false;
  }
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (line.compare(0, 6, "SHELL:") != 0) {
      out.push_back(line);
      continue;
    }
    llvm::BumpPtrAllocator arena;
    llvm::StringSaver saver(arena);
    llvm::SmallVector<const char*, 8> words;
    llvm::cl::TokenizeGNUCommandLine(llvm::StringRef(line).drop_front(6),
                                     saver, words);
    for (const char* word : words)
      if (word) out.push_back(word);
  }
  return true;
}

bool is(const std::string& arg, const char* name) {
  size_t n = std::strlen(name);
  if (arg.compare(0, n, name) != 0) return false;
  if (arg.size() == n) return true;
  if (name[1] == '-') return arg[n] == '=';  // --name=VALUE
  return n == 2;                               // -oVALUE
}

}  // namespace

bool parse_options(int argc, const char* const* argv, options& o,
                   std::string& error) {
  arg_reader in(argc, argv);
  bool output_dir = false, in_place = false;
  std::string jobs;
  std::vector<std::string> file_flags;
  while (!in.done()) {
    std::string arg = in.next();
    if (arg == "--") {
      o.has_flags = true;
      while (!in.done()) o.compiler_flags.push_back(in.next());
      break;
    }
    if (arg == "--help" || arg == "-h" || arg == "-help") {
      o.help = true;
    } else if (arg == "--version" || arg == "-version") {
      o.version = true;
    } else if (arg == "--print-paths") {
      o.print_paths = true;
    } else if (arg == "--lint") {
      o.lint = true;
    } else if (arg == "--werror") {
      o.werror = true;
    } else if (arg == "--fix") {
      o.fix = true;
    } else if (arg == "-i") {
      in_place = true;
    } else if (is(arg, "-o")) {
      if (!in.value(arg, "-o", o.output_dir, error)) return false;
      output_dir = true;
    } else if (is(arg, "-p")) {
      if (!in.value(arg, "-p", o.build_dir, error)) return false;
    } else if (is(arg, "-j")) {
      if (!in.value(arg, "-j", jobs, error)) return false;
      char* end = nullptr;
      long n = std::strtol(jobs.c_str(), &end, 10);
      if (*end || n < 1 || n > 1024) {
        error = "option '-j' needs a number of jobs from 1 to 1024, not '" +
                jobs + "'";
        return false;
      }
      o.jobs = static_cast<unsigned>(n);
    } else if (is(arg, "--root")) {
      if (!in.value(arg, "--root", o.root, error)) return false;
    } else if (is(arg, "--export-fixes")) {
      if (!in.value(arg, "--export-fixes", o.export_fixes, error)) return false;
    } else if (is(arg, "--config-file")) {
      if (!in.value(arg, "--config-file", o.config_file, error)) return false;
    } else if (is(arg, "--format")) {
      std::string format;
      if (!in.value(arg, "--format", format, error)) return false;
      if (format != "text" && format != "sarif") {
        error = "option '--format' takes text or sarif, not '" + format + "'";
        return false;
      }
      o.sarif = format == "sarif";
    } else if (is(arg, "--depfile")) {
      if (!in.value(arg, "--depfile", o.depfile, error)) return false;
    } else if (is(arg, "--header-dir")) {
      if (!in.value(arg, "--header-dir", o.header_dir, error)) return false;
    } else if (is(arg, "--flags-file")) {
      std::string file;
      if (!in.value(arg, "--flags-file", file, error)) return false;
      if (!read_flags_file(file, file_flags, error)) return false;
      o.has_flags = true;
    } else if (is(arg, "--resource-dir")) {
      if (!in.value(arg, "--resource-dir", o.resource_dir, error)) return false;
    } else if (arg.size() > 1 && arg[0] == '-') {
      error = "unknown option '" + arg + "' (see --help)";
      return false;
    } else {
      o.inputs.push_back(arg);
    }
  }
  // The file's flags come first, then those after `--`.
  o.compiler_flags.insert(o.compiler_flags.begin(), file_flags.begin(),
                          file_flags.end());
  if (o.help || o.version || o.print_paths) return true;

  if (output_dir && in_place) {
    error = "-o and -i exclude each other";
    return false;
  }
  if (o.lint && (output_dir || in_place)) {
    error = "--lint writes no rewritten files; drop -o/-i (use --fix to apply fix-its)";
    return false;
  }
  if (o.fix && !o.lint) {
    error = "--fix applies lint fix-its and needs --lint";
    return false;
  }
  if (!o.build_dir.empty() && !file_flags.empty()) {
    error = "give compiler flags either with -p BUILD or with --flags-file, "
            "not both";
    return false;
  }
  if (!o.build_dir.empty() && o.has_flags) {
    error = "give compiler flags either with -p BUILD or after --, not both";
    return false;
  }
  if (!o.root.empty() && !output_dir) {
    error = "--root only makes sense with -o DIR";
    return false;
  }
  if (!o.header_dir.empty() && !output_dir) {
    error = "--header-dir goes with -o DIR";
    return false;
  }
  if (!o.depfile.empty() && (!output_dir || o.inputs.size() != 1)) {
    error = "--depfile needs -o DIR and exactly one input";
    return false;
  }
  if (o.sarif && !o.lint) {
    error = "--format=sarif needs --lint";
    return false;
  }
  // --lint -p BUILD alone: every source of the database (lint_database.h).
  if (o.inputs.empty() && !(o.lint && !o.build_dir.empty())) {
    error = "no input files (see --help)";
    return false;
  }
  if (o.lint)
    o.output = output_kind::none;
  else if (output_dir)
    o.output = output_kind::directory;
  else if (in_place)
    o.output = output_kind::in_place;
  else
    o.output = output_kind::stdout_;
  if (o.output == output_kind::stdout_ && o.inputs.size() > 1) {
    error = "writing to stdout takes one input file; use -o DIR or -i for " +
            std::to_string(o.inputs.size()) + " files";
    return false;
  }
  return true;
}

const char* usage_text() {
  return R"(USAGE: gogo-rewrite [options] <source>... [-- <compiler flags>]
       gogo-rewrite --lint [options] -p BUILD [<source>...]

Rewrites every `go` statement (the go macro of <gogo/gogo.hpp>) into calls
to the gogo runtime, and refuses code where a goroutine captures a loop
variable by reference.

OUTPUT (one of):
  (none)               write the rewritten source to stdout (one input)
  -o DIR               write each file to DIR, keeping its path relative to
                       the inputs' common directory (or --root); adds
                       #line 1 "<original>" so diagnostics name the original
  -i                   rewrite in place
  --lint               diagnostics only, write nothing

OPTIONS:
  -p BUILD             read compile_commands.json from BUILD; with --lint
                       and no sources, lint every C++ source it lists
  -- FLAGS             compiler flags for every input instead of -p
                       (neither: the compile_commands.json found from each
                       input's directory upward, as clang-tidy finds it)
  --flags-file=FILE    compiler flags from FILE, one per line, taken
                       literally ('SHELL:a b' lines are split), before any
                       given after --
  --root DIR           with -o: the directory output paths are relative to
  --werror             warnings are errors (exit status 1)
  --fix                with --lint: apply fix-its in place
  --export-fixes=FILE  write fix-its as clang-apply-replacements YAML
  --config-file=FILE   with --lint: the spawners and waits to know
                       (default: the nearest .gogo-lint.yaml above each
                       source)
  --format=sarif       with --lint: also print the findings to stdout as
                       SARIF 2.1.0 (code scanning); text stays on stderr
  -j N                 process N files in parallel (default 1)
  --header-dir=DIR     with -o: write rewritten copies of the headers with
                       go statements to DIR (compile with -I DIR first)
  --depfile=FILE       with -o and one input: write a Makefile-style list of
                       the files the output depends on (for build systems)
  --resource-dir=DIR   clang's builtin headers (default: found automatically)
  --print-paths        print the builtin-header and gogo include directories
                       this copy uses, and exit
  --version            print the version
  --help               print this help

EXIT STATUS: 0 success, 1 an error diagnostic (race, parse error,
unrewritable statement), 2 usage error (bad option, missing file).
)";
}

}  // namespace gogo_tool
