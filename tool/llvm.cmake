# Finds the LLVM and Clang that gogo-rewrite builds against (included from
# tool/CMakeLists.txt). Any of LLVM 14 to 19: GOGO_LLVM_VERSION picks one,
# else the newest installed in Debian's /usr/lib/llvm-N with both CMake
# packages (llvm-N-dev, libclang-N-dev). An LLVM_DIR set by hand (an LLVM
# elsewhere) wins over both. Sets GOGO_LLVM_CLANGXX, the clang++ of that
# LLVM, for the tests. What differs between the versions' C++ APIs lives in
# tool/clang_compat.h, and only there.
set(GOGO_LLVM_VERSION "" CACHE STRING
  "LLVM/Clang major version gogo-rewrite builds against (empty: the newest installed)")

function(gogo_debian_llvm_dir out)
  set(candidates 19 18 17 16 15 14)
  if(GOGO_LLVM_VERSION)
    set(candidates ${GOGO_LLVM_VERSION})
  endif()
  foreach(v IN LISTS candidates)
    if(EXISTS /usr/lib/llvm-${v}/lib/cmake/llvm/LLVMConfig.cmake AND
       EXISTS /usr/lib/llvm-${v}/lib/cmake/clang/ClangConfig.cmake)
      set(${out} /usr/lib/llvm-${v}/lib/cmake/llvm PARENT_SCOPE)
      return()
    endif()
  endforeach()
  set(${out} "" PARENT_SCOPE)
endfunction()

# A build directory configured when the tool could only use LLVM 14 has that
# LLVM_DIR in its cache, beside GOGO_CLANG_RESOURCE_DIR (no longer used):
# not a choice of the user's, so it is made again.
if(DEFINED CACHE{GOGO_CLANG_RESOURCE_DIR})
  unset(GOGO_CLANG_RESOURCE_DIR CACHE)
  unset(LLVM_DIR CACHE)
endif()

# Chosen again at every configure (a newly installed LLVM becomes the
# default), unless LLVM_DIR was set by hand.
if(NOT LLVM_DIR OR LLVM_DIR STREQUAL GOGO_LLVM_DIR_CHOSEN)
  gogo_debian_llvm_dir(gogo_llvm_dir)
  if(gogo_llvm_dir)
    set(LLVM_DIR ${gogo_llvm_dir} CACHE PATH "LLVM's CMake package directory" FORCE)
  else()
    unset(LLVM_DIR CACHE)  # let find_package() search
  endif()
  set(GOGO_LLVM_DIR_CHOSEN "${gogo_llvm_dir}" CACHE INTERNAL "")
endif()

find_package(LLVM CONFIG QUIET)
if(NOT LLVM_FOUND)
  set(wanted "LLVM ${GOGO_LLVM_VERSION}")
  if(NOT GOGO_LLVM_VERSION)
    set(wanted "one of LLVM 14 to 19")
  endif()
  message(FATAL_ERROR "gogo-rewrite needs the development packages of ${wanted}: "
    "on Debian 12, scripts/install-deps.sh installs them (llvm-N-dev, libclang-N-dev). "
    "Elsewhere set LLVM_DIR to an LLVM's lib/cmake/llvm, "
    "or configure with -DGOGO_BUILD_TOOL=OFF.")
endif()
if(GOGO_LLVM_VERSION AND NOT LLVM_VERSION_MAJOR EQUAL GOGO_LLVM_VERSION)
  message(FATAL_ERROR "GOGO_LLVM_VERSION is ${GOGO_LLVM_VERSION}, but LLVM_DIR "
    "(${LLVM_DIR}) holds LLVM ${LLVM_PACKAGE_VERSION}")
endif()
if(LLVM_VERSION_MAJOR LESS 14)
  message(FATAL_ERROR "gogo-rewrite needs LLVM 14 or later; ${LLVM_DIR} holds ${LLVM_PACKAGE_VERSION}")
elseif(LLVM_VERSION_MAJOR GREATER 19)
  message(WARNING "gogo-rewrite is known to build with LLVM 14 to 19; LLVM "
    "${LLVM_PACKAGE_VERSION} may need a new branch in tool/clang_compat.h")
endif()
# Clang is installed beside its LLVM: never a cached one of another version.
unset(Clang_DIR CACHE)
find_package(Clang CONFIG REQUIRED PATHS ${LLVM_LIBRARY_DIR}/cmake/clang NO_DEFAULT_PATH)
message(STATUS "gogo-rewrite: LLVM ${LLVM_PACKAGE_VERSION} (${LLVM_DIR})")

unset(GOGO_LLVM_CLANGXX CACHE)
find_program(GOGO_LLVM_CLANGXX NAMES clang++-${LLVM_VERSION_MAJOR} clang++
  PATHS ${LLVM_TOOLS_BINARY_DIR} /usr/bin NO_DEFAULT_PATH)
