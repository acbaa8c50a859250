// ctxpipeline N: a generator and 4 stages connected by unbuffered channels,
// every send and receive in a select beside ctx.Done(); a consumer
// goroutine takes N items and cancels the context, which stops the other
// five; main waits for all six. ops = items through the pipeline.
package main

import (
	"context"
	"fmt"
	"os"
	"sync"

	"gogobench/internal/report"
)

// stage forwards in to out, adding one, until ctx ends.
func stage(ctx context.Context, in <-chan int, out chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	done := ctx.Done()
	for {
		var v int
		select {
		case v = <-in:
		case <-done:
			return
		}
		select {
		case out <- v + 1:
		case <-done:
			return
		}
	}
}

func generate(ctx context.Context, out chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	done := ctx.Done()
	for i := 0; ; i++ {
		select {
		case out <- i:
		case <-done:
			return
		}
	}
}

func main() {
	const stages = 4
	n := report.N(1000000)
	r := report.Start("ctxpipeline", n)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(stages + 2)
	head := make(chan int)
	go generate(ctx, head, &wg)
	in := head
	for s := 0; s < stages; s++ {
		out := make(chan int)
		go stage(ctx, in, out, &wg)
		in = out
	}
	sum := 0
	go func() {
		defer wg.Done()
		for i := 0; i < n; i++ {
			sum += <-in
		}
		cancel()
	}()
	wg.Wait()
	r.Finish(n)
	if sum != (n-1)*n/2+stages*n {
		fmt.Fprintln(os.Stderr, "ctxpipeline: wrong sum")
		os.Exit(1)
	}
}
