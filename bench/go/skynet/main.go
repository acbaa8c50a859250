// skynet N: a 10-ary tree of goroutines with N leaves; each leaf sends its
// id, each inner node sums its children's. ns_per_op is per goroutine.
package main

import (
	"fmt"
	"os"

	"gogobench/internal/report"
)

func skynet(out chan<- int64, num, size int64) {
	if size == 1 {
		out <- num
		return
	}
	children := make(chan int64)
	step := size / 10
	for i := int64(0); i < 10; i++ {
		go skynet(children, num+i*step, step)
	}
	var sum int64
	for i := 0; i < 10; i++ {
		sum += <-children
	}
	out <- sum
}

func main() {
	n := report.N(1000000)
	leaves := int64(1)
	goroutines := 1
	for leaves*10 <= int64(n) {
		leaves *= 10
		goroutines += int(leaves)
	}
	r := report.Start("skynet", n)
	out := make(chan int64)
	go skynet(out, 0, leaves)
	sum := <-out
	r.Finish(goroutines)
	if want := leaves * (leaves - 1) / 2; sum != want {
		fmt.Fprintf(os.Stderr, "skynet: sum %d, want %d\n", sum, want)
		os.Exit(1)
	}
}
