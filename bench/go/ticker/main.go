// ticker N: 1000 goroutines each run a 1 ms ticker and take N/1000 ticks
// from it in a select beside a quit channel, so the timers fire 1M times a
// second between them; ops = ticks received. Timer overhead shows as ticks
// the machinery could not deliver in time (a slow receiver loses them),
// which stretch the run beyond N/1000 ms.
package main

import (
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"gogobench/internal/report"
)

func main() {
	const goroutines = 1000
	n := report.N(100000)
	per := n / goroutines
	if per == 0 {
		per = 1
	}
	r := report.Start("ticker", n)
	quit := make(chan int)
	var ticks int64
	var wg sync.WaitGroup
	wg.Add(goroutines)
	for g := 0; g < goroutines; g++ {
		go func() {
			defer wg.Done()
			t := time.NewTicker(time.Millisecond)
			defer t.Stop()
			got := 0
			for got < per {
				select {
				case <-t.C:
					got++
				case <-quit:
					return
				}
			}
			atomic.AddInt64(&ticks, int64(got))
		}()
	}
	wg.Wait()
	r.Finish(goroutines * per)
	if ticks != int64(goroutines*per) {
		fmt.Fprintln(os.Stderr, "ticker: wrong tick count")
		os.Exit(1)
	}
}
