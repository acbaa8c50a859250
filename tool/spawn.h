// spawn.h: the places where code starts work that runs concurrently with it.
//
// The race checks (gogo-loop-capture, gogo-dangling-capture) ask the same
// question of every such place: what does the new thread of execution get
// by reference, and can that die or change while it runs? A spawn is one
// such place:
//
//   go f(x);                                  gogo's go statement
//   std::thread t(f, std::ref(x));            std::thread / std::jthread:
//   threads.emplace_back([&] { ... });          constructed directly, as a
//   threads.push_back(std::thread(...));        temporary, or inside a
//                                               container of threads
//   auto fut = std::async(policy, f, args);   std::async
//   pool.submit([&] { ... });                 a user spawner: listed in the
//                                             configuration (lint_config.h)
//                                             or declared with
//                                             [[clang::annotate("gogo::spawns")]]
//
// find_spawns() finds all but go statements (spawn_of() turns those into
// spawns); what happens to the started work afterwards (joined, detached,
// stored) is work_end.h's business.
#ifndef GOGO_TOOL_SPAWN_H
#define GOGO_TOOL_SPAWN_H

#include "code_site.h"
#include "go_statement.h"
#include "lint_config.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <string>
#include <vector>

namespace gogo_tool {

enum class spawn_kind { go, thread, jthread, async, user };

struct spawn : code_site {
  spawn_kind kind = spawn_kind::go;
  const go_stmt* go = nullptr;  // kind == go
  // The expression that starts the work: the go statement's comma, the
  // construction of the thread, the emplace call, the std::async or user
  // call.
  const clang::Expr* expr = nullptr;
  // The statement holding it (the declaration, the expression statement):
  // code after its end runs while the work may be running.
  const clang::Stmt* statement = nullptr;
  // What the new thread gets, evaluated now: go: EXPR; otherwise the
  // arguments (std::async: without the launch policy; an emplace into a
  // map: with its key).
  llvm::SmallVector<const clang::Expr*, 4> handed;
  // handed[0] is a callable that the spawner calls with handed[1...] (a
  // thread's or std::async's arguments); false for go and user spawners.
  bool handed_is_call = false;
  // An emplace into a container of threads: the container, as written (the
  // thread is built inside it).
  const clang::Expr* container = nullptr;
  // The user spawner called (kind == user).
  const clang::FunctionDecl* spawner = nullptr;
  // Where diagnostics about the spawn as a whole point.
  clang::SourceLocation loc;
  // Names the started work in messages: "goroutine", "thread",
  // "std::async task", "task given to 'submit'".
  std::string subject;
};

// "goroutine", "thread" or "task": the started work in advice ("give each
// thread its own copy").
std::string spawn_noun(const spawn& s);

// The spawn of a go statement (`g` must outlive it).
spawn spawn_of(const go_stmt& g, const clang::SourceManager& sm);

// The spawner functions and waits the checks know: the configuration's
// names (built-in ones included) and the annotations.
struct spawner_names {
  std::vector<std::string> spawns;
  std::vector<std::string> waits;
};

// Every std::thread, std::jthread, std::async and user spawn of the main
// file, in source order (go statements are find_go_statements()').
std::vector<spawn> find_spawns(clang::ASTContext& ctx,
                               const spawner_names& names);

// Is `fn` one of `names` (lint_config.h's name_matches()), or declared with
// [[clang::annotate(annotation)]]? Looks through redeclarations, template
// patterns and the methods `fn` overrides.
bool is_listed(const clang::FunctionDecl* fn,
               llvm::ArrayRef<std::string> names, llvm::StringRef annotation);

// std::thread, std::jthread (or a type derived from them); std::future.
bool is_thread_type(clang::QualType type);
bool is_future_type(clang::QualType type);

}  // namespace gogo_tool

#endif
