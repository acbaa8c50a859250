// mainfanin N: 4 producers send N items in total into one channel buffered
// to 1024; main receives them all.
package main

import (
	"fmt"
	"os"

	"gogobench/internal/report"
)

const producers = 4

func main() {
	n := report.N(4000000)
	n -= n % producers
	r := report.Start("mainfanin", n)
	items := make(chan int, 1024)
	for p := 0; p < producers; p++ {
		go func() {
			for i := 0; i < n/producers; i++ {
				items <- i
			}
		}()
	}
	var sum int64
	for i := 0; i < n; i++ {
		sum += int64(<-items)
	}
	r.Finish(n)
	per := int64(n / producers)
	if want := producers * per * (per - 1) / 2; sum != want {
		fmt.Fprintf(os.Stderr, "mainfanin: sum %d, want %d\n", sum, want)
		os.Exit(1)
	}
}
