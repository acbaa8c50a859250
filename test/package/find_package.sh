#!/usr/bin/env bash
# Installs the build tree into a fresh prefix, then configures, builds and
# runs small consumers with find_package(gogo): the installed package must
# ask for Boost.Context exactly when this gogo was built with it, and its
# C++17 minimum (compile feature cxx_std_17) must not lower a C++20 target.
#   find_package.sh <build-dir> <ON|OFF: built with Boost.Context> <generator> <c++ compiler>
set -euo pipefail
build=$1 with_boost=$2 generator=$3 cxx=$4
inputs=$(cd "$(dirname "$0")" && pwd)/Inputs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >/dev/null
mkdir "$work/src"
cat > "$work/src/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(consumer CXX)
find_package(gogo REQUIRED)
message(STATUS "gogo_WITH_BOOST_CONTEXT=${gogo_WITH_BOOST_CONTEXT}")
add_executable(consumer ${INPUTS}/consumer.cpp)
target_link_libraries(consumer PRIVATE gogo::gogo)
add_executable(consumer20 ${INPUTS}/consumer20.cpp)
set_target_properties(consumer20 PROPERTIES CXX_STANDARD 20)
target_link_libraries(consumer20 PRIVATE gogo::gogo)
CMAKE

configure() {  # configure <binary dir> [extra cmake args]
  local dir=$1
  shift
  cmake -S "$work/src" -B "$dir" -G "$generator" -DCMAKE_CXX_COMPILER="$cxx" \
        -DCMAKE_PREFIX_PATH="$work/prefix" -DINPUTS="$inputs" "$@"
}

# Without Boost findable: configures only if the package does not need it.
if configure "$work/no-boost" -DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON >"$work/no-boost.log" 2>&1; then
  [[ $with_boost == OFF ]] || { echo "gogo built with Boost.Context, yet its package configured without Boost" >&2; exit 1; }
else
  [[ $with_boost == ON ]] || { cat "$work/no-boost.log" >&2; echo "the package needs Boost although gogo was built without it" >&2; exit 1; }
fi

configure "$work/out" >"$work/configure.log"
grep -q "gogo_WITH_BOOST_CONTEXT=$with_boost\$" "$work/configure.log" ||
  { cat "$work/configure.log" >&2; echo "expected gogo_WITH_BOOST_CONTEXT=$with_boost" >&2; exit 1; }
cmake --build "$work/out" >/dev/null
for program in consumer consumer20; do
  out=$("$work/out/$program")
  [[ "$out" == "sum=42" ]] || { echo "$program: unexpected output: $out" >&2; exit 1; }
  echo "find_package $program OK (Boost.Context: $with_boost): $out"
done
