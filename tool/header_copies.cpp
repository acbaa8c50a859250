// Planning the rewritten copies of a file's headers (see header_copies.h).
#include "header_copies.h"

#include "clang_compat.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <set>

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;
using namespace clang;

namespace gogo_tool {

namespace {

// One `#include "name"` or `#include <name>` line of a file's text. Found
// line by line, so commented-out and conditional ones are included: editing
// or copying one more changes nothing.
struct include_directive {
  unsigned begin = 0, end = 0;  // the name with its delimiters: [begin, end)
  std::string name;
  bool angled = false;
};

std::vector<include_directive> scan_includes(StringRef text) {
  std::vector<include_directive> found;
  size_t line = 0;
  while (line < text.size()) {
    size_t next = text.find('\n', line);
    if (next == StringRef::npos) next = text.size();
    StringRef l = text.slice(line, next).ltrim(" \t");
    if (l.consume_front("#")) {
      l = l.ltrim(" \t");
      if (l.consume_front("include") && !l.empty() && (l[0] == ' ' || l[0] == '\t' || l[0] == '"' || l[0] == '<')) {
        l = l.ltrim(" \t");
        char close = l.empty() ? 0 : (l[0] == '"' ? '"' : l[0] == '<' ? '>' : 0);
        size_t end = close ? l.find(close, 1) : StringRef::npos;
        if (end != StringRef::npos) {
          include_directive d;
          d.begin = static_cast<unsigned>(l.data() - text.data());
          d.end = d.begin + static_cast<unsigned>(end) + 1;
          d.name = l.slice(1, end).str();
          d.angled = close == '>';
          found.push_back(std::move(d));
        }
      }
    }
    line = next + 1;
  }
  return found;
}

enum class found_by {
  main_file,  // the file being rewritten
  relative,   // `#include "name"` beside its includer
  search,     // the include path (-I, or a quoted name not beside the includer)
  iquote,     // -iquote: searched before the include path, and the copies
  macro,      // `#include MACRO`
};

struct file_node {
  FileID id;
  std::string path;  // absolute
  bool system = false;
  bool has_go = false;
  found_by how = found_by::search;
  std::string includer;  // absolute; empty for the main file
  std::string name;      // as written in its first #include
  fs::UniqueID unique;
  bool has_unique = false;
};

std::string quoted(StringRef s) { return "'" + s.str() + "'"; }

class planner {
 public:
  planner(const SourceManager& sm, const header_copy_request& request)
      : sm_(sm), request_(request) {}

  header_copy_plan run(const std::vector<SourceLocation>& go_in_headers) {
    collect_files();
    for (SourceLocation at : go_in_headers) {
      file_node* f = node_of(sm_.getFileID(at));
      if (!f || rewritten_in_place(f->path)) continue;
      f->has_go = true;
      go_at_[f->path].push_back(at);
    }
    for (auto& [p, f] : files_)
      if (f.has_go) copied_.insert(p);
    if (copied_.empty()) {
      if (!request_.header_dir.empty()) find_stale();
      return plan_;
    }
    close_over_includers();
    std::string failure;
    for (const std::string& p : copied_) {
      std::string why;
      if (place(files_[p], why).empty() && failure.empty()) failure = why;
    }
    if (failure.empty() && request_.header_dir.empty())
      failure = request_.why_no_header_dir;
    if (failure.empty()) {
      make_copies();
      if (!request_.header_dir.empty()) find_stale();
      return plan_;
    }
    for (auto& [p, locations] : go_at_)
      for (SourceLocation at : locations)
        plan_.unrewritten.push_back({at, failure});
    return plan_;
  }

 private:
  std::string absolute(StringRef p) const {
    llvm::SmallString<256> a(p);
    if (!path::is_absolute(a)) {
      llvm::SmallString<256> base(request_.directory);
      path::append(base, p);
      a = base;
    }
    path::remove_dots(a, /*remove_dot_dot=*/true);
    return std::string(a);
  }

  bool rewritten_in_place(StringRef p) const {
    for (const std::string& input : request_.inputs_in_place)
      if (absolute(input) == p) return true;
    return false;
  }

  // The header dir, or a stand-in while only finding why nothing can be
  // copied.
  std::string header_dir() const {
    return request_.header_dir.empty() ? "/gogo-header-dir" : request_.header_dir;
  }

  static bool unique_id(StringRef p, fs::UniqueID& id) {
    return !fs::getUniqueID(p, id);
  }

  file_node* node_of(FileID id) {
    std::string name = compat::file_name(sm_, id);
    if (name.empty()) return nullptr;
    auto it = files_.find(absolute(name));
    return it == files_.end() ? nullptr : &it->second;
  }

  void collect_files() {
    for (unsigned i = 0, n = sm_.local_sloc_entry_size(); i < n; ++i) {
      const SrcMgr::SLocEntry& entry = sm_.getLocalSLocEntry(i);
      if (!entry.isFile()) continue;
      FileID id = sm_.getFileID(SourceLocation::getFromRawEncoding(entry.getOffset()));
      std::string name = compat::file_name(sm_, id);
      if (name.empty()) continue;  // <built-in>, <command line>
      std::string p = absolute(name);
      if (files_.count(p)) continue;  // included again: the first time counts
      file_node f;
      f.id = id;
      f.path = p;
      f.system = SrcMgr::isSystem(entry.getFile().getFileCharacteristic());
      f.has_unique = unique_id(p, f.unique);
      classify(f, entry.getFile().getIncludeLoc());
      files_.emplace(p, std::move(f));
    }
  }

  // How `f` was found from the #include at `include_loc` (clang records the
  // location of the included name there).
  void classify(file_node& f, SourceLocation include_loc) {
    if (f.id == sm_.getMainFileID()) {
      f.how = found_by::main_file;
      return;
    }
    f.how = found_by::macro;
    if (include_loc.isInvalid() || !include_loc.isFileID()) return;
    FileID includer = sm_.getFileID(include_loc);
    f.includer = absolute(compat::file_name(sm_, includer));
    bool invalid = false;
    StringRef text = sm_.getBufferData(includer, &invalid);
    unsigned offset = sm_.getFileOffset(include_loc);
    if (invalid || offset >= text.size()) return;
    char open = text[offset];
    if (open != '"' && open != '<') return;  // the name came from a macro
    size_t close = text.find(open == '"' ? '"' : '>', offset + 1);
    if (close == StringRef::npos) return;
    f.name = text.slice(offset + 1, close).str();
    f.how = found_by::search;
    if (open == '<') return;
    if (is_same(path::parent_path(f.includer), f.name, f)) {
      f.how = found_by::relative;
      return;
    }
    for (const std::string& dir : request_.iquote_dirs)
      if (is_same(dir, f.name, f)) {
        f.how = found_by::iquote;
        return;
      }
  }

  static bool is_same(StringRef dir, StringRef name, const file_node& f) {
    llvm::SmallString<256> p(dir);
    path::append(p, name);
    fs::UniqueID id;
    return f.has_unique && unique_id(p, id) && id == f.unique;
  }

  // The copied file that `dir/name` is, if any.
  const file_node* copied_file(StringRef dir, StringRef name) const {
    llvm::SmallString<256> p(dir);
    path::append(p, name);
    fs::UniqueID id;
    if (!unique_id(p, id)) return nullptr;
    for (const std::string& c : copied_) {
      const file_node& f = files_.at(c);
      if (f.has_unique && f.unique == id) return &f;
    }
    return nullptr;
  }

  // Adds the headers the copies need (header_copies.h): the includers of
  // copies included by relative names, and the headers that include a copy
  // by a relative name.
  void close_over_includers() {
    for (bool changed = true; changed;) {
      changed = false;
      for (auto& [p, f] : files_) {
        if (copied_.count(p) || f.how == found_by::main_file || f.system)
          continue;
        if (includes_a_copy_relatively(f)) {
          copied_.insert(p);
          changed = true;
        }
      }
      std::vector<std::string> includers;
      for (const std::string& c : copied_) {
        const file_node& f = files_[c];
        if (f.how == found_by::relative && files_.count(f.includer) &&
            files_[f.includer].how != found_by::main_file &&
            !copied_.count(f.includer))
          includers.push_back(f.includer);
      }
      for (const std::string& i : includers) changed |= copied_.insert(i).second;
    }
  }

  bool includes_a_copy_relatively(const file_node& f) {
    StringRef dir = path::parent_path(f.path);
    for (const include_directive& d : scan_includes(sm_.getBufferData(f.id)))
      if (!d.angled && copied_file(dir, d.name)) return true;
    return false;
  }

  // Where `f`'s copy goes; empty, with `why`, when it cannot have one.
  std::string place(file_node& f, std::string& why) {
    auto known = placed_.find(f.path);
    if (known != placed_.end()) {
      why = known->second.second;
      return known->second.first;
    }
    placed_[f.path] = {"", "it includes itself"};  // a cycle, if ever asked again
    std::string at = compute_place(f, why);
    if (!at.empty()) {
      auto [taken, fresh] = destinations_.emplace(at, f.path);
      if (!fresh && taken->second != f.path) {
        why = quoted(path::filename(f.path)) + " and " + quoted(taken->second) +
              " would both be copied to " + quoted(at);
        at.clear();
      }
    }
    placed_[f.path] = {at, why};
    return at;
  }

  std::string compute_place(file_node& f, std::string& why) {
    std::string name = quoted(path::filename(f.path));
    if (f.system) {
      why = name + " is a system header";
      return "";
    }
    llvm::SmallString<256> base;
    switch (f.how) {
      case found_by::main_file:
        return "";
      case found_by::macro:
        why = name + " is included through a macro";
        return "";
      case found_by::iquote:
        why = name + " is found through -iquote, which is searched before "
                     "the directory of rewritten headers";
        return "";
      case found_by::search:
        base = header_dir();
        break;
      case found_by::relative: {
        auto includer = files_.find(f.includer);
        if (includer == files_.end() ||
            includer->second.how == found_by::main_file) {
          base = header_dir();
          break;
        }
        std::string includer_copy = place(includer->second, why);
        if (includer_copy.empty()) return "";
        base = path::parent_path(includer_copy);
        break;
      }
    }
    if (path::is_absolute(f.name)) {
      why = name + " is included by an absolute path";
      return "";
    }
    path::append(base, f.name);
    path::remove_dots(base, /*remove_dot_dot=*/true);
    if (!compat::starts_with(base, header_dir() + "/")) {
      why = name + " is included as " + quoted(f.name) +
            ", which leads out of the directory of rewritten headers";
      return "";
    }
    return std::string(base);
  }

  // #include edits of a copy (or of the main file): names of copies by
  // their absolute path, relative names of other headers by theirs.
  std::vector<text_edit> include_edits(const file_node& f) {
    std::vector<text_edit> edits;
    bool is_copy = f.how != found_by::main_file;
    StringRef dir = path::parent_path(f.path);
    for (const include_directive& d : scan_includes(sm_.getBufferData(f.id))) {
      std::string to;
      if (const file_node* target = included_copy(f, dir, d)) {
        to = placed_[target->path].first;
      } else if (is_copy && !d.angled) {
        llvm::SmallString<256> beside(dir);
        path::append(beside, d.name);
        if (fs::exists(beside)) to = absolute(beside);
      }
      if (!to.empty())
        edits.push_back({d.begin, d.end - d.begin, "\"" + escape(to) + "\""});
    }
    return edits;
  }

  // The copied header a directive of `f` includes, if any: found beside
  // `f`, or through the include path (known from what clang included).
  const file_node* included_copy(const file_node& f, StringRef dir,
                                 const include_directive& d) {
    if (!d.angled)
      if (const file_node* beside = copied_file(dir, d.name)) return beside;
    for (const std::string& c : copied_) {
      const file_node& target = files_.at(c);
      if (target.includer == f.path && target.name == d.name) return &target;
    }
    return nullptr;
  }

  static std::string escape(StringRef p) {
    std::string out;
    for (char c : p) {
      if (c == '\\' || c == '"') out += '\\';
      out += c;
    }
    return out;
  }

  void make_copies() {
    for (const std::string& c : copied_) {
      const file_node& f = files_.at(c);
      header_copy copy;
      copy.file = f.id;
      copy.original = f.path;
      copy.copy = placed_[c].first;
      copy.has_go = f.has_go;
      copy.include_edits = include_edits(f);
      plan_.copies.push_back(std::move(copy));
    }
    plan_.main_file_edits = include_edits(files_.at(main_path()));
  }

  std::string main_path() const {
    for (const auto& [p, f] : files_)
      if (f.how == found_by::main_file) return p;
    return "";
  }

  // Copies, from earlier runs, of headers that now need none: found first
  // on the include path, or beside another copy, they would hide the
  // original.
  void find_stale() {
    for (auto& [p, f] : files_) {
      if (copied_.count(p) || f.system) continue;
      std::string candidate = place_if_copied(f, 0);
      if (!candidate.empty() && is_copy_of(candidate, p))
        plan_.stale.push_back(candidate);
    }
  }

  // Where `f`'s copy would be (compute_place), whether or not it is
  // copied; empty where it could not be.
  std::string place_if_copied(const file_node& f, int depth) {
    if (f.system || f.name.empty() || path::is_absolute(f.name) || depth > 64)
      return "";
    llvm::SmallString<256> at;
    if (f.how == found_by::search) {
      at = request_.header_dir;
    } else if (f.how == found_by::relative) {
      auto includer = files_.find(f.includer);
      if (includer == files_.end()) return "";
      if (includer->second.how == found_by::main_file) {
        at = request_.header_dir;
      } else {
        std::string includer_at = place_if_copied(includer->second, depth + 1);
        if (includer_at.empty()) return "";
        at = path::parent_path(includer_at);
      }
    } else {
      return "";
    }
    path::append(at, f.name);
    path::remove_dots(at, /*remove_dot_dot=*/true);
    if (!compat::starts_with(at, request_.header_dir + "/")) return "";
    return std::string(at);
  }

  static bool is_copy_of(StringRef copy, StringRef original) {
    auto text = llvm::MemoryBuffer::getFile(copy);
    if (!text) return false;
    return compat::starts_with((*text)->getBuffer(),
                               line_directive(original.str()));
  }

  const SourceManager& sm_;
  const header_copy_request& request_;
  std::map<std::string, file_node> files_;  // by absolute path
  std::map<std::string, std::vector<SourceLocation>> go_at_;
  std::set<std::string> copied_;
  std::map<std::string, std::pair<std::string, std::string>> placed_;  // copy, why not
  std::map<std::string, std::string> destinations_;  // copy -> original
  header_copy_plan plan_;
};

}  // namespace

header_copy_plan plan_header_copies(const SourceManager& sm,
                                    const std::vector<SourceLocation>& go_in_headers,
                                    const header_copy_request& request) {
  return planner(sm, request).run(go_in_headers);
}

}  // namespace gogo_tool
