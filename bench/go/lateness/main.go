// lateness N: main takes N ticks of a 5 ms ticker while two goroutines sit
// in read(2) on pipes that nobody writes to until the end and a third spins
// on an atomic without ever blocking. The figure is the worst lateness of a
// tick (the longest gap between two ticks, less 5 ms).
package main

import (
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"gogobench/internal/report"
)

func main() {
	const period = 5 * time.Millisecond
	n := report.N(200)

	// syscall.Pipe, not os.Pipe: os.Pipe's reads park on the netpoller, and
	// the point is a goroutine inside a blocking system call.
	var pipes [2][2]int
	for i := range pipes {
		if err := syscall.Pipe(pipes[i][:]); err != nil {
			fmt.Fprintln(os.Stderr, "lateness: pipe:", err)
			os.Exit(1)
		}
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Add(3)
	for i := range pipes {
		fd := pipes[i][0]
		go func() {
			defer wg.Done()
			buf := make([]byte, 1)
			if k, err := syscall.Read(fd, buf); k != 1 || err != nil {
				fmt.Fprintln(os.Stderr, "lateness: read failed")
				os.Exit(1)
			}
		}()
	}
	go func() {
		defer wg.Done()
		for !stop.Load() {
		}
	}()

	r := report.Start("lateness", n)
	t := time.NewTicker(period)
	prev := time.Now()
	var worst time.Duration
	for i := 0; i < n; i++ {
		<-t.C
		now := time.Now()
		if late := now.Sub(prev) - period; late > worst {
			worst = late
		}
		prev = now
	}
	t.Stop()
	stop.Store(true)
	for i := range pipes {
		if k, err := syscall.Write(pipes[i][1], []byte("x")); k != 1 || err != nil {
			fmt.Fprintln(os.Stderr, "lateness: write failed")
			os.Exit(1)
		}
	}
	wg.Wait()
	r.FinishMeasured(1, worst.Nanoseconds())
}
