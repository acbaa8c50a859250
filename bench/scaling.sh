#!/usr/bin/env bash
# Runs the runtime table of bench/run.py once per worker count and prints
# gogo's and Go's time per op side by side, so that a machine with more
# cores can draw the scaling curve. Boost.Fiber runs on one thread whatever
# the count, so it is left out.
#
#   bench/scaling.sh BIN_DIR [OUT_DIR] [-- extra run.py options]
#   WORKERS="1 2 4" bench/scaling.sh build/bench      (default: 1 2 4 8 16)
#
# BIN_DIR is the bench build dir (build/bench after `make bench`). Each
# count writes OUT_DIR/workers-N/results.{txt,json,svg}; the summary goes to
# OUT_DIR/scaling.txt (OUT_DIR defaults to BIN_DIR/scaling).
set -euo pipefail

if [[ $# -lt 1 || ! -d $1 ]]; then
  echo "usage: $0 BIN_DIR [OUT_DIR] [-- run.py options]" >&2
  exit 2
fi
bin_dir=$1
shift
out_dir=$bin_dir/scaling
if [[ $# -gt 0 && $1 != -- ]]; then
  out_dir=$1
  shift
fi
[[ ${1:-} == -- ]] && shift
here=$(cd "$(dirname "$0")" && pwd)
workers=${WORKERS:-1 2 4 8 16}

mkdir -p "$out_dir"
for w in $workers; do
  echo "=== $w worker(s)"
  python3 "$here/run.py" --bin-dir "$bin_dir" --out "$out_dir/workers-$w" \
    --workers "$w" --no-tool "$@"
done

python3 - "$out_dir" $workers <<'PY'
import json, os, sys
out_dir, counts = sys.argv[1], sys.argv[2:]
tables = {}
for w in counts:
    with open(os.path.join(out_dir, f"workers-{w}", "results.json")) as f:
        tables[w] = {e["label"]: e for e in json.load(f)["runtime"]}
labels = list(tables[counts[0]])
def ns(e, peer):
    v = e["peers"][peer].get("ns_per_op") if e else None
    return "-" if v is None else f"{v:,.0f}" if v >= 100 else f"{v:.1f}"
lines = ["ns per op (gogo / Go) by worker count; ratio gogo/Go in brackets", ""]
head = f"{'workload':<14}" + "".join(f"{w + ' workers':>26}" for w in counts)
lines += [head, "-" * len(head)]
for label in labels:
    cells = []
    for w in counts:
        e = tables[w].get(label)
        r = e.get("gogo_over_go") if e else None
        cells.append(f"{ns(e, 'gogo')} / {ns(e, 'go')}" + ("" if r is None else f" [{r:.2f}]"))
    lines.append(f"{label:<14}" + "".join(f"{c:>26}" for c in cells))
text = "\n".join(lines)
print(text)
with open(os.path.join(out_dir, "scaling.txt"), "w") as f:
    f.write(text + "\n")
PY
