// spawn N: start N goroutines that each call wg.Done(); wait for all.
package main

import (
	"sync"

	"gogobench/internal/report"
)

func main() {
	n := report.N(1000000)
	r := report.Start("spawn", n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() { wg.Done() }()
	}
	wg.Wait()
	r.Finish(n)
}
