// The gogo checks as a clang-tidy module: `clang-tidy --load=libgogo-tidy.so
// --checks='gogo-*' file.cpp -- flags` (docs/lint.md, "As a clang-tidy
// module").
//
// Every gogo check becomes a clang-tidy check of the same name. Each one
// finds the main file's go statements and spawns itself once the AST is
// complete (a translationUnitDecl matcher) and runs its gogo check on them;
// reports go through clang-tidy's context (tidy_sink), so clang-tidy names,
// counts, filters and NOLINTs them like its own, and --fix and
// --export-fixes carry their fix-its. The spawners come from the nearest
// .gogo-lint.yaml above the file, as with gogo-rewrite --lint.
//
// The module is loaded into a clang-tidy of the LLVM version it was built
// with; that clang-tidy exports its clang-tidy symbols (Debian's and LLVM's
// builds do) and shares libclang-cpp and libLLVM with it.
#include "check.h"
#include "clang_compat.h"
#include "go_statement.h"
#include "header_copies.h"
#include "lint_config.h"
#include "spawn.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Support/FileSystem.h"

#include <memory>
#include <string>

namespace gogo_tool {
namespace {

using namespace clang;

class tidy_sink : public report_sink {
 public:
  explicit tidy_sink(tidy::ClangTidyCheck& owner) : owner_(owner) {}

  DiagnosticBuilder report(const check&, SourceLocation loc,
                           llvm::StringRef message,
                           DiagnosticIDs::Level level) override {
    return owner_.diag(loc, "%0", level) << message.str();
  }
  DiagnosticBuilder note(SourceLocation loc, llvm::StringRef message) override {
    return owner_.diag(loc, "%0", DiagnosticIDs::Note) << message.str();
  }

 private:
  tidy::ClangTidyCheck& owner_;
};

// One gogo check under clang-tidy.
class tidy_check : public tidy::ClangTidyCheck {
 public:
  tidy_check(gogo_tool::check& c, llvm::StringRef name,
             tidy::ClangTidyContext* context)
      : ClangTidyCheck(name, context), check_(c) {}

  bool isLanguageVersionSupported(const LangOptions& lang) const override {
    return lang.CPlusPlus;
  }

  void registerPPCallbacks(const SourceManager&, Preprocessor* pp,
                           Preprocessor*) override {
    go_.install(*pp);
  }

  void registerMatchers(ast_matchers::MatchFinder* finder) override {
    finder->addMatcher(ast_matchers::translationUnitDecl().bind("tu"), this);
  }

  void check(const ast_matchers::MatchFinder::MatchResult& result) override {
    ASTContext& ast = *result.Context;
    const SourceManager& sm = ast.getSourceManager();
    spawner_names names;
    if (!spawner_names_for(sm, names)) return;
    std::vector<go_stmt> statements = find_go_statements(ast, go_);
    std::vector<spawn> spawns = find_spawns(ast, names);
    check_context context(ast, tool_mode::lint, /*werror=*/false, names);
    // As gogo-rewrite --lint without --header-dir: go statements in headers
    // stay unrewritten, and gogo-unrewritable says why.
    context.set_header_go_statements(
        plan_header_copies(sm, go_.outside_main_file(), header_copy_request{}).unrewritten);
    tidy_sink sink(*this);
    context.set_sink(&sink);
    context.run_check(check_, statements, spawns);
  }

 private:
  // The configuration of the main file (.gogo-lint.yaml above it); a file
  // that cannot be read or parsed is reported at the file's start.
  bool spawner_names_for(const SourceManager& sm, spawner_names& names) {
    llvm::SmallString<256> file(compat::file_name(sm, sm.getMainFileID()));
    if (file.empty()) return false;
    llvm::sys::fs::make_absolute(file);
    std::string error;
    std::shared_ptr<const lint_config> config =
        configs_.for_source(file, error);
    if (!config) {
      diag(sm.getLocForStartOfFile(sm.getMainFileID()), "%0",
           DiagnosticIDs::Error)
          << error;
      return false;
    }
    names.spawns = config->all_spawns();
    names.waits = config->all_waits();
    return true;
  }

  gogo_tool::check& check_;
  go_macro_expansions go_;
  lint_config_finder configs_{""};
};

class gogo_tidy_module : public tidy::ClangTidyModule {
 public:
  void addCheckFactories(tidy::ClangTidyCheckFactories& factories) override {
    for (const auto& c : all_checks()) {
      gogo_tool::check* gogo_check = c.get();
      factories.registerCheckFactory(
          c->name(), [gogo_check](llvm::StringRef name,
                                  tidy::ClangTidyContext* context) {
            return std::make_unique<tidy_check>(*gogo_check, name, context);
          });
    }
  }
};

}  // namespace
}  // namespace gogo_tool

static clang::tidy::ClangTidyModuleRegistry::Add<gogo_tool::gogo_tidy_module>
    gogo_module("gogo-module", "gogo's race checks for threads, tasks and go statements.");
