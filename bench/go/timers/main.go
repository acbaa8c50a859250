// timers N: start N timers (all pending, an hour away), then stop them all;
// ops = N start+stop pairs.
package main

import (
	"fmt"
	"os"
	"time"

	"gogobench/internal/report"
)

func main() {
	n := report.N(100000)
	timers := make([]*time.Timer, 0, n)
	r := report.Start("timers", n)
	for i := 0; i < n; i++ {
		timers = append(timers, time.NewTimer(time.Hour))
	}
	stopped := 0
	for _, t := range timers {
		if t.Stop() {
			stopped++
		}
	}
	r.Finish(n)
	if stopped != n {
		fmt.Fprintln(os.Stderr, "timers: a pending timer was not stopped")
		os.Exit(1)
	}
}
