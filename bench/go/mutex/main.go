// mutex N: 1000 goroutines each lock and unlock one shared mutex N/1000
// times, incrementing a counter under it; reports time per lock.
package main

import (
	"fmt"
	"os"
	"sync"

	"gogobench/internal/report"
)

const goroutines = 1000

func main() {
	n := report.N(1000000)
	n -= n % goroutines
	r := report.Start("mutex", n)
	var mu sync.Mutex
	var wg sync.WaitGroup
	counter := 0
	wg.Add(goroutines)
	for g := 0; g < goroutines; g++ {
		go func() {
			defer wg.Done()
			for i := 0; i < n/goroutines; i++ {
				mu.Lock()
				counter++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	r.Finish(n)
	if counter != n {
		fmt.Fprintf(os.Stderr, "mutex: counter %d, want %d\n", counter, n)
		os.Exit(1)
	}
}
