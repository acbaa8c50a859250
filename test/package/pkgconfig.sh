#!/usr/bin/env bash
# Installs the build tree into a fresh prefix, then builds and runs small
# consumers with nothing but `pkg-config --cflags --libs gogo`, with each
# compiler given: the shipped gogo.pc must be relocatable and complete (stack
# probes included), name Boost.Context exactly when this gogo was built with
# it, and state its minimum standard without lowering the user's (a
# -std=c++20 consumer stays C++20).
#   pkgconfig.sh <build-dir> <ON|OFF: built with Boost.Context> <c++ compiler>...
set -euo pipefail
build=$1 with_boost=$2
shift 2
inputs=$(cd "$(dirname "$0")" && pwd)/Inputs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "$*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/prefix" >/dev/null
pc=$(find "$work/prefix" -name gogo.pc)
[[ -n "$pc" ]] || fail "gogo.pc was not installed"
export PKG_CONFIG_PATH=$(dirname "$pc")

libs=$(pkg-config --libs gogo)
if [[ " $libs " == *" -lboost_context "* ]]; then
  [[ $with_boost == ON ]] || fail "gogo.pc links Boost.Context, which this gogo does not use: $libs"
else
  [[ $with_boost == OFF ]] || fail "gogo.pc lacks -lboost_context: $libs"
fi
cflags=$(pkg-config --cflags gogo)
[[ $cflags != *-std=* ]] || fail "gogo.pc sets the language standard, which may lower the user's: $cflags"
# Stack probes for every user (docs/runtime.md, "Stack sizes and overflow").
[[ " $cflags " == *" -fstack-clash-protection "* ]] || fail "gogo.pc's Cflags lack -fstack-clash-protection: $cflags"
std=$(pkg-config --variable=cxx_standard gogo)
[[ $std == c++17 ]] || fail "gogo.pc states cxx_standard='$std', expected c++17"

# build_and_run <compiler> <source> <user's flags...>: the user's flags come
# first and gogo's after them, as in `$(CXX) $(CXXFLAGS) ... $(pkg-config ...)`.
build_and_run() {
  local cxx=$1 source=$2
  shift 2
  # shellcheck disable=SC2046
  "$cxx" "$@" -o "$work/consumer" "$source" $(pkg-config --cflags --libs gogo)
  local out
  out=$("$work/consumer")
  [[ "$out" == "sum=42" ]] || fail "$cxx $*: unexpected output: $out"
  echo "pkg-config consumer OK ($(basename "$cxx") $*): $out"
}

for cxx in "$@"; do
  build_and_run "$cxx" "$inputs/consumer.cpp" "-std=$std"
  build_and_run "$cxx" "$inputs/consumer20.cpp" -std=c++20
done
