// Writing a lint run as SARIF 2.1.0 (sarif.h).
#include "sarif.h"

#include "check.h"
#include "clang_compat.h"
#include "file_io.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace gogo_tool {

namespace {

namespace json = llvm::json;
namespace path = llvm::sys::path;
using clang::tooling::Diagnostic;
using clang::tooling::DiagnosticMessage;

const char* const schema = "https://json.schemastore.org/sarif-2.1.0.json";
const char* const root_id = "%SRCROOT%";

// RFC 3986: everything but unreserved characters and '/' is escaped.
std::string uri_escape(llvm::StringRef p) {
  std::string out;
  for (unsigned char c : p) {
    if (llvm::isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
        c == '/') {
      out += static_cast<char>(c);
      continue;
    }
    const char* hex = "0123456789ABCDEF";
    out += '%';
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

// Turns byte offsets into SARIF lines and columns, reading each file once.
class line_table {
 public:
  // 1-based line and column (Unicode code points) of `offset` in `file`;
  // {0, 0} when the file cannot be read.
  std::pair<unsigned, unsigned> position(const std::string& file,
                                         unsigned offset) {
    auto it = texts_.find(file);
    if (it == texts_.end()) {
      std::string text, error;
      if (!read_source(file, text, error)) text.clear();
      it = texts_.insert({file, std::move(text)}).first;
    }
    llvm::StringRef text = it->second;
    if (text.empty() || offset > text.size()) return {0, 0};
    llvm::StringRef before = text.take_front(offset);
    unsigned line = 1 + before.count('\n');
    size_t start = before.rfind('\n');
    llvm::StringRef in_line =
        start == llvm::StringRef::npos ? before : before.drop_front(start + 1);
    unsigned column = 1;
    for (unsigned char c : in_line)
      if ((c & 0xC0) != 0x80) ++column;  // not a UTF-8 continuation byte
    return {line, column};
  }

 private:
  llvm::StringMap<std::string> texts_;
};

class log_writer {
 public:
  explicit log_writer(const sarif_run& run) : run_(run) {
    root_ = run.source_root;
    if (!root_.empty() && !path::is_separator(root_.back())) root_ += '/';
  }

  json::Value log() {
    json::Array results;
    for (const Diagnostic& d : run_.diagnostics) results.push_back(result(d));
    json::Object tool_run{
        {"tool", json::Object{{"driver", driver()}}},
        {"columnKind", "unicodeCodePoints"},
        {"originalUriBaseIds",
         json::Object{{root_id, json::Object{{"uri", "file://" +
                                                         uri_escape(root_)}}}}},
        {"invocations",
         json::Array{json::Object{
             {"executionSuccessful", run_.successful}}}},
        {"results", std::move(results)},
    };
    return json::Object{{"$schema", schema},
                        {"version", "2.1.0"},
                        {"runs", json::Array{std::move(tool_run)}}};
  }

 private:
  json::Object driver() {
    json::Array rules;
    for (const auto& c : all_checks()) {
      rule_index_[c->name()] = rules.size();
      rules.push_back(json::Object{
          {"id", c->name()},
          {"shortDescription", json::Object{{"text", c->summary()}}},
          {"defaultConfiguration", json::Object{{"level", "warning"}}},
      });
    }
    return json::Object{{"name", "gogo-rewrite"},
                        {"version", run_.tool_version},
                        {"semanticVersion", run_.tool_version},
                        {"rules", std::move(rules)}};
  }

  json::Object artifact(const std::string& file) {
    llvm::StringRef f(file);
    if (!root_.empty() && compat::starts_with(f, root_))
      return json::Object{{"uri", uri_escape(f.drop_front(root_.size()))},
                          {"uriBaseId", root_id}};
    return json::Object{{"uri", "file://" + uri_escape(f)}};
  }

  // A physical location; null when the message has none.
  json::Value location(const DiagnosticMessage& m) {
    if (m.FilePath.empty()) return nullptr;
    std::string file = m.FilePath;
    json::Object physical{{"artifactLocation", artifact(file)}};
    auto [line, column] = lines_.position(file, m.FileOffset);
    if (line)
      physical["region"] =
          json::Object{{"startLine", line}, {"startColumn", column}};
    return json::Object{{"physicalLocation", std::move(physical)}};
  }

  void add_fixes(const DiagnosticMessage& m,
                 json::Array& fixes) {
    for (const auto& entry : m.Fix) {
      json::Array replacements;
      for (const auto& r : entry.getValue())
        replacements.push_back(json::Object{
            {"deletedRegion", json::Object{{"byteOffset", r.getOffset()},
                                           {"byteLength", r.getLength()}}},
            {"insertedContent",
             json::Object{{"text", r.getReplacementText()}}},
        });
      if (replacements.empty()) continue;
      fixes.push_back(json::Object{
          {"description", json::Object{{"text", m.Message}}},
          {"artifactChanges",
           json::Array{json::Object{
               {"artifactLocation", artifact(entry.getKey().str())},
               {"replacements", std::move(replacements)}}}},
      });
    }
  }

  json::Value result(const Diagnostic& d) {
    json::Object r{
        {"ruleId", d.DiagnosticName},
        {"level", d.DiagLevel == Diagnostic::Error ? "error" : "warning"},
        {"message", json::Object{{"text", d.Message.Message}}},
    };
    auto index = rule_index_.find(d.DiagnosticName);
    if (index != rule_index_.end()) r["ruleIndex"] = index->second;
    json::Value primary = location(d.Message);
    if (primary.kind() != json::Value::Null)
      r["locations"] = json::Array{std::move(primary)};
    json::Array related, fixes;
    add_fixes(d.Message, fixes);
    for (const DiagnosticMessage& note : d.Notes) {
      json::Value at = location(note);
      if (json::Object* o = at.getAsObject()) {
        (*o)["id"] = related.size();
        (*o)["message"] = json::Object{{"text", note.Message}};
        related.push_back(std::move(at));
      }
      add_fixes(note, fixes);
    }
    if (!related.empty()) r["relatedLocations"] = std::move(related);
    if (!fixes.empty()) r["fixes"] = std::move(fixes);
    return r;
  }

  const sarif_run& run_;
  std::string root_;
  line_table lines_;
  llvm::StringMap<size_t> rule_index_;
};

}  // namespace

std::string sarif_log(const sarif_run& run) {
  log_writer writer(run);
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::formatv("{0:2}", writer.log()) << "\n";
  os.flush();
  return text;
}

}  // namespace gogo_tool
