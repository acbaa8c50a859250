// One input file through clang: parse, find go statements, run every check,
// and (rewrite mode) produce the rewritten text.
#ifndef GOGO_TOOL_TRANSLATION_UNIT_H
#define GOGO_TOOL_TRANSLATION_UNIT_H

#include "check.h"
#include "header_copies.h"
#include "lint_config.h"

#include "clang/Tooling/Core/Diagnostic.h"

#include <memory>
#include <string>
#include <vector>

namespace gogo_tool {

struct tu_request {
  std::vector<std::string> command;  // clang command line, argv[0] first
  std::string directory;             // working directory of the command
  // The main file as the user named it; diagnostics print this name
  // whatever name the command gives it (a database's absolute path).
  std::string display_name;
  tool_mode mode = tool_mode::rewrite;
  bool werror = false;
  // --lint: the user's spawners and waits (lint_config.h). Rewrite mode
  // checks go statements only.
  std::shared_ptr<const lint_config> config;
  // Where rewritten copies of the file's headers go (header_copies.h).
  header_copy_request headers;
  // Rewrite mode, for a file without a go token of its own: preprocess it
  // first, and parse it only if its headers use gogo's `go` (they may need
  // rewritten copies, and the file's #includes edits); else the output is
  // the file as it is. Either way the dependencies are every file read, so
  // a header that gains a go statement later makes the file be redone.
  bool parse_only_if_headers_use_go = false;
  // Skip freeing the AST at the end (like clang -fsyntax-only does): faster
  // exit, but the memory stays allocated. For the last file of a run only.
  bool leak_ast = false;
};

struct tu_result {
  bool ok = false;            // parsed, and no diagnostic of error severity
  std::string output;         // rewrite mode, when ok: the rewritten file
  std::string main_file;      // the main file's path as clang saw it
  std::string diagnostics;    // printed diagnostics, clang's format
  unsigned errors = 0, warnings = 0;
  std::vector<clang::tooling::Diagnostic> recorded;  // gogo diagnostics
  std::vector<std::string> dependencies;  // every file read (main file and headers)
  // Rewrite mode, when ok: the rewritten copies of headers (path, text),
  // and earlier copies to delete.
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::string> stale_headers;
};

tu_result run_translation_unit(const tu_request& request);

}  // namespace gogo_tool

#endif
