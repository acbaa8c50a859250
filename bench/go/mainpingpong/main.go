// mainpingpong N: main and one goroutine bounce an int over two unbuffered
// channels N times.
package main

import (
	"fmt"
	"os"

	"gogobench/internal/report"
)

func main() {
	n := report.N(1000000)
	r := report.Start("mainpingpong", n)
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
	}()
	last := 0
	for i := 0; i < n; i++ {
		ping <- i
		last = <-pong
	}
	close(ping)
	r.Finish(n)
	if last != n {
		fmt.Fprintf(os.Stderr, "mainpingpong: last reply %d, want %d\n", last, n)
		os.Exit(1)
	}
}
