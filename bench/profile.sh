#!/usr/bin/env bash
# Profiles one benchmark program and prints where its time goes: the top
# functions by self time (perf), or by instructions (callgrind) where perf is
# missing or not permitted. docs/performance.md quotes its output.
#
#   bench/profile.sh BIN_DIR PEER WORKLOAD [N] [TOP]
#   bench/profile.sh build/bench gogo pingpong 1000000
# PEER is gogo, fiber or go; WORKERS (default: CPU count) sets GOGO_MAXPROCS
# and GOMAXPROCS; PROFILER=callgrind forces callgrind.
set -euo pipefail

if [[ $# -lt 3 ]]; then
  echo "usage: $0 BIN_DIR PEER WORKLOAD [N] [TOP]" >&2
  exit 2
fi
bin_dir=$1 peer=$2 workload=$3 n=${4:-} top=${5:-15}
if [[ $peer == go ]]; then
  program=$bin_dir/go/$workload
else
  program=$bin_dir/bench-$peer-$workload
fi
if [[ ! -x $program ]]; then
  echo "$0: no program $program (build the bench target first)" >&2
  exit 2
fi
workers=${WORKERS:-$(nproc)}
threads="$workers worker(s)"
[[ $peer == fiber ]] && threads="1 thread (Boost.Fiber)"
export GOGO_MAXPROCS=$workers GOMAXPROCS=$workers
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

profiler=${PROFILER:-perf}
if [[ $profiler == perf ]] && ! perf record -q -o "$scratch/probe" true >/dev/null 2>&1; then
  echo "(perf is missing or not permitted here: using callgrind)"
  profiler=callgrind
fi

if [[ $profiler == perf ]]; then
  perf record -q -g -o "$scratch/perf.data" "$program" $n
  echo "# perf: self time per function (children not included), $threads"
  perf report -i "$scratch/perf.data" --no-children --sort symbol --stdio 2>/dev/null |
    grep -E '^ +[0-9]+\.[0-9]+%' | head -n "$top" | sed -E 's/( +-)* *$//'
else
  valgrind --tool=callgrind --callgrind-out-file="$scratch/cg.out" "$program" $n
  echo "# callgrind: instructions per function (self), $threads"
  callgrind_annotate "$scratch/cg.out" 2>/dev/null |
    grep -E '^ *[0-9,]+ +\(' | head -n "$top" |
    sed -E 's/ \[[^]]*\]$//; s#  [^ ]*/([^/:]+:)#  \1#'
fi
