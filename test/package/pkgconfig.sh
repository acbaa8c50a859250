#!/usr/bin/env bash
# Installs the build tree into a fresh prefix, then builds and runs a small
# consumer with nothing but `pkg-config --cflags --libs gogo`: the shipped
# gogo.pc must be relocatable and complete.
#   pkgconfig.sh <build-dir> <c++ compiler>
set -euo pipefail
build=$1 cxx=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >/dev/null
pc=$(find "$work/prefix" -name gogo.pc)
[[ -n "$pc" ]] || { echo "gogo.pc was not installed" >&2; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$pc")

cat > "$work/main.cpp" <<'CPP'
#define GOGO_NO_GO_KEYWORD
#include <gogo/gogo.hpp>
#include <cstdio>
int main() {
  auto ch = gogo::make_chan<int>();
  gogo::go([ch] { for (int i = 1; i <= 3; i++) ch.send(i * 7); ch.close(); });
  int sum = 0;
  for (int v : ch) sum += v;
  std::printf("sum=%d\n", sum);
}
CPP
# shellcheck disable=SC2046
"$cxx" -o "$work/consumer" "$work/main.cpp" $(pkg-config --cflags --libs gogo)
out=$("$work/consumer")
[[ "$out" == "sum=42" ]] || { echo "unexpected output: $out" >&2; exit 1; }
echo "pkg-config consumer OK: $out"
