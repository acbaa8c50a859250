// Running clang on one file (see translation_unit.h). One parse, one walk
// over the main file's declarations (and those of headers rewritten with
// it): no second pass. A file without go statements of its own may be
// preprocessed first, to learn whether it needs parsing at all.
#include "translation_unit.h"

#include "clang_compat.h"
#include "diagnostics.h"
#include "rewriter.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/VirtualFileSystem.h"

using namespace clang;

namespace gogo_tool {

namespace {

class go_consumer : public ASTConsumer {
 public:
  go_consumer(const tu_request& request, const go_macro_expansions& go,
              file_diagnostics& diagnostics, tu_result& result)
      : request_(request), go_(go), diagnostics_(diagnostics), result_(result) {}

  void HandleTranslationUnit(ASTContext& ctx) override {
    DiagnosticsEngine& diags = ctx.getDiagnostics();
    if (diags.hasErrorOccurred()) return;
    const SourceManager& sm = ctx.getSourceManager();
    result_.main_file = compat::file_name(sm, sm.getMainFileID());
    result_.dependencies = compat::files_read(sm);

    header_copy_plan plan =
        plan_header_copies(sm, go_.outside_main_file(), request_.headers);
    std::vector<FileID> headers;
    for (const header_copy& copy : plan.copies)
      if (copy.has_go) headers.push_back(copy.file);
    std::vector<go_stmt> statements = find_go_statements(ctx, go_, headers);
    spawner_names names;
    std::vector<spawn> spawns;
    if (request_.mode == tool_mode::lint) {
      lint_config defaults;
      const lint_config& config = request_.config ? *request_.config : defaults;
      names.spawns = config.all_spawns();
      names.waits = config.all_waits();
      spawns = find_spawns(ctx, names);
    }
    check_context context(ctx, request_.mode, request_.werror, names);
    context.set_header_go_statements(std::move(plan.unrewritten));
    diagnostics_.set_checks(&context);
    context.run_checks(statements, spawns);
    diagnostics_.set_checks(nullptr);

    if (request_.mode != tool_mode::rewrite || diags.hasErrorOccurred()) return;
    rewrite(ctx, statements, plan);
  }

  // The rewritten main file and header copies: each go statement's edits in
  // its own file, plus the #include edits of the plan.
  void rewrite(ASTContext& ctx, const std::vector<go_stmt>& statements,
               header_copy_plan& plan) {
    const SourceManager& sm = ctx.getSourceManager();
    llvm::DenseMap<FileID, std::vector<text_edit>> edits;
    edits[sm.getMainFileID()] = std::move(plan.main_file_edits);
    for (header_copy& copy : plan.copies)
      edits[copy.file] = std::move(copy.include_edits);
    for (const go_stmt& g : statements) {
      std::vector<text_edit> more = rewrite_edits(g, sm, ctx.getLangOpts());
      std::vector<text_edit>& in = edits[sm.getFileID(g.go_loc)];
      in.insert(in.end(), more.begin(), more.end());
    }
    FileID main = sm.getMainFileID();
    result_.output = apply_edits(sm.getBufferData(main), std::move(edits[main]));
    for (const header_copy& copy : plan.copies)
      result_.headers.emplace_back(
          copy.copy, line_directive(copy.original) +
                         apply_edits(sm.getBufferData(copy.file),
                                     std::move(edits[copy.file])));
    result_.stale_headers = std::move(plan.stale);
  }

 private:
  const tu_request& request_;
  const go_macro_expansions& go_;
  file_diagnostics& diagnostics_;
  tu_result& result_;
};

class go_action : public ASTFrontendAction {
 public:
  go_action(const tu_request& request, file_diagnostics& diagnostics,
            tu_result& result)
      : request_(request), diagnostics_(diagnostics), result_(result) {}

 protected:
  bool BeginSourceFileAction(CompilerInstance& ci) override {
    go_.install(ci.getPreprocessor());
    diagnostics_.set_go_macros(&go_);
    return true;
  }

  // The main file is known from here on, and not read yet.
  void ExecuteAction() override {
    name_main_file(getCompilerInstance().getSourceManager());
    ASTFrontendAction::ExecuteAction();
  }

  // What `#line 1 "<display name>"` at the top of the main file would do,
  // without changing its text: diagnostics (presumed locations) use that
  // name; file names for fix-its, includes and the depfile are unchanged.
  void name_main_file(SourceManager& sm) {
    if (request_.display_name.empty()) return;
    FileID main = sm.getMainFileID();
    if (main.isInvalid()) return;
    int name = sm.getLineTableFilenameID(request_.display_name);
    // A line note gives the number of the line after the one it is on.
    sm.AddLineNote(sm.getLocForStartOfFile(main), /*LineNo=*/2, name,
                   /*IsFileEntry=*/false, /*IsFileExit=*/false,
                   SrcMgr::C_User);
  }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance&,
                                                 StringRef) override {
    return std::make_unique<go_consumer>(request_, go_, diagnostics_, result_);
  }

  void EndSourceFileAction() override { diagnostics_.set_go_macros(nullptr); }

 private:
  const tu_request& request_;
  file_diagnostics& diagnostics_;
  tu_result& result_;
  go_macro_expansions go_;
};

// parse_only_if_headers_use_go: the preprocessor alone, recording where
// gogo's `go` expands. No go outside the main file: the result is complete
// (the file unchanged, every file read, stale header copies); else
// `headers_use_go` says a parse must follow.
class go_scan_action : public PreprocessOnlyAction {
 public:
  go_scan_action(const tu_request& request, tu_result& result,
                 bool& headers_use_go)
      : request_(request), result_(result), headers_use_go_(headers_use_go) {}

 protected:
  bool BeginSourceFileAction(CompilerInstance& ci) override {
    go_.install(ci.getPreprocessor());
    return PreprocessOnlyAction::BeginSourceFileAction(ci);
  }

  void EndSourceFileAction() override {
    CompilerInstance& ci = getCompilerInstance();
    if (ci.getDiagnostics().hasErrorOccurred()) return;
    const SourceManager& sm = ci.getSourceManager();
    std::vector<SourceLocation> in_headers = go_.outside_main_file();
    if (!in_headers.empty()) {
      headers_use_go_ = true;
      return;
    }
    result_.main_file = compat::file_name(sm, sm.getMainFileID());
    result_.dependencies = compat::files_read(sm);
    result_.output = sm.getBufferData(sm.getMainFileID()).str();
    result_.stale_headers = plan_header_copies(sm, {}, request_.headers).stale;
  }

 private:
  const tu_request& request_;
  tu_result& result_;
  bool& headers_use_go_;
  go_macro_expansions go_;
};

// FrontendActionFactory::runInvocation, minus clang's "N errors generated."
// line, which would bypass our per-file buffer.
class go_tool_action : public tooling::ToolAction {
 public:
  // `headers_use_go`: null for a parse; else a scan (go_scan_action).
  go_tool_action(const tu_request& request, file_diagnostics& diagnostics,
                 tu_result& result, bool* headers_use_go = nullptr)
      : request_(request), diagnostics_(diagnostics), result_(result),
        headers_use_go_(headers_use_go) {}

  bool runInvocation(std::shared_ptr<CompilerInvocation> invocation,
                     FileManager* files,
                     std::shared_ptr<PCHContainerOperations> pch,
                     DiagnosticConsumer* consumer) override {
    invocation->getDiagnosticOpts().ShowCarets = false;
    invocation->getFrontendOpts().DisableFree = request_.leak_ast;
    CompilerInstance ci(std::move(pch));
    ci.setInvocation(std::move(invocation));
    ci.setFileManager(files);
    ci.createDiagnostics(consumer, /*ShouldOwnClient=*/false);
    if (!ci.hasDiagnostics()) return false;
    ci.createSourceManager(*files);
    bool ok;
    if (headers_use_go_) {
      go_scan_action action(request_, result_, *headers_use_go_);
      ok = ci.ExecuteAction(action);
    } else {
      go_action action(request_, diagnostics_, result_);
      ok = ci.ExecuteAction(action);
    }
    files->clearStatCache();
    return ok;
  }

 private:
  const tu_request& request_;
  file_diagnostics& diagnostics_;
  tu_result& result_;
  bool* headers_use_go_;
};

// Runs the parse (or, with `headers_use_go`, the scan) of the request.
bool run_invocation(const tu_request& request, file_diagnostics& diagnostics,
                    tu_result& result, bool* headers_use_go) {
  auto fs = llvm::vfs::createPhysicalFileSystem();
  fs->setCurrentWorkingDirectory(request.directory);
  llvm::IntrusiveRefCntPtr<FileManager> files(
      new FileManager(FileSystemOptions(), std::move(fs)));
  go_tool_action action(request, diagnostics, result, headers_use_go);
  tooling::ToolInvocation invocation(request.command, &action, files.get(),
                                     std::make_shared<PCHContainerOperations>());
  invocation.setDiagnosticConsumer(&diagnostics);
  return invocation.run();
}

}  // namespace

tu_result run_translation_unit(const tu_request& request) {
  tu_result result;
  file_diagnostics diagnostics(request.directory);
  bool headers_use_go = false;
  bool ran = true;
  if (request.parse_only_if_headers_use_go)
    ran = run_invocation(request, diagnostics, result, &headers_use_go);
  if (ran && diagnostics.errors() == 0 &&
      (!request.parse_only_if_headers_use_go || headers_use_go))
    ran = run_invocation(request, diagnostics, result, nullptr);
  result.diagnostics = diagnostics.text();
  result.errors = diagnostics.errors();
  result.warnings = diagnostics.warnings();
  result.recorded = diagnostics.recorded();
  result.ok = ran && diagnostics.errors() == 0;
  if (!result.ok) {
    result.output.clear();
    result.headers.clear();
    result.stale_headers.clear();
    if (result.errors == 0) {  // failed without saying why (driver trouble)
      result.diagnostics += "error: clang could not process this file\n";
      result.errors = 1;
    }
  }
  return result;
}

}  // namespace gogo_tool
