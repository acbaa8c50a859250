// clang_compat.h: every difference between the LLVM/Clang versions that
// gogo-rewrite builds against (14 to 19, tool/llvm.cmake), and nothing
// else. The rest of the tool calls these instead of the version-dependent
// API, so a new LLVM version needs only a new branch here.
//
// Branches test CLANG_VERSION_MAJOR, the version of the headers being
// compiled against (the library linked is always the same version).
#ifndef GOGO_TOOL_CLANG_COMPAT_H
#define GOGO_TOOL_CLANG_COMPAT_H

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/Version.h"
#include "clang/Driver/Driver.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace gogo_tool::compat {

// StringRef::startswith/endswith (until 18) became starts_with/ends_with
// (16 on); StringRef's own compare is the same in all of them.
inline bool starts_with(llvm::StringRef s, llvm::StringRef prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
inline bool ends_with(llvm::StringRef s, llvm::StringRef suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Lexer::findNextToken returns llvm::Optional until 15, std::optional from 16.
inline std::optional<clang::Token> find_next_token(
    clang::SourceLocation after, const clang::SourceManager& sm,
    const clang::LangOptions& lang) {
  auto token = clang::Lexer::findNextToken(after, sm, lang);
  if (!token) return std::nullopt;
  return *token;
}

// The resource directory (builtin headers: stddef.h, ...) of a clang
// binary, as that clang computes it: <prefix>/lib/clang/<version>, where the
// version is the full one until 15 (14.0.6) and the major one from 16 (16).
inline std::string resource_dir_of(llvm::StringRef clang_binary) {
  return clang::driver::Driver::GetResourcesPath(clang_binary);
}

// The name a file was opened by. FileEntry::getName() is gone in 19; every
// version's FileEntryRef has it.
inline std::string file_name(const clang::SourceManager& sm, clang::FileID id) {
  if (auto file = sm.getFileEntryRefForID(id)) return file->getName().str();
  return "";
}

// Every file the source manager read: the main file and each header. Its
// table is keyed by `const FileEntry*` up to 18 and by FileEntryRef in 19;
// the key's type picks the branch, whichever version made the change.
template <class File>
std::string name_of_file_key(const File& file) {
  if constexpr (std::is_pointer_v<File>)
    return file->getName().str();
  else
    return file.getName().str();
}
inline std::vector<std::string> files_read(const clang::SourceManager& sm) {
  std::vector<std::string> names;
  for (auto it = sm.fileinfo_begin(); it != sm.fileinfo_end(); ++it)
    names.push_back(name_of_file_key(it->first));
  return names;
}

// Diagnostics look the same whatever the version. Clang 17 started to print
// line numbers beside the source snippet (ShowLineNumbers) and snippets of
// several lines, up to a fix-it on another line (SnippetLineLimit); the
// tool keeps the one-line snippet without numbers that older versions print.
// The fields exist only from 17: overload resolution picks what exists.
template <class Options>
auto one_line_snippets(Options& o, int)
    -> decltype(o.ShowLineNumbers = 0, o.SnippetLineLimit = 1, void()) {
  o.ShowLineNumbers = 0;
  o.SnippetLineLimit = 1;
}
template <class Options>
void one_line_snippets(Options&, long) {}  // up to 16: always so
inline void classic_diagnostic_format(clang::DiagnosticOptions& o) {
  one_line_snippets(o, 0);
}

// `base<T>::f(x)` or `T::f(x)` in a non-static member function of a
// template (or in a lambda inside one): up to 18, clang builds an implicit
// member access (CXXDependentScopeMemberExpr on an implicit `this`); 19
// builds a DependentScopeDeclRefExpr. True for the latter in such a
// function, so the tool reads both the same way, as a call on `this`.
inline bool dependent_implicit_member(const clang::Expr* callee,
                                      const clang::FunctionDecl* enclosing) {
  if (!clang::isa<clang::DependentScopeDeclRefExpr>(callee) || !enclosing)
    return false;
  const clang::DeclContext* dc = enclosing;
  while (const auto* method = clang::dyn_cast<clang::CXXMethodDecl>(dc)) {
    if (!method->getParent()->isLambda()) return method->isInstance();
    dc = method->getParent()->getParent();  // where the lambda is
  }
  return false;
}

}  // namespace gogo_tool::compat

#endif
