#!/usr/bin/env bash
# Installs the Debian 12 packages gogo needs, and only those that are missing.
#   scripts/install-deps.sh                build + test dependencies, with the
#                                          LLVM that gogo-rewrite uses by
#                                          default (below)
#   scripts/install-deps.sh llvm-N         the same with LLVM N (14 to 19) for
#                                          -DGOGO_LLVM_VERSION=N; several
#                                          llvm-N arguments install several
#   scripts/install-deps.sh boost-context  also Boost.Context, for the fallback
#                                          stack switch (GOGO_BOOST_CONTEXT_SWITCH=ON,
#                                          or any machine but x86-64)
#   scripts/install-deps.sh bench          also the benchmark peers (Go, Boost.Fiber) and
#                                          the stack trace libraries bench/stacktrace compares
# The runtime's reports use libbacktrace from libgcc-12-dev (g++'s own).
# The default LLVM is the one the build picks by default (tool/llvm.cmake):
# the newest of 14 to 19 whose development packages are installed, else 16,
# the newest LLVM of Debian 12's own release, the first that parses
# libstdc++ 12's <ranges>. It prints the missing packages and the exact
# apt-get command before running it. Without root, it uses sudo when
# available; otherwise it prints the apt-get command to run and exits 1.
set -euo pipefail

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

# Per LLVM: the libraries gogo-rewrite links, its clang (builtin headers,
# and the clang++ the tests compile with), FileCheck/not/lit for the tests,
# clangd and clang-tidy for the editor test.
llvm_packages() {
  echo "clang-$1 libclang-$1-dev llvm-$1-dev llvm-$1-tools clangd-$1 clang-tidy-$1"
}

# libboost-dev: the Boost headers that the tool's real-code lint test parses.
# libhiredis-dev, redis-server, libcurl4-openssl-dev: the hooks tests drive
# unmodified client libraries against real servers (test/runtime/hooks).
packages=(cmake make ninja-build g++ libgcc-12-dev gdb python3
          libboost-dev googletest libgtest-dev pkg-config
          libhiredis-dev redis-server libcurl4-openssl-dev)
if [[ $(dpkg --print-architecture) != amd64 ]]; then
  packages+=(libboost-context-dev)
fi
llvm_versions=()
for arg in "$@"; do
  case $arg in
    llvm-1[4-9]) llvm_versions+=("${arg#llvm-}") ;;
    boost-context) packages+=(libboost-context-dev) ;;
    bench) packages+=(golang-go libboost-fiber-dev libboost-stacktrace-dev libdw-dev libunwind-dev) ;;
    *) echo "usage: $0 [llvm-N]... [boost-context] [bench]   (N: 14 to 19)" >&2; exit 2 ;;
  esac
done
if [[ ${#llvm_versions[@]} -eq 0 ]]; then
  llvm_versions=(16)
  for v in 19 18 17 16 15 14; do
    if installed "llvm-$v-dev" && installed "libclang-$v-dev"; then
      llvm_versions=("$v")
      break
    fi
  done
fi
for v in "${llvm_versions[@]}"; do
  read -r -a more <<< "$(llvm_packages "$v")"
  packages+=("${more[@]}")
done

missing=()
for p in "${packages[@]}"; do
  if ! installed "$p"; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  echo "gogo: missing Debian packages: ${missing[*]}" >&2
  echo "gogo: not root and no password-less sudo; please run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
install=("${sudo[@]}" apt-get install -y -q "${missing[@]}")
update=("${sudo[@]}" apt-get update -q)
# Say what will be installed, and how, before touching the system.
echo "gogo: missing Debian packages: ${missing[*]}"
echo "gogo: installing them with: ${install[*]}"
echo "gogo: (should that fail: ${update[*]}, then the same install again)"
export DEBIAN_FRONTEND=noninteractive
if ! "${install[@]}"; then
  echo "gogo: running: ${update[*]}"
  "${update[@]}"
  echo "gogo: running: ${install[*]}"
  "${install[@]}"
fi
