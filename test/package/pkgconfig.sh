#!/usr/bin/env bash
# Installs the build tree into a fresh prefix, then builds and runs a small
# consumer with nothing but `pkg-config --cflags --libs gogo`: the shipped
# gogo.pc must be relocatable and complete, and name Boost.Context exactly
# when this gogo was built with it.
#   pkgconfig.sh <build-dir> <ON|OFF: built with Boost.Context> <c++ compiler>
set -euo pipefail
build=$1 with_boost=$2 cxx=$3
inputs=$(cd "$(dirname "$0")" && pwd)/Inputs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >/dev/null
pc=$(find "$work/prefix" -name gogo.pc)
[[ -n "$pc" ]] || { echo "gogo.pc was not installed" >&2; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$pc")
libs=$(pkg-config --libs gogo)
if [[ " $libs " == *" -lboost_context "* ]]; then
  [[ $with_boost == ON ]] || { echo "gogo.pc links Boost.Context, which this gogo does not use: $libs" >&2; exit 1; }
else
  [[ $with_boost == OFF ]] || { echo "gogo.pc lacks -lboost_context: $libs" >&2; exit 1; }
fi

# shellcheck disable=SC2046
"$cxx" -o "$work/consumer" "$inputs/consumer.cpp" $(pkg-config --cflags --libs gogo)
out=$("$work/consumer")
[[ "$out" == "sum=42" ]] || { echo "unexpected output: $out" >&2; exit 1; }
echo "pkg-config consumer OK: $out"
