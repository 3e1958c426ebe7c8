package main

import (
	"sync"
	"time"
)

// recording is what one hosted actor or watch observed; waiters are woken on every change.
type recording struct {
	mu          sync.Mutex
	received    []*Received
	terminated  []*Termination
	activations uint32
	changed     chan struct{}
}

func newRecording() *recording { return &recording{changed: make(chan struct{})} }

func (r *recording) update(f func()) {
	r.mu.Lock()
	f()
	close(r.changed)
	r.changed = make(chan struct{})
	r.mu.Unlock()
}

func (r *recording) snapshot() *Ok {
	r.mu.Lock()
	defer r.mu.Unlock()
	return &Ok{Received: append([]*Received(nil), r.received...), Terminated: append([]*Termination(nil), r.terminated...), Activations: r.activations}
}

// until waits until done() holds (checked under the lock) or the wait ends; true when it held.
func (r *recording) until(done func() bool, wait time.Duration) bool {
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	for {
		r.mu.Lock()
		held := done()
		ch := r.changed
		r.mu.Unlock()
		if held {
			return true
		}
		select {
		case <-ch:
		case <-deadline.C:
			return false
		}
	}
}
