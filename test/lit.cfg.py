# lit configuration for gogo's tool suites (test/rewrite, test/lint,
# test/e2e, ...). Run through ctest (lit-<dir>) or by hand, with the lit
# that test/lit.cmake found (GOGO_LIT in BUILD/CMakeCache.txt):
#   GOGO_LIT -sv --param gogo_site_config=BUILD/test/lit.site.cfg.py test/rewrite
# Substitutions:
#   %gogo-rewrite   the built tool
#   FileCheck, not  from the LLVM that the tool is built with
#   %cxx-gcc, %cxx-clang   g++ / clang++ -std=c++17 with gogo's include dir
#   %gogo-link      libgogo and what it needs, for linking test programs
#   %gogo-lib       the path of libgogo.a alone
#   %gogo-include   runtime/include;  %gogo-src  the source tree
#   %cmake, %cmake-generator, %gogo-build  for the CMake tests
#   %llvm-include   the include directory of the LLVM the tool is built with
#   %llvm-version   that LLVM's major version (14, 15, 16, ...)
#   %llvm-resource-dir  its clang's resource directory (-print-resource-dir)
#   %clangd, %clang-tidy  that LLVM's (features clangd, clang-tidy)
#   %gogo-tidy  the clang-tidy module libgogo-tidy.so (feature gogo-tidy:
#       built, and a clang-tidy to load it)
#   %gxx            g++ alone, without flags
#   %check_gogo [FILECHECK-OPTION...] SOURCE [-- FLAGS]  lint SOURCE and
#       FileCheck it against SOURCE with --implicit-check-not=warning: and
#       error: (check_gogo.py)
# Features: llvm-N-or-later for every N from 14 up to that major version
# (`REQUIRES: llvm-16-or-later`).
# Any subdirectory of test/ except runtime/ is a suite; directories named
# Inputs hold helper files and are not tests.
import os
import sys
import lit.formats

if not hasattr(config, 'gogo_rewrite'):
    site = lit_config.params.get('gogo_site_config')
    if not site:
        lit_config.fatal('run through ctest, or pass '
                         '--param gogo_site_config=BUILD/test/lit.site.cfg.py')
    lit_config.load_config(config, site)
else:
    config.name = 'gogo'
    config.test_format = lit.formats.ShTest(execute_external=True)
    config.suffixes = ['.cpp', '.test']
    config.excludes = ['Inputs', 'runtime', 'CMakeLists.txt']
    config.test_source_root = os.path.dirname(os.path.abspath(__file__))
    config.test_exec_root = config.gogo_test_exec_root

    cxxflags = '-std=c++17 -Wall -Wextra -I' + config.gogo_include
    boost = ' -lboost_context' if config.gogo_with_boost_context else ''
    backtrace = ' -lbacktrace' if config.gogo_with_libbacktrace else ''
    # What the package's usage requirements add (gogo.pc, the CMake target):
    # main runs as goroutine 1, exits stop the goroutines first.
    link = (config.gogo_library + boost + backtrace +
            ' -pthread -Wl,--wrap=main -Wl,--wrap=exit')
    config.substitutions += [
        ('%gogo-rewrite', config.gogo_rewrite),
        ('%cxx-gcc', config.cxx_gcc + ' ' + cxxflags),
        ('%cxx-clang', config.cxx_clang + ' ' + cxxflags),
        ('%gogo-link', link),
        ('%gogo-lib', config.gogo_library),
        ('%gogo-include', config.gogo_include),
        ('%gogo-src', config.gogo_source_dir),
        ('%gogo-build', config.gogo_binary_dir),
        ('%cmake-generator', config.cmake_generator),
        ('%cmake', config.cmake),
        ('%llvm-include', config.llvm_include),
        ('%llvm-resource-dir', config.llvm_resource_dir),
        ('%llvm-version', config.llvm_version_major),
    ]
    if config.clangd:
        config.available_features.add('clangd')
        config.substitutions.append(('%clangd', config.clangd))
    if config.clang_tidy:
        config.available_features.add('clang-tidy')
        config.substitutions.append(('%clang-tidy', config.clang_tidy))
    if config.clang_tidy and getattr(config, 'gogo_tidy_module', ''):
        config.available_features.add('gogo-tidy')
        config.substitutions.append(('%gogo-tidy', config.gogo_tidy_module))
    config.substitutions.append(('%gxx', config.cxx_gcc))
    for version in range(14, int(config.llvm_version_major) + 1):
        config.available_features.add('llvm-%d-or-later' % version)
    # Substitution patterns are regular expressions.
    config.substitutions.append((r'\bFileCheck\b', config.filecheck))
    config.substitutions.append((r'\bnot ', config.not_tool + ' '))
    # After FileCheck's: its expansion names FileCheck's path.
    config.substitutions.append(
        ('%check_gogo', ' '.join([
            sys.executable, os.path.join(config.test_source_root, 'check_gogo.py'),
            config.gogo_rewrite, config.filecheck])))
    # Keep the environment small and deterministic.
    config.environment['LC_ALL'] = 'C'
    for var in ('PATH', 'HOME', 'TMPDIR'):
        if var in os.environ:
            config.environment[var] = os.environ[var]
    config.environment['GOGO_MAXPROCS'] = '2'

    # gdb in batch mode, with gogo's extension auto-loaded from the
    # program's .debug_gdb_scripts (anywhere: safe-path /).
    import shutil
    gdb = shutil.which('gdb')
    if gdb:
        config.available_features.add('gdb')
        config.substitutions.append(
            ('%gdb', gdb + " -nx -batch -iex 'set auto-load safe-path /'"
             " -iex 'set debuginfod enabled off'"))
    # The kernel writes core dumps into the crashing program's directory
    # (not to a pipe such as systemd-coredump, nor to a fixed directory).
    try:
        with open('/proc/sys/kernel/core_pattern') as f:
            pattern = f.read().strip()
        if pattern and not pattern.startswith('|') and '/' not in pattern:
            config.available_features.add('kernel-core-in-cwd')
    except OSError:
        pass
