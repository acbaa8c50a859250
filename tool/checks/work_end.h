// When is the work a spawn started certainly over? The half of the thread
// checks that goroutines do not have: a goroutine has no handle, so gogo's
// checks look for waits (waiting.h); a std::thread, std::jthread or
// std::async has one, and where the handle goes decides.
//
// The handle is followed from the expression that makes it, through the
// function's code after it:
//   - the temporary itself: `std::thread(f).join()`, `std::async(f).get()`
//     end the work there; a temporary destroyed at the end of its
//     statement ends it there too (a std::jthread joins, a std::async
//     future waits, a joinable std::thread terminates the program);
//   - a local variable (initialised or assigned): its join(), get() or
//     wait(), or, when it is neither detached nor moved away, its
//     destruction at the end of its scope;
//   - a local container (push_back, emplace_back, insert, `v[k] = ...`):
//     a loop over it that joins (gets, waits for) each element, join() on
//     an element, clear(), or its destruction; also when the container is
//     a member of `this`, within the same function;
//   - moved on with std::move into another variable or container: followed
//     there; passed to any other function: we cannot follow (untracked, the
//     checks stay silent); a local handle or container passed to a function
//     of the user's counts as waited for (when unsure, do not fire);
//   - detach(), a member or global, `return`: let go for good (released).
// For user spawners (spawn.h) the handle is whatever the spawner returns
// (a future: get(), wait()), and every call of a configured wait function
// (lint_config.h, [[clang::annotate("gogo::waits")]]) after the spawn ends
// the work too.
#ifndef GOGO_TOOL_CHECKS_WORK_END_H
#define GOGO_TOOL_CHECKS_WORK_END_H

#include "../check.h"
#include "../spawn.h"

#include "clang/Basic/SourceLocation.h"

#include <string>
#include <vector>

namespace gogo_tool {

struct work_end_point {
  // After this point the work is certainly over (an expansion location:
  // the end of the join() call, of the joining loop, of the scope).
  clang::SourceLocation at;
  // Set when the point is the end of the scope of this handle (or
  // container), whose destructor ends the work: locals of the same scope
  // declared after it are destroyed before it.
  const clang::VarDecl* destroyed = nullptr;
};

struct work_end {
  std::vector<work_end_point> ends;  // in no particular order
  // The handle goes where we cannot follow it: stay silent.
  bool untracked = false;
  // Where the work is let go of for good, and how, for a note (empty when
  // it is not).
  clang::SourceLocation released;
  std::string released_how;
};

// `s` must not be a go statement.
work_end find_work_end(const spawn& s, check_context& ctx);

// Is there an end of the work at or after `from` (the end of the spawning
// statement: a temporary handle dies there) and at or before `to`
// (expansion locations), for which `valid` holds?
template <class Valid>
bool ends_between(const work_end& w, clang::SourceLocation from,
                  clang::SourceLocation to, const clang::SourceManager& sm,
                  Valid valid) {
  for (const work_end_point& e : w.ends)
    if (!sm.isBeforeInTranslationUnit(e.at, from) &&
        !sm.isBeforeInTranslationUnit(to, e.at) && valid(e))
      return true;
  return false;
}

// Is the work let go of for good (detached, stored for later, returned)
// at or after `from` and at or before `to`? Then an end found in the same
// stretch is only one path's (`if (wait) t.join(); else t.detach();`) and
// proves nothing.
inline bool released_between(const work_end& w, clang::SourceLocation from,
                             clang::SourceLocation to,
                             const clang::SourceManager& sm) {
  return w.released.isValid() &&
         !sm.isBeforeInTranslationUnit(w.released, from) &&
         !sm.isBeforeInTranslationUnit(to, w.released);
}

}  // namespace gogo_tool

#endif
