// fanin N: 4 producers send N items in total into one channel buffered to
// 1024; one consumer receives them all.
package main

import (
	"fmt"
	"os"
	"sync"

	"gogobench/internal/report"
)

const producers = 4

func main() {
	n := report.N(4000000)
	n -= n % producers
	r := report.Start("fanin", n)
	items := make(chan int, 1024)
	var wg sync.WaitGroup
	wg.Add(producers + 1)
	for p := 0; p < producers; p++ {
		go func() {
			defer wg.Done()
			for i := 0; i < n/producers; i++ {
				items <- i
			}
		}()
	}
	var sum int64
	go func() {
		defer wg.Done()
		for i := 0; i < n; i++ {
			sum += int64(<-items)
		}
	}()
	wg.Wait()
	r.Finish(n)
	per := int64(n / producers)
	if want := producers * per * (per - 1) / 2; sum != want {
		fmt.Fprintf(os.Stderr, "fanin: sum %d, want %d\n", sum, want)
		os.Exit(1)
	}
}
