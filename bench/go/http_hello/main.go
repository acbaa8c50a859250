// The Go peer of examples/net/http_hello.cpp: net/http answering every
// request with 200 and "Hello, World!\n" on 127.0.0.1:PORT, for wrk.
package main

import (
	"fmt"
	"net/http"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: http_hello PORT")
		os.Exit(2)
	}
	body := []byte("Hello, World!\n")
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write(body)
	})
	addr := "127.0.0.1:" + os.Args[1]
	fmt.Println("listening on " + addr)
	if err := http.ListenAndServe(addr, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
