// park N: start N goroutines that all block on one channel; once all are
// parked, close it and wait for all to finish. Peak RSS minus the RSS before
// the work, divided by N, is the memory per parked goroutine. An optional
// second argument runs that many bursts and times the last.
package main

import (
	"sync"

	"gogobench/internal/report"
)

func park(n int) {
	gate := make(chan int)
	var parked, finished sync.WaitGroup
	parked.Add(n)
	finished.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			parked.Done()
			<-gate
			finished.Done()
		}()
	}
	parked.Wait()
	close(gate)
	finished.Wait()
}

func main() {
	n := report.N(1000000)
	bursts := report.Bursts()
	report.Warm()
	for b := 1; b < bursts; b++ {
		park(n)
	}
	r := report.Start("park", n)
	park(n)
	r.Finish(n)
}
