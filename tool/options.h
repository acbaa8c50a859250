// The command line of gogo-rewrite (docs/rewrite.md lists it for users).
#ifndef GOGO_TOOL_OPTIONS_H
#define GOGO_TOOL_OPTIONS_H

#include <string>
#include <vector>

namespace gogo_tool {

enum class output_kind { stdout_, directory, in_place, none };

struct options {
  std::vector<std::string> inputs;
  output_kind output = output_kind::stdout_;
  std::string output_dir;     // -o
  std::string root;           // --root
  std::string build_dir;      // -p
  bool has_flags = false;     // `--` or --flags-file was given
  std::vector<std::string> compiler_flags;  // --flags-file, then after `--`
  bool lint = false;
  bool werror = false;
  bool fix = false;
  std::string export_fixes;   // --export-fixes=FILE
  std::string config_file;    // --config-file=FILE (.gogo-lint.yaml)
  bool sarif = false;         // --format=sarif (with --lint)
  std::string resource_dir;   // --resource-dir=DIR
  std::string depfile;        // --depfile=FILE (with -o, one input)
  std::string header_dir;     // --header-dir=DIR (with -o)
  unsigned jobs = 1;
  bool help = false;
  bool version = false;
  bool print_paths = false;  // --print-paths
};

// Parses argv. On a usage error returns false and sets `error` to a
// one-line message (the caller prints it and exits with status 2).
bool parse_options(int argc, const char* const* argv, options& out,
                   std::string& error);

const char* usage_text();

}  // namespace gogo_tool

#endif
