# gogo_rewrite_sources(<target> [OUTPUT_DIR <dir>])
#
# Compiles <target>'s C++ sources through gogo-rewrite: each source gets its
# own custom command that writes the rewritten copy into the build tree
# (<binary dir>/gogo-rewritten/<target>/<path relative to the source dir>),
# and the target compiles the copies instead of the originals. So:
#   - touching one source re-rewrites (and recompiles) that source only;
#     a header change re-rewrites the sources that include it (depfile);
#   - Ninja and Make run the rewrites in parallel like any other commands;
#   - every rewritten source is compiled with -fstack-clash-protection;
#   - go statements in the project's own headers (templates, inline
#     functions) are rewritten into copies of those headers, in
#     <output dir>/gogo-headers, which comes first on the target's include
#     path (the tool itself always reads the originals); a copy is updated
#     when its header changes (depfile) and deleted when the header no
#     longer needs one;
#   - a race (gogo-loop-capture) or unrewritable go statement fails the
#     build with clang-style diagnostics naming the ORIGINAL file:line, and
#     the #line directive in each copy makes compiler errors and debug info
#     point at the original too.
# The tool parses each source as the compiler will: the target's include
# directories, compile definitions and compile options (all including what
# its linked libraries pass on, $<COMPILE_LANGUAGE:CXX> conditions included)
# and its language standard (CXX_STANDARD, compile features, CXX_EXTENSIONS;
# none: the compiler's default) reach it through a flags file written at
# generate time; changing them re-rewrites the target's sources.
# Call it in the directory that created <target>, after its sources are
# known. Works in gogo's own build tree (target gogo-rewrite) and from an
# installed package (imported target gogo::gogo-rewrite, via find_package).
# docs/cmake.md has the details.
include_guard(GLOBAL)

function(gogo_rewrite_sources target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "OUTPUT_DIR" "")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "gogo_rewrite_sources: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "gogo_rewrite_sources: no target named '${target}'")
  endif()
  if(TARGET gogo::gogo-rewrite)
    set(tool gogo::gogo-rewrite)
  elseif(TARGET gogo-rewrite)
    set(tool gogo-rewrite)
  else()
    message(FATAL_ERROR "gogo_rewrite_sources: gogo-rewrite is not available "
      "(gogo was built or installed without GOGO_BUILD_TOOL)")
  endif()

  get_target_property(source_dir ${target} SOURCE_DIR)
  get_target_property(binary_dir ${target} BINARY_DIR)
  get_target_property(sources ${target} SOURCES)
  set(out_dir "${binary_dir}/gogo-rewritten/${target}")
  if(arg_OUTPUT_DIR)
    get_filename_component(out_dir "${arg_OUTPUT_DIR}" ABSOLUTE BASE_DIR "${binary_dir}")
  endif()

  # The compiler flags that matter for parsing, evaluated at generate time
  # (so the order of target_link_libraries() and this call does not matter)
  # by file(GENERATE ... TARGET): there, as when compiling the target's C++,
  # $<COMPILE_LANGUAGE:CXX> holds; a custom command would see it false and
  # silently lose such flags. One argument per line, read with
  # --flags-file: file(GENERATE) cannot quote, and needs not.
  set(includes "$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>")
  set(defines "$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>")
  set(options "$<TARGET_PROPERTY:${target},COMPILE_OPTIONS>")
  set(standard "$<TARGET_PROPERTY:${target},CXX_STANDARD>")
  set(extensions "$<TARGET_PROPERTY:${target},CXX_EXTENSIONS>")
  # CMake passes no -std when the compiler's default satisfies the target:
  # then the tool uses that default too, not its own.
  set(std "$<IF:$<BOOL:${standard}>,${standard},${CMAKE_CXX_STANDARD_DEFAULT}>")
  # CXX_EXTENSIONS unset means on (-std=gnu++NN), as for the compiler.
  set(dialect "$<IF:$<OR:$<STREQUAL:${extensions},>,$<BOOL:${extensions}>>,gnu,c>")
  string(CONCAT flags
    "$<$<BOOL:${includes}>:-I$<JOIN:${includes},\n-I>\n>"
    "$<$<BOOL:${defines}>:-D$<JOIN:${defines},\n-D>\n>"
    "$<$<BOOL:${options}>:$<JOIN:${options},\n>\n>"
    "$<$<BOOL:${std}>:-std=${dialect}++${std}\n>")
  set(flags_file "${out_dir}/gogo-flags-$<CONFIG>.txt")
  file(GENERATE OUTPUT "${flags_file}" CONTENT "${flags}" TARGET ${target})

  # Rewritten copies of headers with go statements: found before the
  # originals by whatever compiles the target (header_copies.h in the tool).
  set(header_dir "${out_dir}/gogo-headers")
  target_include_directories(${target} BEFORE PRIVATE "${header_dir}")

  set(new_sources "")
  foreach(source IN LISTS sources)
    get_filename_component(ext "${source}" LAST_EXT)
    if(NOT ext MATCHES "^\\.(cpp|cc|cxx|c\\+\\+|C|cp)$" OR source MATCHES "\\$<")
      list(APPEND new_sources "${source}")
      continue()
    endif()
    get_filename_component(original "${source}" ABSOLUTE BASE_DIR "${source_dir}")
    get_filename_component(original_dir "${original}" DIRECTORY)
    file(RELATIVE_PATH relative "${source_dir}" "${original}")
    if(relative MATCHES "^\\.\\./")
      # Outside the target's directory: keep it apart, named by its folder.
      string(MD5 folder "${original_dir}")
      string(SUBSTRING "${folder}" 0 12 folder)
      get_filename_component(name "${original}" NAME)
      set(root "${original_dir}")
      set(base "${out_dir}/external/${folder}")
      set(rewritten "${base}/${name}")
    else()
      set(root "${source_dir}")
      set(base "${out_dir}")
      set(rewritten "${out_dir}/${relative}")
    endif()
    add_custom_command(OUTPUT "${rewritten}"
      COMMAND ${tool} "${original}" -o "${base}" --root "${root}"
              --depfile "${rewritten}.d" "--flags-file=${flags_file}"
              --header-dir "${header_dir}"
      DEPENDS "${original}" ${tool} "${flags_file}"
      DEPFILE "${rewritten}.d"
      COMMENT "gogo-rewrite ${source}"
      COMMAND_EXPAND_LISTS VERBATIM)
    # `#include "x.h"` must still find the original's neighbours. Stack
    # probes as for any user of gogo::gogo, even if the target reaches the
    # library some other way: goroutine stacks are small and guarded by
    # one guard region each (docs/runtime.md, "Stack sizes and overflow").
    set_source_files_properties("${rewritten}" PROPERTIES
      GENERATED TRUE
      COMPILE_OPTIONS "-iquote;${original_dir};-fstack-clash-protection")
    list(APPEND new_sources "${rewritten}")
  endforeach()
  set_property(TARGET ${target} PROPERTY SOURCES ${new_sources})
endfunction()
