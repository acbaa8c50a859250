// header_copies.h: which of a file's headers get a rewritten copy, and where.
//
// A go statement in one of the project's headers (a template, an inline
// function) is rewritten like one in the file itself, into a copy of the
// header: <header dir>/<the name it was included by>. The build puts the
// header dir first on the include path (gogo_rewrite_sources() does), so
// `#include <app/graph.hpp>` finds the copy; the tool itself always parses
// the originals (it drops the header dir from its own include path).
//
// What must hold for the compiled program to see the copies and never the
// originals, and how it is made to hold:
//   - a header included by name relative to another header (`#include
//     "node.hpp"` beside it) is found through that header's directory,
//     never through the include path: that includer is copied too (its
//     copy lies beside the other copy), and so on up to a header found
//     through the include path or to the source file itself;
//   - any other header of the file that includes a copied one by a
//     relative name is copied as well (else the original would be reached
//     too, and a `#pragma once` header included twice);
//   - in a copy, and in the rewritten source, every `#include` of a copied
//     header names the copy by its absolute path, and every relative
//     `#include` of a header that is not copied names the original by its
//     absolute path (the copy no longer lies beside it). The edits keep
//     every line where it was.
// Headers that cannot be copied so (system headers, headers found through
// -iquote, which comes before the include path, includes through macros or
// leaving the header dir) leave their go statements unrewritten: each is
// reported (gogo-unrewritable) with the reason.
//
// Copies of headers that no longer need one (their go statements were
// removed) are listed as stale, so they are deleted instead of shadowing the
// original.
#ifndef GOGO_TOOL_HEADER_COPIES_H
#define GOGO_TOOL_HEADER_COPIES_H

#include "go_statement.h"
#include "rewriter.h"

#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/SourceManager.h"

#include <map>
#include <string>
#include <vector>

namespace gogo_tool {

struct header_copy_request {
  // Where copies go (absolute). Empty: none are written; with
  // why_no_header_dir, every go statement in a header is then reported;
  // without (--lint), the plan is made all the same, to check the headers'
  // go statements and report only those that could not be rewritten.
  std::string header_dir;
  std::string why_no_header_dir;
  // -i: the inputs (absolute). A header among them is rewritten in place
  // as an input of its own; its go statements are not reported here.
  std::vector<std::string> inputs_in_place;
  std::vector<std::string> iquote_dirs;  // absolute, from the command
  std::string directory;                 // the command's working directory
};

struct header_copy {
  clang::FileID file;    // where clang first read the original
  std::string original;  // absolute
  std::string copy;      // absolute, under the header dir
  bool has_go = false;   // has go statements of its own to rewrite
  std::vector<text_edit> include_edits;
};

struct header_copy_plan {
  std::vector<header_copy> copies;
  std::vector<text_edit> main_file_edits;  // its #includes of copies
  std::vector<unrewritten_header_go> unrewritten;
  std::vector<std::string> stale;  // copies to delete
};

// `go_in_headers`: where gogo's `go` is used in the file's non-system
// headers (go_macro_expansions::outside_main_file()).
header_copy_plan plan_header_copies(
    const clang::SourceManager& sm,
    const std::vector<clang::SourceLocation>& go_in_headers,
    const header_copy_request& request);

}  // namespace gogo_tool

#endif
