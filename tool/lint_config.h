// lint_config: the user's spawners and waits, from `.gogo-lint.yaml`.
//
// The race checks know std::thread, std::jthread, std::async and gogo's
// `go`; thread pools, executors and schedulers are the user's own. A
// configuration file names them by qualified name:
//
//     # .gogo-lint.yaml
//     spawns:              # the callable arguments run later, concurrently
//       - BS::thread_pool::detach_task
//       - my::executor::post
//     waits:               # return only once everything those started is done
//       - BS::thread_pool::wait
//     builtin: true        # also Boost.Asio's and TBB's (the default)
//
// It is found like clang-tidy finds `.clang-tidy`: the nearest one in the
// source file's directory or above, unless --config-file names one. The
// names match as described in docs/lint.md (name_matches()).
#ifndef GOGO_TOOL_LINT_CONFIG_H
#define GOGO_TOOL_LINT_CONFIG_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace gogo_tool {

struct lint_config {
  std::vector<std::string> spawns;
  std::vector<std::string> waits;
  bool builtin = true;
  std::string file;  // where it was read from; empty for the default

  // Built-in and configured, as the checks see them.
  std::vector<std::string> all_spawns() const;
  std::vector<std::string> all_waits() const;
};

// Parses the YAML text of a configuration file. On error returns false
// and sets `error` (with the line).
bool parse_lint_config(llvm::StringRef text, llvm::StringRef file,
                       lint_config& out, std::string& error);

// Does the qualified name `actual` (components, outermost first, inline and
// anonymous namespaces left out) match the configured `pattern`
// ("a::b::c")? The pattern's first component must be the outermost one and
// the rest the end of the name, so `tbb::task_group::run` matches
// `tbb::detail::d1::task_group::run`; a pattern starting with `::` must
// match the whole name.
bool name_matches(llvm::StringRef pattern,
                  const std::vector<llvm::StringRef>& actual);

// Finds the configuration of each source file, reading each file once
// (safe to use from several threads).
class lint_config_finder {
 public:
  // `explicit_file`: --config-file, used for every source when not empty.
  explicit lint_config_finder(std::string explicit_file)
      : explicit_file_(std::move(explicit_file)) {}

  // The configuration for `source` (an absolute path), or null with
  // `error` set when the file found cannot be read or parsed.
  std::shared_ptr<const lint_config> for_source(llvm::StringRef source,
                                                std::string& error);

 private:
  std::shared_ptr<const lint_config> load(const std::string& file,
                                          std::string& error);

  std::string explicit_file_;
  std::mutex mu_;
  // Directory -> the configuration that applies there (files and misses).
  llvm::StringMap<std::shared_ptr<const lint_config>> by_directory_;
  llvm::StringMap<std::shared_ptr<const lint_config>> by_file_;
};

}  // namespace gogo_tool

#endif
