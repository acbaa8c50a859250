// Package report gives the Go peers the same command line and the same
// one-line result format as the C++ peers (bench/common/report.hpp):
//
//	name=<workload> peer=go n=<N> workers=<GOMAXPROCS> ops=<ops> total_ns=<t>
//	ns_per_op=<t/ops> peak_rss_kb=<VmHWM> base_rss_kb=<VmRSS before the work>
//	pte_kb=<VmPTE after the work> base_pte_kb=<VmPTE before the work>
package report

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// positiveArg returns os.Args[i] as a number > 0, or def when absent;
// anything else prints "usage: <program> <usage>" and exits with 2.
func positiveArg(i, def int, usage string) int {
	if len(os.Args) <= i {
		return def
	}
	v, err := strconv.Atoi(os.Args[i])
	if err != nil || v <= 0 {
		fmt.Fprintf(os.Stderr, "usage: %s %s\n", os.Args[0], usage)
		os.Exit(2)
	}
	return v
}

// N returns the workload size from argv[1], or def when absent.
func N(def int) int { return positiveArg(1, def, "[N>0]") }

// Bursts returns how many bursts a workload runs, from argv[2] (default 1):
// all but the last are untimed warm-up.
func Bursts() int { return positiveArg(2, 1, "[N>0 [bursts>0]]") }

// statusKB reads one "Key:   123 kB" field of /proc/self/status.
func statusKB(key string) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, key+":") {
			continue
		}
		fields := strings.Fields(line[len(key)+1:])
		if len(fields) == 0 {
			return -1
		}
		v, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return -1
		}
		return v
	}
	return -1
}

// Run holds what a workload measured.
type Run struct {
	name    string
	n       int
	baseKB  int64
	basePTE int64
	started time.Time
}

// Warm starts the scheduler's worker threads the way the other peers do
// (one goroutine started and waited for) so no peer pays start-up inside the
// timed region.
func Warm() {
	done := make(chan struct{})
	go func() { close(done) }()
	<-done
}

// Start records the resident set before the work and starts the clock.
func Start(name string, n int) *Run {
	Warm()
	r := &Run{name: name, n: n, baseKB: statusKB("VmRSS"), basePTE: statusKB("VmPTE")}
	r.started = time.Now()
	return r
}

// Finish stops the clock and prints the result line; ops is what ns_per_op
// divides by.
func (r *Run) Finish(ops int) {
	r.FinishMeasured(ops, time.Since(r.started).Nanoseconds())
}

// FinishMeasured prints the result line with a measured quantity in place of
// the elapsed time, for workloads whose figure is not a duration of the
// whole run (the worst lateness of a ticker).
func (r *Run) FinishMeasured(ops int, total int64) {
	fmt.Printf("name=%s peer=go n=%d workers=%d ops=%d total_ns=%d ns_per_op=%.2f peak_rss_kb=%d base_rss_kb=%d pte_kb=%d base_pte_kb=%d\n",
		r.name, r.n, runtime.GOMAXPROCS(0), ops, total, float64(total)/float64(ops),
		statusKB("VmHWM"), r.baseKB, statusKB("VmPTE"), r.basePTE)
}
