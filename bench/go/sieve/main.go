// sieve N: Go's concurrent prime sieve, a daisy chain of N filter
// goroutines; reports time per prime. The chain is left blocked at exit.
package main

import (
	"fmt"
	"os"

	"gogobench/internal/report"
)

func generate(ch chan<- int) {
	for i := 2; ; i++ {
		ch <- i
	}
}

func filter(in <-chan int, out chan<- int, prime int) {
	for {
		i := <-in
		if i%prime != 0 {
			out <- i
		}
	}
}

func main() {
	n := report.N(3000)
	r := report.Start("sieve", n)
	result := make(chan int, 1)
	go func() {
		ch := make(chan int)
		go generate(ch)
		prime := 0
		for i := 0; i < n; i++ {
			prime = <-ch
			next := make(chan int)
			go filter(ch, next, prime)
			ch = next
		}
		result <- prime
	}()
	last := <-result
	r.Finish(n)
	if n == 3000 && last != 27449 {
		fmt.Fprintf(os.Stderr, "sieve: 3000th prime %d, want 27449\n", last)
		os.Exit(1)
	}
}
