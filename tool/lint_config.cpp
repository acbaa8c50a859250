// Reading `.gogo-lint.yaml` and matching qualified names (lint_config.h).
#include "lint_config.h"

#include "clang_compat.h"
#include "file_io.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"
#include "llvm/Support/raw_ostream.h"

namespace gogo_tool {

namespace {

const char* const config_name = ".gogo-lint.yaml";

// Boost.Asio and TBB: the functions whose handler or task runs later on
// another thread, and the ones that return only once those have run.
const char* const builtin_spawns[] = {
    "boost::asio::post",
    "boost::asio::dispatch",
    "boost::asio::defer",
    "boost::asio::co_spawn",
    "boost::asio::io_context::post",
    "boost::asio::io_context::dispatch",
    "boost::asio::io_context::strand::post",
    "boost::asio::io_context::strand::dispatch",
    "tbb::task_group::run",
    "tbb::structured_task_group::run",
    "tbb::task_arena::enqueue",
    "tbb::this_task_arena::enqueue",
};
const char* const builtin_waits[] = {
    "boost::asio::thread_pool::join",
    "boost::asio::thread_pool::wait",
    "boost::asio::io_context::run",
    "tbb::task_group::wait",
    "tbb::task_group_base::wait",  // oneTBB declares wait() there
    "tbb::task_group::run_and_wait",
    "tbb::structured_task_group::wait",
    "tbb::structured_task_group::run_and_wait",
};

std::vector<std::string> with_builtin(const std::vector<std::string>& own,
                                      bool builtin,
                                      llvm::ArrayRef<const char*> defaults) {
  std::vector<std::string> all = own;
  if (builtin) all.insert(all.end(), defaults.begin(), defaults.end());
  return all;
}

// One configuration file being parsed; reports the first problem with its
// line.
class config_parser {
 public:
  config_parser(llvm::StringRef text, llvm::StringRef file, std::string& error)
      : file_(file), error_(error) {
    sm_.setDiagHandler(
        [](const llvm::SMDiagnostic& d, void* self) {
          static_cast<config_parser*>(self)->fail_at(d.getLineNo(),
                                                     d.getMessage().str());
        },
        this);
    stream_ = std::make_unique<llvm::yaml::Stream>(text, sm_);
  }

  bool parse(lint_config& out) {
    auto doc = stream_->begin();
    if (doc == stream_->end()) return ok();
    llvm::yaml::Node* root = doc->getRoot();
    if (!root || llvm::isa<llvm::yaml::NullNode>(root)) return ok();
    auto* map = llvm::dyn_cast<llvm::yaml::MappingNode>(root);
    if (!map) return fail(root, "expected a mapping (spawns:, waits:, builtin:)");
    for (llvm::yaml::KeyValueNode& entry : *map) {
      if (!error_.empty()) return false;
      auto* key = llvm::dyn_cast_or_null<llvm::yaml::ScalarNode>(entry.getKey());
      if (!key) return fail(entry.getKey(), "expected a key");
      llvm::SmallString<32> storage;
      llvm::StringRef name = key->getValue(storage);
      llvm::yaml::Node* value = entry.getValue();
      if (name == "spawns") {
        if (!names(value, out.spawns)) return false;
      } else if (name == "waits") {
        if (!names(value, out.waits)) return false;
      } else if (name == "builtin") {
        if (!boolean(value, out.builtin)) return false;
      } else {
        return fail(key, "unknown key '" + name.str() +
                             "' (expected spawns, waits or builtin)");
      }
    }
    return ok();
  }

 private:
  bool ok() const { return error_.empty(); }

  bool names(llvm::yaml::Node* node, std::vector<std::string>& out) {
    if (!node || llvm::isa<llvm::yaml::NullNode>(node)) return ok();
    auto* list = llvm::dyn_cast<llvm::yaml::SequenceNode>(node);
    if (!list) return fail(node, "expected a list of qualified names");
    for (llvm::yaml::Node& item : *list) {
      auto* scalar = llvm::dyn_cast<llvm::yaml::ScalarNode>(&item);
      if (!scalar) return fail(&item, "expected a qualified name");
      llvm::SmallString<64> storage;
      llvm::StringRef name = scalar->getValue(storage).trim();
      if (name.empty() || compat::ends_with(name, "::") || name.contains(' '))
        return fail(&item, "'" + name.str() +
                               "' is not a qualified name like ns::cls::fn");
      out.push_back(name.str());
    }
    return ok();
  }

  bool boolean(llvm::yaml::Node* node, bool& out) {
    auto* scalar = llvm::dyn_cast_or_null<llvm::yaml::ScalarNode>(node);
    llvm::SmallString<8> storage;
    llvm::StringRef v = scalar ? scalar->getValue(storage) : "";
    if (v == "true" || v == "yes") {
      out = true;
      return true;
    }
    if (v == "false" || v == "no") {
      out = false;
      return true;
    }
    return fail(node, "expected true or false");
  }

  bool fail(llvm::yaml::Node* node, const std::string& message) {
    unsigned line = 0;
    if (node)
      line = sm_.getLineAndColumn(node->getSourceRange().Start).first;
    fail_at(line, message);
    return false;
  }

  void fail_at(unsigned line, const std::string& message) {
    if (!error_.empty()) return;
    error_ = file_.str();
    if (line) error_ += ":" + std::to_string(line);
    error_ += ": " + message;
  }

  llvm::StringRef file_;
  std::string& error_;
  llvm::SourceMgr sm_;
  std::unique_ptr<llvm::yaml::Stream> stream_;
};

}  // namespace

std::vector<std::string> lint_config::all_spawns() const {
  return with_builtin(spawns, builtin, builtin_spawns);
}

std::vector<std::string> lint_config::all_waits() const {
  return with_builtin(waits, builtin, builtin_waits);
}

bool parse_lint_config(llvm::StringRef text, llvm::StringRef file,
                       lint_config& out, std::string& error) {
  out.file = file.str();
  config_parser parser(text, file, error);
  return parser.parse(out) && error.empty();
}

bool name_matches(llvm::StringRef pattern,
                  const std::vector<llvm::StringRef>& actual) {
  bool whole = pattern.consume_front("::");
  llvm::SmallVector<llvm::StringRef, 4> wanted;
  pattern.split(wanted, "::");
  if (wanted.empty() || actual.size() < wanted.size()) return false;
  if (whole && actual.size() != wanted.size()) return false;
  if (wanted.front() != actual.front()) return false;
  size_t offset = actual.size() - wanted.size();
  for (size_t i = 1; i < wanted.size(); ++i)
    if (wanted[i] != actual[offset + i]) return false;
  return true;
}

std::shared_ptr<const lint_config> lint_config_finder::load(
    const std::string& file, std::string& error) {
  auto known = by_file_.find(file);
  if (known != by_file_.end()) return known->second;
  std::string text;
  if (!read_source(file, text, error)) {
    error = "cannot read configuration: " + error;
    return nullptr;
  }
  auto config = std::make_shared<lint_config>();
  if (!parse_lint_config(text, file, *config, error)) return nullptr;
  by_file_[file] = config;
  return config;
}

std::shared_ptr<const lint_config> lint_config_finder::for_source(
    llvm::StringRef source, std::string& error) {
  std::lock_guard<std::mutex> hold(mu_);
  if (!explicit_file_.empty()) return load(explicit_file_, error);
  llvm::SmallString<256> dir(source);
  llvm::sys::path::remove_filename(dir);
  std::vector<std::string> visited;
  std::shared_ptr<const lint_config> found;
  while (!dir.empty()) {
    auto known = by_directory_.find(dir);
    if (known != by_directory_.end()) {
      found = known->second;
      break;
    }
    visited.push_back(std::string(dir));
    llvm::SmallString<256> candidate(dir);
    llvm::sys::path::append(candidate, config_name);
    if (llvm::sys::fs::exists(candidate) &&
        !llvm::sys::fs::is_directory(candidate)) {
      found = load(std::string(candidate), error);
      if (!found) return nullptr;
      break;
    }
    llvm::StringRef parent = llvm::sys::path::parent_path(dir);
    if (parent.empty() || parent == dir) break;
    dir = parent.str();
  }
  if (!found) found = std::make_shared<lint_config>();
  for (const std::string& d : visited) by_directory_[d] = found;
  return found;
}

}  // namespace gogo_tool
