#!/usr/bin/env python3
"""gogo's benchmark driver (python3 standard library only).

Runs each runtime workload once per peer (Go, Boost.Fiber, gogo), the peers
alternating, several runs each; prints a table of medians and the ratios
gogo/Go and gogo/Boost.Fiber against the goals of issue 5; then runs wrk
against the same HTTP server in Go (net/http), Boost.Asio (C++20
coroutines) and gogo (examples/net/http_hello) at 100 and 1,000
connections (`--only http_hello` for just that); then bench-echo_load
(bench/net/echo_load.cpp) against the echo servers of Go and gogo: 1,000
connections of small messages, every byte checked (`--only echo_load`),
and the memory per idle connection at 10,000 (`--only idle_conns`); then
times gogo-rewrite against `clang++ -fsyntax-only`. Writes results.txt,
results.json and results.svg into --out.

Every benchmark program prints one line (see bench/common/report.hpp):
  name=... peer=... n=... workers=... ops=... total_ns=... ns_per_op=...
  peak_rss_kb=... base_rss_kb=... [pte_kb=... base_pte_kb=...]

QUICK=1 in the environment (or --quick) shrinks sizes and runs so the whole
thing takes well under a minute; `make bench QUICK=1` passes it through.
"""

import argparse
import dataclasses
import glob
import json
import math
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Dict, List, Optional

PEERS = ("go", "fiber", "gogo")
PEER_TITLE = {"go": "Go", "fiber": "Boost.Fiber", "gogo": "gogo"}


@dataclasses.dataclass
class Row:
    """One line of the runtime table: a workload at one size."""
    workload: str              # program name: bench-<peer>-<workload>, go/<workload>
    n: int
    quick_n: Optional[int]     # None: skipped with QUICK=1
    per: str                   # what one op is
    goal: Optional[float] = None          # gogo/Go time ratio to stay under
    rss_goal_kb: Optional[float] = None   # KiB per parked goroutine
    # Peers left out unless --heavy, with the reason printed in their cell.
    heavy: Dict[str, str] = dataclasses.field(default_factory=dict)
    runs: Optional[int] = None  # fewer runs for the slow rows
    # >1: the program runs the workload this many times in one process and
    # times the last (a warmed-up runtime: pooled stacks, grown heaps).
    bursts: int = 1
    # Workers for this row (GOMAXPROCS, GOGO_MAXPROCS), else --workers.
    workers: Optional[int] = None
    # A goal on gogo's own figure in ms (per == LATE), not on a ratio.
    abs_goal_ms: Optional[float] = None


# The unit of rows whose figure is a worst lateness in ms: the program
# reports it as total_ns with ops=1 (report.hpp, finish_measured).
LATE = "ms late (worst)"


ROWS = [
    Row("spawn", 1_000_000, 100_000, "goroutine", goal=0.5),
    Row("park", 100_000, 20_000, "goroutine"),
    Row("park", 1_000_000, None, "goroutine", goal=0.3,
        rss_goal_kb=4.5, runs=3,
        heavy={"fiber": "needs ~9 GB at 1M (9 KB each)"}),
    Row("park", 1_000_000, 20_000, "goroutine", goal=0.3, runs=3, bursts=2,
        heavy={"fiber": "needs ~9 GB at 1M (9 KB each)"}),
    Row("pingpong", 1_000_000, 100_000, "round trip", goal=0.5),
    Row("sieve", 3000, 500, "prime", goal=0.5),
    Row("fanin", 4_000_000, 400_000, "item", goal=1.0),
    Row("skynet", 1_000_000, 100_000, "total ms",
        heavy={"fiber": "needs ~7.5 GB and ~20 s at 1M (the whole tree stays alive)"}),
    Row("mutex", 1_000_000, 100_000, "lock"),
    Row("timers", 100_000, 100_000, "start+stop", goal=0.5),
    Row("ticker", 100_000, 20_000, "tick"),
    Row("ctxpipeline", 1_000_000, 100_000, "item"),
    # What real programs hit: main at one end of the channel, and a ticker
    # in main while goroutines block in read(2) and one spins.
    Row("mainpingpong", 1_000_000, 100_000, "round trip", goal=0.5),
    Row("mainfanin", 4_000_000, 400_000, "item", goal=0.8),
    Row("lateness", 200, 60, LATE, workers=1, abs_goal_ms=30, runs=3),
    Row("lateness", 200, 60, LATE, workers=2, abs_goal_ms=30, runs=3),
]


def short(n: int) -> str:
    """1000000 -> "1M", 20000 -> "20k", 3000 -> "3000"."""
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 10_000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def log(msg: str) -> None:
    print(msg, flush=True)


# --------------------------------------------------------------------------
# Running one benchmark program

def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def mem_available_kb() -> int:
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1])
    return 0


def run_captured(cmd: List[str], env: dict, timeout: float,
                 max_rss_kb: int) -> dict:
    """Runs one process; returns the fields of its last `name=...` line, as
    strings, or {"error": why}. Kills it past `timeout` seconds or
    `max_rss_kb` of resident memory (the machines are shared)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        deadline = time.monotonic() + timeout
        killed = None
        while proc.poll() is None:
            if time.monotonic() > deadline:
                killed = f"timed out after {timeout:.0f} s"
            elif rss_kb(proc.pid) > max_rss_kb:
                killed = f"killed above {max_rss_kb // (1 << 20)} GiB RSS"
            if killed:
                proc.kill()
                proc.wait()
                break
            time.sleep(0.02)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        stderr = err.read().decode(errors="replace")
    if killed:
        return {"error": killed}
    result = None
    for line in stdout.splitlines():
        if line.startswith("name="):
            result = dict(re.findall(r"(\w+)=(\S+)", line))
    if proc.returncode != 0 or result is None:
        tail = (stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit {proc.returncode}: {tail[:120]}"}
    return result


def run_program(cmd: List[str], env: dict, timeout: float,
                max_rss_kb: int) -> dict:
    """Runs one benchmark program (run_captured); its result line with the
    numbers converted, or {"error": why}."""
    result = run_captured(cmd, env, timeout, max_rss_kb)
    if "error" in result:
        return result
    for key in ("n", "workers", "ops", "total_ns", "peak_rss_kb", "base_rss_kb"):
        result[key] = int(result[key])
    for key in ("pte_kb", "base_pte_kb"):  # page tables, where reported
        if key in result:
            result[key] = int(result[key])
    result["ns_per_op"] = float(result["ns_per_op"])
    return result


def program_path(bin_dir: str, peer: str, workload: str) -> str:
    if peer == "go":
        return os.path.join(bin_dir, "go", workload)
    return os.path.join(bin_dir, f"bench-{peer}-{workload}")


# --------------------------------------------------------------------------
# The runtime table

def rotation(peers: List[str], i: int) -> List[str]:
    """The peers in round i's order: rotated so that no peer always runs first."""
    k = i % len(peers)
    return peers[k:] + peers[:k]


def record(slot: dict, peer: str, res: dict) -> None:
    """Files one run's result (or its error) in the peer's slot."""
    if "error" in res:
        slot["errors"].append(res["error"])
        log(f"   {peer}: {res['error']}")
    else:
        slot["samples"].append(res)


def measure_rows(args, quick: bool) -> List[dict]:
    env = dict(os.environ)
    env["GOMAXPROCS"] = str(args.workers)
    env["GOGO_MAXPROCS"] = str(args.workers)
    max_rss_kb = int(args.max_rss_gb * (1 << 20))
    results = []
    for row in ROWS:
        if args.only and row.workload not in args.only:
            continue
        n = row.quick_n if quick else row.n
        warm = " warm" if row.bursts > 1 else ""
        label = f"{row.workload} {short(row.n)}{warm}"
        if n is None:
            log(f"-- {label}: skipped with QUICK=1")
            continue
        label = f"{row.workload} {short(n)}{warm}"
        row_env = env
        if row.workers is not None:
            label += f" @{row.workers}w"
            row_env = dict(env, GOMAXPROCS=str(row.workers), GOGO_MAXPROCS=str(row.workers))
        runs = 3 if quick else (row.runs or args.runs)
        entry = {"label": label, "workload": row.workload, "n": n, "bursts": row.bursts,
                 "per": row.per, "goal": row.goal,
                 "rss_goal_kb": row.rss_goal_kb, "abs_goal_ms": row.abs_goal_ms,
                 "peers": {}}
        active = []
        for peer in PEERS:
            path = program_path(args.bin_dir, peer, row.workload)
            if peer in row.heavy and not args.heavy:
                entry["peers"][peer] = {"skipped": row.heavy[peer] + "; --heavy runs it"}
            elif not os.access(path, os.X_OK):
                entry["peers"][peer] = {"skipped": "not built"}
            else:
                entry["peers"][peer] = {"samples": [], "errors": []}
                active.append(peer)
        log(f"-- {label}: {runs} runs of {', '.join(active) or 'nothing'}")
        for i in range(runs):
            for peer in rotation(active, i):
                slot = entry["peers"][peer]
                if len(slot["errors"]) >= 2:
                    continue  # it failed twice: do not waste the time
                free = mem_available_kb()
                if free and free < max_rss_kb // 4:
                    slot["errors"].append(f"only {free >> 10} MiB free")
                    continue
                cmd = [program_path(args.bin_dir, peer, row.workload), str(n)]
                if row.bursts > 1:
                    cmd.append(str(row.bursts))
                res = run_program(cmd, row_env, args.timeout, max_rss_kb)
                record(slot, peer, res)
        for peer in active:
            summarize(entry["peers"][peer], row)
        ratios(entry)
        results.append(entry)
        log(format_row_brief(entry))
    return results


def summarize(slot: dict, row: Row) -> None:
    samples = slot["samples"]
    if not samples:
        slot["skipped"] = "failed: " + "; ".join(dict.fromkeys(slot["errors"]))
        return
    slot["ns_per_op"] = statistics.median(s["ns_per_op"] for s in samples)
    slot["total_ms"] = statistics.median(s["total_ns"] for s in samples) / 1e6
    slot["peak_rss_kb"] = max(s["peak_rss_kb"] for s in samples)
    slot["workers"] = samples[0]["workers"]
    slot["runs"] = len(samples)
    if row.workload == "park" and row.bursts == 1:
        slot["rss_per_goroutine_kb"] = statistics.median(
            (s["peak_rss_kb"] - s["base_rss_kb"]) / s["n"] for s in samples)
        if all("pte_kb" in s and "base_pte_kb" in s for s in samples):
            slot["pte_per_goroutine_kb"] = statistics.median(
                (s["pte_kb"] - s["base_pte_kb"]) / s["n"] for s in samples)


def ratios(entry: dict) -> None:
    peers = entry["peers"]
    gogo = peers.get("gogo", {}).get("ns_per_op")
    for peer in ("go", "fiber"):
        other = peers.get(peer, {}).get("ns_per_op")
        entry[f"gogo_over_{peer}"] = gogo / other if gogo and other else None
    goal, ratio = entry["goal"], entry["gogo_over_go"]
    if goal is not None and ratio is not None:
        entry["goal_met"] = ratio <= goal
    abs_goal = entry.get("abs_goal_ms")
    if abs_goal is not None and gogo is not None:
        entry["goal_met"] = gogo / 1e6 <= abs_goal
    rss_goal = entry["rss_goal_kb"]
    rss = peers.get("gogo", {}).get("rss_per_goroutine_kb")
    if rss_goal is not None and rss is not None:
        entry["rss_goal_met"] = rss <= rss_goal


def in_ms(per: str) -> bool:
    return per in ("total ms", LATE)


def cell(slot: dict, total_ms: bool) -> str:
    if "ns_per_op" not in slot:
        return "-"
    value = slot["total_ms"] if total_ms else slot["ns_per_op"]
    return f"{value:,.1f}" if value < 1000 else f"{value:,.0f}"


def ratio_text(r: Optional[float]) -> str:
    return "-" if r is None else f"{r:.2f}"


def goal_text(entry: dict) -> str:
    abs_goal = entry.get("abs_goal_ms")
    if abs_goal is not None:
        gogo = entry["peers"].get("gogo", {}).get("ns_per_op")
        if gogo is None:
            return f"gogo <= {abs_goal:g} ms: not measured"
        return f"gogo <= {abs_goal:g} ms: " + ("met" if gogo / 1e6 <= abs_goal else "MISSED")
    goal, r = entry["goal"], entry["gogo_over_go"]
    if goal is None:
        return ""
    if r is None:
        return f"<= {goal}: not measured"
    if r <= goal:
        return f"<= {goal}: met"
    return f"<= {goal}: MISSED ({r / goal:.2f}x the goal)"


def format_row_brief(entry: dict) -> str:
    parts = []
    for peer in PEERS:
        slot = entry["peers"].get(peer, {})
        parts.append(f"{PEER_TITLE[peer]} {cell(slot, in_ms(entry['per']))}")
    return ("   " + ", ".join(parts) + f"; gogo/Go {ratio_text(entry['gogo_over_go'])}"
            f", gogo/Fiber {ratio_text(entry['gogo_over_fiber'])}")


def format_table(results: List[dict], workers: int) -> str:
    head = ["workload", "unit", "Go", "Boost.Fiber", "gogo",
            "gogo/Go", "gogo/Fiber", "goal gogo/Go"]
    lines = [head]
    notes = []
    for e in results:
        total_ms = in_ms(e["per"])
        unit = {"total ms": "ms total", LATE: LATE}.get(e["per"], f"ns/{e['per']}")
        row = [e["label"], unit]
        for peer in PEERS:
            slot = e["peers"][peer]
            row.append(cell(slot, total_ms))
            if "skipped" in slot:
                notes.append(f"{e['label']}, {PEER_TITLE[peer]}: {slot['skipped']}")
        row += [ratio_text(e["gogo_over_go"]), ratio_text(e["gogo_over_fiber"]),
                goal_text(e)]
        lines.append(row)
    widths = [max(len(r[i]) for r in lines) for i in range(len(head))]
    out = [f"Runtime: median of the runs; Go and gogo with {workers} worker(s), "
           "Boost.Fiber on one thread."]
    for i, r in enumerate(lines):
        out.append("  ".join(c.ljust(w) if j < 2 else c.rjust(w)
                             for j, (c, w) in enumerate(zip(r, widths))).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    park = [e for e in results if e["workload"] == "park" and e.get("bursts", 1) == 1]
    if park:
        out.append("")
        out.append("Memory per parked goroutine (peak RSS - RSS before, / N; + page tables), KiB:")
        for e in park:
            cells = []
            for peer in PEERS:
                v = e["peers"][peer].get("rss_per_goroutine_kb")
                pte = e["peers"][peer].get("pte_per_goroutine_kb")
                tables = "" if v is None or pte is None else f" + {pte:.2f}"
                cells.append(f"{PEER_TITLE[peer]} {'-' if v is None else f'{v:.2f}'}{tables}")
            goal = ""
            if e["rss_goal_kb"] is not None:
                met = e.get("rss_goal_met")
                goal = f"   goal gogo <= {e['rss_goal_kb']}: " + (
                    "not measured" if met is None else "met" if met else "MISSED")
            out.append(f"  {e['label']:<10} " + ", ".join(cells) + goal)
    if notes:
        out.append("")
        out.extend("  - " + n for n in notes)
    return "\n".join(out)


# --------------------------------------------------------------------------
# Tool benchmarks

def timed(cmd: List[str], **kw) -> (float, int):
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    return time.perf_counter() - start, proc.returncode


def timed_cpu(cmd: List[str]) -> (float, float, int):
    """Like timed(), plus the CPU seconds (user + system) the command used:
    CPU / wall shows how many cores it kept busy, whatever else the shared
    machine was doing."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    secs, rc = timed(cmd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return secs, cpu, rc


def tool_benchmarks(args, quick: bool) -> dict:
    rewrite = args.rewrite
    if not rewrite or not os.access(rewrite, os.X_OK):
        msg = "gogo-rewrite is not built yet"
        log(f"-- tool benchmarks skipped: {msg}")
        return {"skipped": msg}
    clang = args.clang or shutil.which("clang++-14") or shutil.which("clang++")
    if not clang:
        log("-- tool benchmarks skipped: no clang++ to compare with")
        return {"skipped": "no clang++"}
    flags = ["-std=c++17", "-I", args.include_dir,
             "-I", os.path.join(args.source_dir, "common")]
    work = os.path.join(args.work_dir, "tool")
    os.makedirs(work, exist_ok=True)
    result = {"clang": clang, "flags": flags}
    result["parse_overhead"] = parse_overhead(args, quick, rewrite, clang, flags, work)
    result["pass_through"] = pass_through(quick, rewrite, clang, flags, work)
    result["parallel"] = parallel_files(quick, rewrite, flags, work)
    result["lint_overhead"] = lint_overhead(args, quick, rewrite, clang)
    return result


def same_llvm_clang(rewrite, fallback):
    """The clang++ of the LLVM gogo-rewrite is built with (its resource
    directory is <llvm>/lib/clang/N), so both sides run the same parser."""
    try:
        out = subprocess.run([rewrite, "--print-paths"], capture_output=True,
                             text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return fallback
    for line in out.splitlines():
        if line.startswith("resource-dir: "):
            llvm = os.path.dirname(os.path.dirname(os.path.dirname(
                line.split(": ", 1)[1].strip())))
            candidate = os.path.join(llvm, "bin", "clang++")
            if os.access(candidate, os.X_OK):
                return candidate
    return fallback


def lint_overhead(args, quick, rewrite, clang) -> dict:
    """gogo-rewrite --lint vs clang++ -fsyntax-only, by CPU time, on the
    lint corpus files full of std::thread, std::jthread and std::async
    (test/lint/thread-*.cpp, async-capture.cpp): every file is parsed and
    every spawn analysed. One process per file, the sides alternating."""
    tests = os.path.join(os.path.dirname(os.path.abspath(args.source_dir)),
                         "test", "lint")
    files = sorted(glob.glob(os.path.join(tests, "thread-*.cpp")) +
                   [os.path.join(tests, "async-capture.cpp")])
    files = [f for f in files if os.path.exists(f)]
    if not files:
        return {"skipped": "no lint corpus files"}
    clang = same_llvm_clang(rewrite, clang)
    flags = ["-std=c++20"]
    runs = 1 if quick else 5
    cpu = {"clang": [], "lint": []}
    failures = []
    for i in range(runs):
        for tool in (("clang", "lint") if i % 2 == 0 else ("lint", "clang")):
            total = 0.0
            for f in files:
                cmd = ([clang, "-fsyntax-only", *flags, f] if tool == "clang"
                       else [rewrite, "--lint", f, "--", *flags])
                _, cpu_secs, rc = timed_cpu(cmd)
                total += cpu_secs
                if rc != 0:
                    failures.append(f"{tool} {os.path.basename(f)}: exit {rc}")
            cpu[tool].append(total)
    clang_cpu = statistics.median(cpu["clang"])
    lint_cpu = statistics.median(cpu["lint"])
    res = {"files": len(files), "runs": runs, "clang": clang,
           "clang_cpu_s": clang_cpu, "lint_cpu_s": lint_cpu,
           "ratio": lint_cpu / clang_cpu, "goal": 1.15,
           "failures": sorted(set(failures))}
    log(f"-- lint overhead ({len(files)} thread/async files, {runs} runs): CPU "
        f"time clang -fsyntax-only {clang_cpu:.2f} s, gogo-rewrite --lint "
        f"{lint_cpu:.2f} s, ratio {res['ratio']:.2f} (goal <= 1.15)")
    return res


def parse_overhead(args, quick, rewrite, clang, flags, work) -> dict:
    """gogo-rewrite vs clang++ -fsyntax-only on the gogo benchmark sources
    (real files with go statements), one process per file, alternating."""
    files = sorted(glob.glob(os.path.join(args.source_dir, "gogo", "*.cpp")))
    out_dir = os.path.join(work, "parse-out")
    runs = 1 if quick else 5
    wall = {"clang": [], "rewrite": []}
    cpu = {"clang": [], "rewrite": []}
    failures = []
    for i in range(runs):
        for tool in (("clang", "rewrite") if i % 2 == 0 else ("rewrite", "clang")):
            wall_total = cpu_total = 0.0
            for f in files:
                if tool == "clang":
                    cmd = [clang, "-fsyntax-only", *flags, f]
                else:
                    cmd = [rewrite, "-o", out_dir, f, "--", *flags]
                secs, cpu_secs, rc = timed_cpu(cmd)
                wall_total += secs
                cpu_total += cpu_secs
                if rc != 0:
                    failures.append(f"{tool} {os.path.basename(f)}: exit {rc}")
            wall[tool].append(wall_total)
            cpu[tool].append(cpu_total)
    clang_s = statistics.median(wall["clang"])
    rewrite_s = statistics.median(wall["rewrite"])
    clang_cpu = statistics.median(cpu["clang"])
    rewrite_cpu = statistics.median(cpu["rewrite"])
    # Both are one single-threaded process per file, so CPU time measures the
    # same work as wall time without the waiting a busy machine adds; the
    # goal is judged on it.
    res = {"files": len(files), "runs": runs, "clang_s": clang_s,
           "rewrite_s": rewrite_s, "wall_ratio": rewrite_s / clang_s,
           "clang_cpu_s": clang_cpu, "rewrite_cpu_s": rewrite_cpu,
           "ratio": rewrite_cpu / clang_cpu, "goal": 1.15,
           "failures": sorted(set(failures))}
    log(f"-- parse overhead ({len(files)} files, {runs} runs): CPU time clang "
        f"-fsyntax-only {clang_cpu:.2f} s, gogo-rewrite {rewrite_cpu:.2f} s, ratio "
        f"{res['ratio']:.2f} (goal <= 1.15); wall {clang_s:.2f} s vs "
        f"{rewrite_s:.2f} s, {res['wall_ratio']:.2f}")
    return res


GO_WORD = re.compile(rb"\bgo\b")


def pass_through(quick, rewrite, clang, flags, work) -> dict:
    """Real C++ with no `go` token (Boost headers copied into .cpp files):
    gogo-rewrite should copy them without parsing. Headers that do not parse
    on their own are left out of both sides."""
    budget = 3.0 if quick else 15.0
    corpus = os.path.join(work, "pass-through")
    shutil.rmtree(corpus, ignore_errors=True)
    os.makedirs(corpus)
    chosen, spent = [], 0.0
    for header in sorted(glob.glob("/usr/include/boost/*.hpp")):
        if spent > budget or len(chosen) >= 200:
            break
        with open(header, "rb") as f:
            text = f.read()
        if GO_WORD.search(text):
            continue
        dst = os.path.join(corpus, os.path.basename(header)[:-4] + ".cpp")
        with open(dst, "wb") as f:
            f.write(text)
        try:
            secs, rc = timed([clang, "-fsyntax-only", *flags, dst], timeout=30)
        except subprocess.TimeoutExpired:
            secs, rc = 30.0, 1
        spent += secs
        if rc == 0:
            chosen.append(dst)
        else:
            os.remove(dst)
    if not chosen:
        return {"skipped": "no Boost header parsed on its own"}
    size = sum(os.path.getsize(f) for f in chosen)
    clang_s, clang_rc = timed([clang, "-fsyntax-only", *flags, *chosen])
    out_dir = os.path.join(work, "pass-through-out")
    shutil.rmtree(out_dir, ignore_errors=True)
    rewrite_s, rewrite_rc = timed([rewrite, "-o", out_dir, *chosen, "--", *flags])
    # With -o the tool adds `#line 1 "<original>"` (rewrite.md); apart from
    # that line a pass-through copy must be byte-identical.
    identical = 0
    for f in chosen:
        copy = os.path.join(out_dir, os.path.basename(f))
        if os.path.exists(copy):
            with open(f, "rb") as a, open(copy, "rb") as b:
                original, written = a.read(), b.read()
            if written.startswith(b"#line 1 "):
                written = written.split(b"\n", 1)[1] if b"\n" in written else b""
            identical += original == written
    res = {"files": len(chosen), "bytes": size, "clang_s": clang_s,
           "clang_rc": clang_rc, "rewrite_s": rewrite_s, "rewrite_rc": rewrite_rc,
           "speedup": clang_s / rewrite_s if rewrite_s else None, "goal": 50,
           "identical_copies": identical}
    log(f"-- pass-through ({len(chosen)} Boost headers as .cpp, {size >> 10} KiB, "
        f"no go token): clang -fsyntax-only {clang_s:.2f} s, gogo-rewrite "
        f"{rewrite_s:.3f} s, {res['speedup']:.0f}x faster (goal >= 50x); "
        f"{identical}/{len(chosen)} copies byte-identical (after the #line 1); "
        f"exit {rewrite_rc}")
    return res


JOB_FILE = """\
// Generated by bench/run.py: file {i} of the -j benchmark.
#include <gogo/gogo.hpp>

namespace job{i} {{
int twice(gogo::chan<int> out, int x) {{
  out.send(2 * x);
  return x;
}}

void run() {{
  auto results = gogo::make_chan<int>(16);
  gogo::wait_group wg;
  for (int i = 0; i < 4; i++) {{
    wg.add(1);
    go [results, &wg](int n) {{ results.send(n); wg.done(); }}(i);
  }}
  go twice(results, {i});
  go [=] {{ results.send({i}); }};
  wg.wait();
}}
}}  // namespace job{i}
"""


def parallel_files(quick, rewrite, flags, work) -> dict:
    count = 20 if quick else 200
    src = os.path.join(work, "jobs")
    shutil.rmtree(src, ignore_errors=True)
    os.makedirs(src)
    files = []
    for i in range(count):
        path = os.path.join(src, f"job{i:03d}.cpp")
        with open(path, "w") as f:
            f.write(JOB_FILE.format(i=i))
        files.append(path)
    times, cpu, rcs = {}, {}, {}
    for jobs in (1, 2):
        out_dir = os.path.join(work, f"jobs-out-{jobs}")
        shutil.rmtree(out_dir, ignore_errors=True)
        times[jobs], cpu[jobs], rcs[jobs] = timed_cpu(
            [rewrite, "-j", str(jobs), "-o", out_dir, *files, "--", *flags])
    res = {"files": count, "j1_s": times[1], "j2_s": times[2],
           "speedup": times[1] / times[2], "exit": rcs,
           "j1_cores": cpu[1] / times[1], "j2_cores": cpu[2] / times[2],
           "loadavg_before": os.getloadavg()[0]}
    log(f"-- {count} files: -j 1 {times[1]:.1f} s, -j 2 {times[2]:.1f} s, "
        f"speedup {res['speedup']:.2f}x (goal: close to 2x on 2 cores); cores "
        f"busy {res['j1_cores']:.2f} / {res['j2_cores']:.2f}; exit {rcs[1]}/{rcs[2]}")
    return res


def format_tool(tool: dict) -> str:
    if "skipped" in tool:
        return f"Tool: skipped ({tool['skipped']})."
    p, t, j = tool["parse_overhead"], tool["pass_through"], tool["parallel"]
    lines = ["Tool (gogo-rewrite):",
             f"  parse overhead   {p['files']} files with go statements, CPU time: "
             f"clang++ -fsyntax-only {p['clang_cpu_s']:.2f} s, gogo-rewrite "
             f"{p['rewrite_cpu_s']:.2f} s, ratio {p['ratio']:.2f} (goal <= 1.15: "
             f"{'met' if p['ratio'] <= 1.15 else 'MISSED'}); wall-clock ratio "
             f"{p['wall_ratio']:.2f}"]
    if p["failures"]:
        lines.append("    failures: " + "; ".join(p["failures"]))
    if "skipped" in t:
        lines.append(f"  pass-through     skipped ({t['skipped']})")
    else:
        lines.append(
            f"  pass-through     {t['files']} Boost headers, no go token: clang++ "
            f"{t['clang_s']:.2f} s, gogo-rewrite {t['rewrite_s']:.3f} s, "
            f"{t['speedup']:.0f}x faster (goal >= 50x: "
            f"{'met' if t['speedup'] >= 50 else 'MISSED'}); "
            f"{t['identical_copies']}/{t['files']} copies identical")
    lint = tool.get("lint_overhead", {"skipped": "not run"})
    if "skipped" in lint:
        lines.append(f"  lint overhead    skipped ({lint['skipped']})")
    else:
        lines.append(
            f"  lint overhead    {lint['files']} thread/async files, CPU time: "
            f"clang++ -fsyntax-only {lint['clang_cpu_s']:.2f} s, gogo-rewrite "
            f"--lint {lint['lint_cpu_s']:.2f} s, ratio {lint['ratio']:.2f} "
            f"(goal <= 1.15: {'met' if lint['ratio'] <= 1.15 else 'MISSED'})")
        if lint["failures"]:
            lines.append("    failures: " + "; ".join(lint["failures"]))
    lines.append(f"  -j scaling       {j['files']} files: -j 1 {j['j1_s']:.1f} s, "
                 f"-j 2 {j['j2_s']:.1f} s, speedup {j['speedup']:.2f}x; cores kept "
                 f"busy {j['j1_cores']:.2f} (-j 1) / {j['j2_cores']:.2f} (-j 2)")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# The plot: an SVG written by hand, so that nothing needs installing

def svg_text(x, y, s, size=12, anchor="start", weight="normal", fill="#222"):
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'font-weight="{weight}" fill="{fill}">{s}</text>')


def make_svg(results: List[dict], meta: dict) -> str:
    """Time of gogo and Boost.Fiber relative to Go, one group per workload,
    on a log scale centred on Go (= 1); a red tick marks each goal. A second
    panel shows the memory per parked goroutine."""
    colors = {"gogo": "#1f77b4", "fiber": "#ff7f0e", "go": "#2ca02c"}
    left, width, bar, gap = 150, 560, 13, 14
    lo, hi = 1 / 4, 4
    values = [e["gogo_over_go"] for e in results] + [e["goal"] for e in results] + [
        (e["peers"]["fiber"].get("ns_per_op") or 0) /
        (e["peers"]["go"].get("ns_per_op") or 1) for e in results]
    for v in values:
        if v:
            while v < lo * 1.2:
                lo /= 2
            while v > hi / 1.2:
                hi *= 2
    span = math.log(hi) - math.log(lo)

    def x_of(v):
        return left + width * (math.log(v) - math.log(lo)) / span

    top = 60
    rows_h = len(results) * (2 * bar + gap)
    park = [e for e in results if e["workload"] == "park" and e.get("bursts", 1) == 1]
    panel2_top = top + rows_h + 70
    panel2_h = 30 + len(park) * (3 * bar + gap) if park else 0
    height = panel2_top + panel2_h + 40
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 150}" '
           f'height="{height}" font-family="sans-serif">',
           f'<rect width="100%" height="100%" fill="white"/>',
           svg_text(10, 22, "gogo and Boost.Fiber time relative to Go (log scale; "
                    "left of 1 = faster than Go)", 14, weight="bold"),
           svg_text(10, 40, meta["caption"], 11, fill="#555")]
    # Grid lines at powers of two.
    k = math.floor(math.log2(lo))
    while 2 ** k <= hi:
        v = 2 ** k
        x = x_of(v)
        out.append(f'<line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{top + rows_h}" '
                   f'stroke="{"#000" if v == 1 else "#ddd"}" stroke-width="{1.5 if v == 1 else 1}"/>')
        label = f"{v:g}" if v >= 1 else f"1/{int(1 / v)}"
        out.append(svg_text(x, top + rows_h + 15, label, 10, "middle"))
        k += 1
    out.append(svg_text(x_of(1), top - 12, "Go = 1", 10, "middle"))
    y = top
    for e in results:
        out.append(svg_text(left - 8, y + bar + 4, e["label"], 12, "end"))
        fiber_ratio = None
        f_ns, g_ns = e["peers"]["fiber"].get("ns_per_op"), e["peers"]["go"].get("ns_per_op")
        if f_ns and g_ns:
            fiber_ratio = f_ns / g_ns
        for i, (peer, r) in enumerate((("gogo", e["gogo_over_go"]), ("fiber", fiber_ratio))):
            by = y + i * bar
            if r is None:
                out.append(svg_text(x_of(1) + 4, by + bar - 3,
                                    f"{PEER_TITLE[peer]}: not measured", 9, fill="#888"))
                continue
            x0, x1 = sorted((x_of(1), x_of(r)))
            out.append(f'<rect x="{x0:.1f}" y="{by + 1}" width="{max(x1 - x0, 1):.1f}" '
                       f'height="{bar - 2}" fill="{colors[peer]}"/>')
            out.append(svg_text(x1 + 4 if r >= 1 else x0 - 4, by + bar - 3, f"{r:.2f}",
                                9, "start" if r >= 1 else "end"))
        if e["goal"] is not None:
            gx = x_of(e["goal"])
            out.append(f'<line x1="{gx:.1f}" y1="{y - 2}" x2="{gx:.1f}" y2="{y + bar + 1}" '
                       f'stroke="red" stroke-width="2.5"/>')
        y += 2 * bar + gap
    legend_y = top + rows_h + 34
    lx = left
    for peer, text in (("gogo", "gogo / Go"), ("fiber", "Boost.Fiber / Go (1 thread)")):
        out.append(f'<rect x="{lx}" y="{legend_y - 9}" width="12" height="10" fill="{colors[peer]}"/>')
        out.append(svg_text(lx + 16, legend_y, text, 11))
        lx += 190
    out.append(f'<line x1="{lx}" y1="{legend_y - 10}" x2="{lx}" y2="{legend_y + 1}" '
               f'stroke="red" stroke-width="2.5"/>')
    out.append(svg_text(lx + 6, legend_y, "goal for gogo / Go", 11))
    if park:
        out.append(svg_text(10, panel2_top, "Memory per parked goroutine (KiB, peak RSS "
                            "growth / N)", 14, weight="bold"))
        biggest = max([e["peers"][p].get("rss_per_goroutine_kb") or 0
                       for e in park for p in PEERS] + [e["rss_goal_kb"] or 0 for e in park])
        scale = width / (biggest * 1.15 or 1)
        y = panel2_top + 16
        for e in park:
            out.append(svg_text(left - 8, y + 1.5 * bar + 4, e["label"], 12, "end"))
            for i, peer in enumerate(("gogo", "go", "fiber")):
                v = e["peers"][peer].get("rss_per_goroutine_kb")
                by = y + i * bar
                if v is None:
                    out.append(svg_text(left + 4, by + bar - 3,
                                        f"{PEER_TITLE[peer]}: not measured", 9, fill="#888"))
                    continue
                out.append(f'<rect x="{left}" y="{by + 1}" width="{max(v * scale, 1):.1f}" '
                           f'height="{bar - 2}" fill="{colors[peer]}"/>')
                out.append(svg_text(left + v * scale + 4, by + bar - 3,
                                    f"{PEER_TITLE[peer]} {v:.2f}", 9))
            if e["rss_goal_kb"]:
                gx = left + e["rss_goal_kb"] * scale
                out.append(f'<line x1="{gx:.1f}" y1="{y - 2}" x2="{gx:.1f}" y2="{y + bar + 1}" '
                           f'stroke="red" stroke-width="2.5"/>')
            y += 3 * bar + gap
    out.append("</svg>")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------

def machine_info(args) -> dict:
    info = {"date_utc": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
            "cpus": os.cpu_count(), "kernel": platform.release(),
            "loadavg_at_start": os.getloadavg()[0]}
    try:
        with open("/proc/cpuinfo") as f:
            models = re.findall(r"model name\s*:\s*(.*)", f.read())
        info["cpu"] = models[0] if models else "?"
        with open("/proc/meminfo") as f:
            info["mem_gib"] = round(int(f.readline().split()[1]) / (1 << 20), 1)
    except OSError:
        pass
    go = shutil.which("go")
    if go:
        info["go"] = subprocess.run([go, "version"], capture_output=True,
                                    text=True).stdout.strip()
    try:
        with open("/usr/include/boost/version.hpp") as f:
            m = re.search(r'BOOST_LIB_VERSION "([^"]+)"', f.read())
            info["boost"] = m.group(1).replace("_", ".") if m else "?"
    except OSError:
        pass
    info["commit"] = args.commit or source_commit(args.source_dir)
    return info


def source_commit(source_dir: str) -> str:
    """The commit of the checkout that bench/ belongs to, "+dirty" when
    runtime/, tool/ or bench/ have local changes; "?" when source_dir is not
    the bench/ of a git checkout (e.g. an exported tree: use --commit)."""
    root = os.path.dirname(os.path.abspath(source_dir))
    def git(*cmd):
        return subprocess.run(["git", "-C", root, *cmd], capture_output=True,
                              text=True).stdout.strip()
    try:
        if os.path.abspath(git("rev-parse", "--show-toplevel") or "/nonexistent") != root:
            return "?"
        commit = git("rev-parse", "--short", "HEAD")
        if git("status", "--porcelain", "--", "runtime", "tool", "bench"):
            commit += "+dirty"
        return commit
    except OSError:
        return "?"


# --------------------------------------------------------------------------
# The network rows: wrk against the HTTP servers

NET_PEERS = ("go", "asio", "gogo")
NET_TITLE = {"go": "Go net/http", "asio": "Asio (C++20 coroutines)", "gogo": "gogo"}
NET_CONNS = (100, 1000)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(path: str, env: dict) -> tuple:
    """Starts an HTTP server on a free port; (process, port) once it accepts
    connections, else (None, why)."""
    port = free_port()
    proc = subprocess.Popen([path, str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return None, f"exited with {proc.returncode} before listening"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc, port
        except OSError:
            time.sleep(0.02)
    proc.kill()
    proc.wait()
    return None, "not listening after 10 s"


def stop_server(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def wrk_once(port: int, conns: int, seconds: int) -> dict:
    """One wrk run: requests per second and the 99th percentile latency."""
    cmd = ["wrk", "-t1", f"-c{conns}", f"-d{seconds}s", "--latency",
           f"http://127.0.0.1:{port}/"]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True,
                             timeout=seconds + 60).stdout
    except subprocess.TimeoutExpired:
        return {"error": "wrk timed out"}
    rps = re.search(r"Requests/sec:\s+([0-9.]+)", out)
    p99 = re.search(r"99%\s+([0-9.]+)(us|ms|s)\b", out)
    if not rps or not p99:
        return {"error": "no figures in wrk's output"}
    scale = {"us": 1e-3, "ms": 1.0, "s": 1e3}[p99.group(2)]
    res = {"rps": float(rps.group(1)), "p99_ms": float(p99.group(1)) * scale}
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if bad or (errors and any(int(x) for x in errors.groups()[:3])):
        res["error"] = "wrong responses or socket errors: " + (bad.group(0) if bad else errors.group(0))
    return res


def raise_nofile() -> int:
    """Raises this process's descriptor limit to the hard limit, which the
    servers and clients it starts inherit (1,000 connections need more than
    the usual soft limit); returns that limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def net_env(args) -> dict:
    return dict(os.environ, GOMAXPROCS=str(args.workers), GOGO_MAXPROCS=str(args.workers))


def peer_slots(row: dict, peers, paths: dict) -> List[str]:
    """Gives each peer of `row` a slot (skipped where its server is not
    built); returns the peers that will run."""
    active = []
    for peer in peers:
        if os.access(paths[peer], os.X_OK):
            row["peers"][peer] = {"samples": [], "errors": []}
            active.append(peer)
        else:
            row["peers"][peer] = {"skipped": "not built"}
    return active


def serve_rounds(row: dict, active: List[str], paths: dict, env: dict, runs: int,
                 once) -> None:
    """`runs` rounds, the peers in rotation: each run starts the peer's
    server on a free port, measures it with once(proc, port) and stops it."""
    for i in range(runs):
        for peer in rotation(active, i):
            slot = row["peers"][peer]
            proc, port = start_server(paths[peer], env)
            if proc is None:
                slot["errors"].append(port)
                continue
            try:
                res = once(proc, port)
            finally:
                stop_server(proc)
            record(slot, peer, res)


def take_medians(row: dict, active: List[str], keys) -> None:
    """Each active peer's median of every key over its samples, or why it
    has none."""
    for peer in active:
        slot = row["peers"][peer]
        if not slot["samples"]:
            slot["skipped"] = "failed: " + "; ".join(dict.fromkeys(slot["errors"]))
            continue
        for key in keys:
            slot[key] = statistics.median(x[key] for x in slot["samples"])


def measure_net(args, quick: bool) -> dict:
    """wrk -t1 against each peer's HTTP server at NET_CONNS connections,
    the peers alternating; medians."""
    if not shutil.which("wrk"):
        return {"skipped": "no wrk (apt-get install wrk)"}
    paths = {"go": os.path.join(args.bin_dir, "go", "http_hello"),
             "asio": os.path.join(args.bin_dir, "bench-asio-http_hello"),
             "gogo": args.gogo_http_hello or ""}
    raise_nofile()
    env = net_env(args)
    seconds = 1 if quick else 3
    runs = 3 if quick else args.runs
    rows = []
    for conns in NET_CONNS:
        row = {"conns": conns, "seconds": seconds, "peers": {}}
        active = peer_slots(row, NET_PEERS, paths)
        log(f"-- http_hello, {conns} connections: {runs} runs of {', '.join(active)}")
        serve_rounds(row, active, paths, env, runs,
                     lambda proc, port: wrk_once(port, conns, seconds))
        take_medians(row, active, ("rps", "p99_ms"))
        rows.append(row)
        log("   " + ", ".join(f"{NET_TITLE[p]} {row['peers'][p].get('rps', 0):,.0f} req/s"
                              for p in NET_PEERS))
    return {"rows": rows, "workers": args.workers}


def format_net(net: dict) -> str:
    if "skipped" in net:
        return f"Network: skipped ({net['skipped']})."
    out = [f"Network: wrk -t1 against each HTTP server (median of the runs, "
           f"{net['workers']} worker(s)); goals: gogo >= 1.2x Go's and >= Asio's "
           f"requests/s, gogo's p99 <= Go's."]
    head = ["conns"] + [f"{NET_TITLE[p]} req/s" for p in NET_PEERS] + \
        ["gogo/Go", "gogo/Asio"] + [f"p99 {p} ms" for p in NET_PEERS] + ["goals"]
    lines = [head]
    notes = []
    for row in net["rows"]:
        peers = row["peers"]
        rps = {p: peers[p].get("rps") for p in NET_PEERS}
        p99 = {p: peers[p].get("p99_ms") for p in NET_PEERS}
        def ratio(a, b):
            return a / b if a and b else None
        over_go, over_asio = ratio(rps["gogo"], rps["go"]), ratio(rps["gogo"], rps["asio"])
        goals = []
        if over_go is not None:
            goals.append("vs Go " + ("met" if over_go >= 1.2 else "MISSED"))
        if over_asio is not None:
            goals.append("vs Asio " + ("met" if over_asio >= 1.0 else "MISSED"))
        if p99["gogo"] is not None and p99["go"] is not None:
            goals.append("p99 " + ("met" if p99["gogo"] <= p99["go"] else "MISSED"))
        lines.append([str(row["conns"])] +
                     [f"{rps[p]:,.0f}" if rps[p] else "-" for p in NET_PEERS] +
                     [ratio_text(over_go), ratio_text(over_asio)] +
                     [f"{p99[p]:.2f}" if p99[p] is not None else "-" for p in NET_PEERS] +
                     [", ".join(goals)])
        row["gogo_over_go"], row["gogo_over_asio"] = over_go, over_asio
        for p in NET_PEERS:
            if "skipped" in peers[p]:
                notes.append(f"{row['conns']} connections, {NET_TITLE[p]}: {peers[p]['skipped']}")
    widths = [max(len(r[i]) for r in lines) for i in range(len(head))]
    for i, r in enumerate(lines):
        out.append("  ".join(c.rjust(w) for c, w in zip(r, widths)).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    out.extend("  - " + n for n in notes)
    return "\n".join(out)


# --------------------------------------------------------------------------
# The echo rows: bench-echo_load (bench/net/echo_load.cpp) against the echo
# servers of Go and gogo

ECHO_PEERS = ("go", "gogo")
ECHO_TITLE = {"go": "Go", "gogo": "gogo"}
ECHO_CONNS = 1000
ECHO_MSGS = 200         # per connection; QUICK: ECHO_QUICK_MSGS
ECHO_QUICK_MSGS = 20
ECHO_SIZE = 64          # bytes per message
ECHO_WINDOW = 1         # messages awaiting their echo, per connection
ECHO_DEADLINE_S = 60    # the client gives up (exit 1) past this
IDLE_CONNS = 10_000
IDLE_SETTLE_S = 1.0     # idle time before the second memory reading
IDLE_SPARE_FDS = 100    # descriptors besides the connections, per process


def echo_paths(args) -> dict:
    return {"go": os.path.join(args.bin_dir, "go", "echo_server"),
            "gogo": args.gogo_echo_server or ""}


def echo_client(args) -> Optional[str]:
    path = os.path.join(args.bin_dir, "bench-echo_load")
    return path if os.access(path, os.X_OK) else None


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process so far."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def echo_load_once(client: str, server, port: int, msgs: int, env: dict) -> dict:
    """One client run; with the server's CPU time per message (connecting
    and closing included), which the other loads of a shared machine
    disturb less than the rate."""
    cmd = [client, "load", str(port), str(ECHO_CONNS), str(msgs), str(ECHO_SIZE),
           str(ECHO_WINDOW), str(ECHO_DEADLINE_S)]
    cpu = cpu_seconds(server.pid)
    res = run_captured(cmd, env, ECHO_DEADLINE_S + 10, 4 << 20)
    cpu = cpu_seconds(server.pid) - cpu
    if "error" in res:
        return res
    messages = int(res["messages"])
    return {"msgs_per_s": float(res["msgs_per_s"]), "p50_ms": float(res["p50_us"]) / 1e3,
            "p99_ms": float(res["p99_us"]) / 1e3, "messages": messages,
            "server_cpu_us": cpu * 1e6 / messages}


def measure_echo_load(args, quick: bool) -> dict:
    """bench-echo_load's message rate and p99 round trip against each echo
    server, the peers alternating; medians."""
    client = echo_client(args)
    if client is None:
        return {"skipped": "bench-echo_load not built"}
    raise_nofile()
    paths = echo_paths(args)
    msgs = ECHO_QUICK_MSGS if quick else ECHO_MSGS
    runs = 3 if quick else args.runs
    row = {"conns": ECHO_CONNS, "msgs": msgs, "size": ECHO_SIZE, "window": ECHO_WINDOW,
           "runs": runs, "workers": args.workers, "peers": {}}
    active = peer_slots(row, ECHO_PEERS, paths)
    log(f"-- echo load, {ECHO_CONNS} connections x {msgs} messages: {runs} runs of "
        f"{', '.join(active)}")
    env = net_env(args)
    serve_rounds(row, active, paths, env, runs,
                 lambda proc, port: echo_load_once(client, proc, port, msgs, env))
    take_medians(row, active, ("msgs_per_s", "p50_ms", "p99_ms", "server_cpu_us"))
    log("   " + ", ".join(f"{ECHO_TITLE[p]} {row['peers'][p].get('msgs_per_s', 0):,.0f} msgs/s"
                          for p in ECHO_PEERS))
    return row


def memory_kb(pid: int) -> dict:
    """A process's proportional set (Pss, from smaps_rollup, else VmRSS),
    resident set and page tables, in KiB."""
    fields = {}
    for path, keys in ((f"/proc/{pid}/smaps_rollup", ("Pss",)),
                       (f"/proc/{pid}/status", ("VmRSS", "VmPTE"))):
        try:
            with open(path) as f:
                for line in f:
                    key = line.split(":", 1)[0]
                    if key in keys:
                        fields[key] = int(line.split()[1])
        except (OSError, ValueError, IndexError):
            pass
    return {"pss": fields.get("Pss", fields.get("VmRSS", 0)),
            "rss": fields.get("VmRSS", 0), "pte": fields.get("VmPTE", 0)}


def idle_once(client: str, server, port: int, env: dict, settle: float) -> dict:
    """The server's memory before and after IDLE_CONNS connections that
    each echoed one byte and then stay idle: KiB per connection."""
    time.sleep(0.2)
    before = memory_kb(server.pid)
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([client, "idle", str(port), str(IDLE_CONNS),
                                 str(ECHO_DEADLINE_S)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=err, env=env, text=True)
        # The client's own deadline ends this read if it never gets ready.
        ready = proc.stdout.readline().startswith("ready")
        if ready:
            time.sleep(settle)
            after = memory_kb(server.pid)
        proc.stdin.close()
        try:
            out = proc.stdout.read()
            proc.wait(timeout=ECHO_DEADLINE_S + 10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return {"error": "the idle client did not exit"}
        err.seek(0)
        tail = (err.read().decode(errors="replace").strip().splitlines() or ["no output"])[-1]
    if not ready or proc.returncode != 0 or "name=echo_idle" not in out:
        return {"error": f"client exit {proc.returncode}: {tail[:120]}"}
    if server.poll() is not None:
        return {"error": f"the server exited with {server.returncode}"}
    per = {k: (after[k] - before[k]) / IDLE_CONNS for k in before}
    return {"kb_per_conn": per["pss"], "rss_kb_per_conn": per["rss"],
            "pte_kb_per_conn": per["pte"], "before_kb": before["pss"], "after_kb": after["pss"]}


def measure_idle_conns(args, quick: bool) -> dict:
    """Memory per idle connection at IDLE_CONNS connections, each server
    in turn; medians."""
    client = echo_client(args)
    if client is None:
        return {"skipped": "bench-echo_load not built"}
    hard = raise_nofile()
    need = IDLE_CONNS + IDLE_SPARE_FDS
    if hard != resource.RLIM_INFINITY and hard < need:
        why = (f"RLIMIT_NOFILE's hard limit is {hard}; the client and the server each "
               f"need {need} descriptors for {IDLE_CONNS:,} connections")
        log(f"-- idle connections skipped: {why}")
        return {"skipped": why}
    paths = echo_paths(args)
    runs = 1 if quick else 3
    settle = IDLE_SETTLE_S / 2 if quick else IDLE_SETTLE_S
    row = {"conns": IDLE_CONNS, "runs": runs, "settle_s": settle,
           "workers": args.workers, "peers": {}}
    active = peer_slots(row, ECHO_PEERS, paths)
    log(f"-- idle connections, {IDLE_CONNS:,}: {runs} run(s) of {', '.join(active)}")
    env = net_env(args)
    serve_rounds(row, active, paths, env, runs,
                 lambda proc, port: idle_once(client, proc, port, env, settle))
    take_medians(row, active, ("kb_per_conn", "rss_kb_per_conn", "pte_kb_per_conn"))
    log("   " + ", ".join(f"{ECHO_TITLE[p]} {row['peers'][p].get('kb_per_conn', 0):.2f} KiB"
                          for p in ECHO_PEERS))
    return row


def format_echo(load: dict, idle: dict) -> str:
    out = []
    if "skipped" in load:
        out.append(f"Echo load: skipped ({load['skipped']}).")
    else:
        out.append(
            f"Echo load: bench-echo_load, {load['conns']:,} connections x {load['msgs']} "
            f"messages of {load['size']} bytes, {load['window']} in flight per connection, "
            f"every byte checked (median of {load['runs']} runs, {load['workers']} worker(s); "
            f"server CPU: user + system time of the server process per message); "
            f"goals: gogo >= 1.2x Go's messages/s, gogo's p99 <= Go's.")
        peers = load["peers"]
        rate = {p: peers[p].get("msgs_per_s") for p in ECHO_PEERS}
        p99 = {p: peers[p].get("p99_ms") for p in ECHO_PEERS}
        over = rate["gogo"] / rate["go"] if rate["gogo"] and rate["go"] else None
        goals = []
        if over is not None:
            goals.append("vs Go " + ("met" if over >= 1.2 else "MISSED"))
        if p99["gogo"] is not None and p99["go"] is not None:
            goals.append("p99 " + ("met" if p99["gogo"] <= p99["go"] else "MISSED"))
        load["gogo_over_go"] = over
        cpu = {p: peers[p].get("server_cpu_us") for p in ECHO_PEERS}
        head = ["Go msgs/s", "gogo msgs/s", "gogo/Go", "p99 Go ms", "p99 gogo ms",
                "server CPU us/msg Go", "gogo CPU us/msg", "goals"]
        cells = [f"{rate[p]:,.0f}" if rate[p] else "-" for p in ECHO_PEERS] + [ratio_text(over)] + \
            [f"{p99[p]:.2f}" if p99[p] is not None else "-" for p in ECHO_PEERS] + \
            [f"{cpu[p]:.1f}" if cpu[p] is not None else "-" for p in ECHO_PEERS] + \
            [", ".join(goals) or "not measured"]
        widths = [max(len(h), len(c)) for h, c in zip(head, cells)]
        out.append("  ".join(h.rjust(w) for h, w in zip(head, widths)))
        out.append("  ".join("-" * w for w in widths))
        out.append("  ".join(c.rjust(w) for c, w in zip(cells, widths)))
        out.extend(f"  - {ECHO_TITLE[p]}: {peers[p]['skipped']}"
                   for p in ECHO_PEERS if "skipped" in peers[p])
    out.append("")
    if "skipped" in idle:
        out.append(f"Memory per idle connection: skipped ({idle['skipped']}).")
        return "\n".join(out)
    peers = idle["peers"]
    cells = []
    for p in ECHO_PEERS:
        v, pte = peers[p].get("kb_per_conn"), peers[p].get("pte_kb_per_conn")
        cells.append(f"{ECHO_TITLE[p]} " + ("-" if v is None else f"{v:.2f} + {pte:.2f}"))
    # Page tables are the process's memory too (gogo's stacks are mappings
    # of their own): the goal counts them.
    total = {p: peers[p]["kb_per_conn"] + peers[p]["pte_kb_per_conn"]
             for p in ECHO_PEERS if "kb_per_conn" in peers[p]}
    gogo, go = total.get("gogo"), total.get("go")
    goal = "not measured" if gogo is None or go is None else "met" if gogo <= go else "MISSED"
    idle["goal_met"] = None if goal == "not measured" else goal == "met"
    out.append(f"Memory per idle connection: {idle['conns']:,} connections, each echoed one "
               f"byte, then idle {idle['settle_s']:g} s; the server's Pss after - before, / "
               f"{idle['conns']:,}, + page tables, KiB (median of {idle['runs']} run(s)):")
    out.append("  " + ", ".join(cells) + f"   goal gogo <= Go (with page tables): {goal}")
    out.extend(f"  - {ECHO_TITLE[p]}: {peers[p]['skipped']}"
               for p in ECHO_PEERS if "skipped" in peers[p])
    return "\n".join(out)


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bin-dir", required=True,
                   help="where bench-gogo-*, bench-fiber-* and go/* are")
    p.add_argument("--out", help="results directory (default: BIN_DIR/results)")
    p.add_argument("--work-dir", help="scratch files (default: BIN_DIR/work)")
    p.add_argument("--source-dir", default=here)
    p.add_argument("--include-dir", default=os.path.join(here, "..", "runtime", "include"))
    p.add_argument("--rewrite", help="the gogo-rewrite executable")
    p.add_argument("--gogo-http-hello", help="gogo's HTTP server (examples/net/http_hello; "
                   "default: BIN_DIR/../examples/http_hello)")
    p.add_argument("--gogo-echo-server", help="gogo's echo server (examples/net/echo_server; "
                   "default: BIN_DIR/../examples/echo_server)")
    p.add_argument("--no-net", action="store_true", help="skip the network rows")
    p.add_argument("--clang", help="clang++ to compare gogo-rewrite with")
    p.add_argument("--workers", type=int, default=os.cpu_count(),
                   help="GOMAXPROCS = GOGO_MAXPROCS (default: CPU count)")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--quick", action="store_true",
                   help="small sizes, 3 runs (also QUICK=1 in the environment)")
    p.add_argument("--heavy", action="store_true",
                   help="also run the peers that need many GB (see the notes)")
    p.add_argument("--only", nargs="*", help="workloads and network rows (http_hello, "
                   "echo_load, idle_conns) to run (default: all)")
    p.add_argument("--no-tool", action="store_true", help="skip the tool benchmarks")
    p.add_argument("--no-runtime", action="store_true",
                   help="skip the runtime table (only the tool benchmarks)")
    p.add_argument("--timeout", type=float, default=120, help="seconds per run")
    p.add_argument("--commit", help="the source commit to record (default: from git)")
    p.add_argument("--max-rss-gb", type=float, default=12,
                   help="kill a run whose resident memory grows past this")
    args = p.parse_args()
    quick = args.quick or os.environ.get("QUICK", "") not in ("", "0")
    examples = os.path.join(os.path.dirname(os.path.abspath(args.bin_dir)), "examples")
    args.gogo_http_hello = args.gogo_http_hello or os.path.join(examples, "http_hello")
    args.gogo_echo_server = args.gogo_echo_server or os.path.join(examples, "echo_server")
    args.out = args.out or os.path.join(args.bin_dir, "results")
    args.work_dir = args.work_dir or os.path.join(args.bin_dir, "work")
    os.makedirs(args.out, exist_ok=True)
    os.makedirs(args.work_dir, exist_ok=True)

    meta = machine_info(args)
    meta.update(workers=args.workers, quick=quick, runs=3 if quick else args.runs)
    log(f"gogo benchmarks{' (QUICK)' if quick else ''}: {meta.get('cpus')} CPUs "
        f"({meta.get('cpu', '?')}), workers={args.workers}, load {meta['loadavg_at_start']:.2f}")
    started = time.monotonic()
    results = [] if args.no_runtime else measure_rows(args, quick)
    def net_row(name, measure):
        if args.no_net or args.no_runtime:
            return {"skipped": "--no-net"}
        if args.only and name not in args.only:
            return {"skipped": "not in --only"}
        return measure(args, quick)
    net = net_row("http_hello", measure_net)
    echo_load = net_row("echo_load", measure_echo_load)
    idle_conns = net_row("idle_conns", measure_idle_conns)
    tool = {"skipped": "--no-tool"} if args.no_tool else tool_benchmarks(args, quick)
    meta["seconds"] = round(time.monotonic() - started, 1)
    meta["caption"] = (f"{meta.get('cpus')} CPUs, {args.workers} worker(s) for Go and gogo, "
                       f"{meta.get('go', 'go ?').replace('go version ', '')}, Boost "
                       f"{meta.get('boost', '?')}, {meta['date_utc']} UTC, "
                       f"commit {meta.get('commit', '?')}")

    text = (format_table(results, args.workers) + "\n\n" + format_net(net) + "\n\n" +
            format_echo(echo_load, idle_conns) + "\n\n" + format_tool(tool))
    print()
    print(text)
    with open(os.path.join(args.out, "results.txt"), "w") as f:
        f.write(meta["caption"] + "\n\n" + text + "\n")
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"machine": meta, "runtime": results, "net": net,
                   "echo_load": echo_load, "idle_conns": idle_conns, "tool": tool},
                  f, indent=1)
        f.write("\n")
    with open(os.path.join(args.out, "results.svg"), "w") as f:
        f.write(make_svg(results, meta))
    log(f"\nwrote {args.out}/results.{{txt,json,svg}} in {meta['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
