#!/usr/bin/env bash
# Installs the Debian 12 packages gogo needs, and only those that are missing.
#   scripts/install-deps.sh                build + test dependencies
#   scripts/install-deps.sh boost-context  also Boost.Context, for the fallback
#                                          stack switch (GOGO_BOOST_CONTEXT_SWITCH=ON,
#                                          or any machine but x86-64)
#   scripts/install-deps.sh bench          also the benchmark peers (Go, Boost.Fiber) and
#                                          the stack trace libraries bench/stacktrace compares
# The runtime's reports use libbacktrace from libgcc-12-dev (g++'s own).
# It prints the missing packages and the exact apt-get command before running
# it. Without root, it uses sudo when available; otherwise it prints the
# apt-get command to run and exits 1.
set -euo pipefail

# libboost-dev: the Boost headers that the tool's real-code lint test parses.
packages=(cmake make g++ libgcc-12-dev gdb python3 clang-14 libclang-14-dev llvm-14-dev llvm-14-tools
          libboost-dev googletest libgtest-dev pkg-config)
if [[ $(dpkg --print-architecture) != amd64 ]]; then
  packages+=(libboost-context-dev)
fi
for arg in "$@"; do
  case $arg in
    boost-context) packages+=(libboost-context-dev) ;;
    bench) packages+=(golang-go libboost-fiber-dev libboost-stacktrace-dev libdw-dev libunwind-dev) ;;
    *) echo "usage: $0 [boost-context] [bench]" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
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
