// The rewriter: turns each go statement into a call of
// ::gogo::detail::go_statement with minimal, line-preserving text edits.
//
// The scheme (docs/rewrite.md explains it for users):
//   go CALLABLE;            ::gogo::detail::go_statement{CALLABLE};
//   go VALUE();             ::gogo::detail::go_statement{VALUE};
//   go VALUE(a, b);         ::gogo::detail::go_statement{W, VALUE, a, b};
//   go f(a, b);             ::gogo::detail::go_statement{W', a, b};
//   go obj.m(a);            ::gogo::detail::go_statement{M, __builtin_addressof(obj), a};
//   go ptr->m(a);           ::gogo::detail::go_statement{M, ptr, a};
//   go make().m(a);         ::gogo::detail::go_statement{M., make(), a};
//   go m(a);  (member)      ::gogo::detail::go_statement{M, this, a};
// W/M are captureless generic lambdas that receive the goroutine's copies and
// make the call: lvalue arguments are passed as lvalues (so `int&` parameters
// bind to the goroutine's own copy), rvalue arguments are moved. W' names the
// function inside the lambda, so overload sets, templates and default
// arguments are resolved exactly as in the original call. The braces evaluate
// everything left to right, now, in the spawning goroutine.
#ifndef GOGO_TOOL_REWRITER_H
#define GOGO_TOOL_REWRITER_H

#include "go_statement.h"

#include "clang/Basic/LangOptions.h"
#include "clang/Basic/SourceManager.h"

#include <string>
#include <vector>

namespace gogo_tool {

struct text_edit {
  unsigned offset = 0;  // in the file of the go statement (or #include)
  unsigned length = 0;
  std::string text;
};

// The edits for one rewritable go statement.
std::vector<text_edit> rewrite_edits(const go_stmt& g,
                                     const clang::SourceManager& sm,
                                     const clang::LangOptions& lang);

// `#line 1 "<original>"`: the first line of a rewritten file or header
// copy, so that diagnostics and debug info name the original.
std::string line_directive(llvm::StringRef absolute_original);

// Applies non-overlapping edits to `text`.
std::string apply_edits(llvm::StringRef text, std::vector<text_edit> edits);

}  // namespace gogo_tool

#endif
