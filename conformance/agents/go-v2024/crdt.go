package main

import "time"

// The Go adapter's Documents needs a 2025 protoactor-go (adapters/go/README.md): a 2024 program
// has no document API to use.

func crdtWrite(*session, string, *CrdtWrite, time.Duration) *Response {
	return skipped("the Go adapter's Documents needs a 2025 protoactor-go")
}

func crdtRead(*session, string, *CrdtRead, time.Duration) *Response {
	return skipped("the Go adapter's Documents needs a 2025 protoactor-go")
}
