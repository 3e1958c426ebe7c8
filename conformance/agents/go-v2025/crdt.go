package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	rosetta "github.com/rosetta-gateway/rosetta/adapters/go"
)

// The 2025 agent reaches the gateway's documents through the Go adapter's Documents ($crdt).

func crdtWrite(s *session, gateway string, w *CrdtWrite, wait time.Duration) *Response {
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	docs := rosetta.NewDocuments(s.system.Root, gateway)
	if err := docs.Set(ctx, rosetta.MapKey(w.Document, w.Name), w.Key, w.Value); err != nil {
		return documentError(err)
	}
	return ok(&Ok{})
}

func crdtRead(s *session, gateway string, r *CrdtRead, wait time.Duration) *Response {
	docs := rosetta.NewDocuments(s.system.Root, gateway)
	deadline := time.Now().Add(wait)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Until(deadline))
		found, err := docs.Get(ctx, rosetta.MapKey(r.Document, r.Name))
		cancel()
		if err != nil {
			return documentError(err)
		}
		entries := map[string]string{}
		for k, v := range found {
			entries[k] = fmt.Sprint(v)
		}
		if uint32(len(entries)) >= r.MinEntries {
			return ok(&Ok{Entries: entries})
		}
		if time.Now().After(deadline) {
			return timedOut(fmt.Sprintf("the map has %d entries", len(entries)), &Ok{Entries: entries})
		}
		// A Get answers the current state: ask again once the other writer had a moment (Subscribe
		// would tell, at the price of an actor of its own).
		time.Sleep(20 * time.Millisecond)
	}
}

func documentError(err error) *Response {
	var e *rosetta.Error
	if errors.As(err, &e) {
		return typedError(uint32(e.Code), e.Reason, err.Error())
	}
	return futureError(err)
}
