// park N: start N goroutines that all block on one channel; once all are
// parked, close it and wait for all to finish. Peak RSS minus the RSS before
// the work, divided by N, is the memory per parked goroutine.
package main

import (
	"sync"

	"gogobench/internal/report"
)

func main() {
	n := report.N(1000000)
	r := report.Start("park", n)
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
	r.Finish(n)
}
