// pingpong N: two goroutines bounce an int over two unbuffered channels N
// times; main waits for them.
package main

import (
	"fmt"
	"os"
	"sync"

	"gogobench/internal/report"
)

func main() {
	n := report.N(1000000)
	r := report.Start("pingpong", n)
	ping, pong := make(chan int), make(chan int)
	var wg sync.WaitGroup
	wg.Add(2)
	last := 0
	go func() {
		defer wg.Done()
		for i := 0; i < n; i++ {
			ping <- i
			last = <-pong
		}
		close(ping)
	}()
	go func() {
		defer wg.Done()
		for v := range ping {
			pong <- v + 1
		}
	}()
	wg.Wait()
	r.Finish(n)
	if last != n {
		fmt.Fprintf(os.Stderr, "pingpong: last reply %d, want %d\n", last, n)
		os.Exit(1)
	}
}
