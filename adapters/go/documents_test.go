package rosetta

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/rosetta-gateway/rosetta/adapters/go/rosettapb"
	"google.golang.org/protobuf/proto"
)

// fakeCrdt is a local $crdt: it records every request and answers what answer returns (nothing when nil).
type fakeCrdt struct {
	mu       sync.Mutex
	received []proto.Message
	answer   func(m proto.Message) any
}

func (f *fakeCrdt) requests() []proto.Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]proto.Message(nil), f.received...)
}

// quietSystem is a local actor system that logs nothing (go test output stays readable).
func quietSystem() *actor.ActorSystem {
	return actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}))
}

// startFake hosts f as $crdt of a local actor system; Documents reach it at the system's own address.
func startFake(t *testing.T, f *fakeCrdt, opts ...DocumentsOption) *Documents {
	t.Helper()
	system := quietSystem()
	_, err := system.Root.SpawnNamed(actor.PropsFromFunc(func(ctx actor.Context) {
		m, ok := ctx.Message().(proto.Message)
		if !ok {
			return
		}
		f.mu.Lock()
		f.received = append(f.received, m)
		f.mu.Unlock()
		if reply := f.answer(m); reply != nil {
			ctx.Respond(reply)
		}
	}), CrdtID)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(system.Shutdown)
	return NewDocuments(system.Root, system.Address(), opts...)
}

func TestDocumentsUpdateWaitsForItsReply(t *testing.T) {
	f := &fakeCrdt{answer: func(m proto.Message) any {
		u := m.(*rosettapb.CrdtUpdate)
		return &rosettapb.CrdtUpdateResponse{Document: u.GetDocument(), Success: true, RequestId: u.GetRequestId()}
	}}
	docs := startFake(t, f)
	ctx := context.Background()
	if err := docs.Set(ctx, MapKey("notes/1", "meta"), "title", "Hello"); err != nil {
		t.Fatal(err)
	}
	if err := docs.Delete(ctx, KVKey("notes/1", "counts"), "a", "b"); err != nil {
		t.Fatal(err)
	}
	if err := docs.ApplyUpdate(ctx, "notes/1", []byte{0, 0}); err != nil {
		t.Fatal(err)
	}
	got := f.requests()
	if len(got) != 3 {
		t.Fatalf("%d requests", len(got))
	}
	set, del, raw := got[0].(*rosettapb.CrdtUpdate), got[1].(*rosettapb.CrdtUpdate), got[2].(*rosettapb.CrdtUpdate)
	if k, v := EntryFromProto(set.GetSet()[0]); k != "title" || v != "Hello" || set.GetName() != "meta" || set.GetStructure() != rosettapb.CrdtStructure_CRDT_MAP {
		t.Fatalf("set: %v", set)
	}
	if !reflect.DeepEqual(del.GetDelete(), []string{"a", "b"}) || del.GetStructure() != rosettapb.CrdtStructure_CRDT_KV {
		t.Fatalf("delete: %v", del)
	}
	if ids := []uint64{set.GetRequestId(), del.GetRequestId(), raw.GetRequestId()}; ids[0] == 0 || ids[0] == ids[1] || ids[1] == ids[2] {
		t.Fatalf("request ids must be distinct and non-zero: %v", ids)
	}
}

func TestDocumentsRefusalsAreTypedErrors(t *testing.T) {
	f := &fakeCrdt{answer: func(m proto.Message) any {
		switch r := m.(type) {
		case *rosettapb.CrdtUpdate:
			return &rosettapb.CrdtUpdateResponse{RequestId: r.GetRequestId(), Error: &rosettapb.Error{Code: 7, Reason: ReasonReadOnly, Message: "read-only token"}}
		case *rosettapb.CrdtGet:
			return &rosettapb.CrdtGetResponse{Error: &rosettapb.Error{Code: 7, Reason: ReasonReadDenied}}
		case *rosettapb.CrdtSubscribe:
			return &rosettapb.CrdtSubscribeResponse{Error: &rosettapb.Error{Code: 3, Reason: ReasonInvalidDocumentName}}
		}
		return nil
	}}
	docs := startFake(t, f)
	ctx := context.Background()
	if err := docs.Set(ctx, MapKey("d", "m"), "k", 1); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("set: %v", err)
	}
	if _, err := docs.Get(ctx, MapKey("d", "m")); !errors.Is(err, ErrReadDenied) {
		t.Fatalf("get: %v", err)
	}
	if _, err := docs.State(ctx, "d"); !errors.Is(err, ErrReadDenied) {
		t.Fatalf("state: %v", err)
	}
	if err := docs.Subscribe(ctx, DocumentKey(""), actor.NewPID("nonhost", "w")); !errors.Is(err, ErrInvalidDocumentName) {
		t.Fatalf("subscribe: %v", err)
	}
}

func TestDocumentsGetStateSubscribeUnsubscribe(t *testing.T) {
	f := &fakeCrdt{answer: func(m proto.Message) any {
		switch r := m.(type) {
		case *rosettapb.CrdtGet:
			if r.GetIncludeState() {
				return &rosettapb.CrdtGetResponse{Document: r.GetDocument(), Found: true, State: []byte{1, 2, 3}}
			}
			v, _ := ValueToProto("Hello")
			return &rosettapb.CrdtGetResponse{Document: r.GetDocument(), Found: true, Entries: []*rosettapb.CrdtEntry{{Key: "title", Value: v}}}
		case *rosettapb.CrdtSubscribe:
			return &rosettapb.CrdtSubscribeResponse{Document: r.GetDocument(), Success: true}
		case *rosettapb.CrdtUnsubscribe:
			return &rosettapb.CrdtUnsubscribeResponse{Document: r.GetDocument(), Removed: true}
		}
		return nil
	}}
	docs := startFake(t, f)
	ctx := context.Background()
	got, err := docs.Get(ctx, MapKey("notes/1", "meta"), "title")
	if err != nil || !reflect.DeepEqual(got, map[string]any{"title": "Hello"}) {
		t.Fatalf("get: %v %v", got, err)
	}
	state, err := docs.State(ctx, "notes/1")
	if err != nil || !reflect.DeepEqual(state, []byte{1, 2, 3}) {
		t.Fatalf("state: %v %v", state, err)
	}
	w := actor.NewPID("nonhost", "watcher")
	if err := docs.Subscribe(ctx, MapKey("notes/1", "meta"), w, WithUpdates()); err != nil {
		t.Fatal(err)
	}
	removed, err := docs.Unsubscribe(ctx, "notes/1", w)
	if err != nil || !removed {
		t.Fatalf("unsubscribe: %v %v", removed, err)
	}
	sub := f.requests()[2].(*rosettapb.CrdtSubscribe)
	if !sub.GetIncludeUpdate() || sub.GetSubscriber().GetId() != "watcher" || sub.GetName() != "meta" {
		t.Fatalf("subscribe request: %v", sub)
	}
}

func TestDocumentsNoReply(t *testing.T) {
	silent := &fakeCrdt{answer: func(proto.Message) any { return nil }}
	t.Run("the request timeout ends the wait with actor.ErrTimeout", func(t *testing.T) {
		docs := startFake(t, silent, WithRequestTimeout(50*time.Millisecond))
		if _, err := docs.Get(context.Background(), MapKey("d", "m")); !errors.Is(err, actor.ErrTimeout) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("a context deadline ends it with context.DeadlineExceeded", func(t *testing.T) {
		docs := startFake(t, silent)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		if err := docs.Set(ctx, MapKey("d", "m"), "k", 1); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("cancelling the context ends it with context.Canceled", func(t *testing.T) {
		docs := startFake(t, silent)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- docs.Set(ctx, MapKey("d", "m"), "k", 1) }()
		for len(silent.requests()) == 0 { // the request is out: now cancel
			time.Sleep(time.Millisecond)
		}
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("got %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Set did not return after its context was cancelled")
		}
	})
	t.Run("an ended context sends nothing", func(t *testing.T) {
		f := &fakeCrdt{answer: func(m proto.Message) any {
			if _, ok := m.(*rosettapb.CrdtUnsubscribe); ok {
				return &rosettapb.CrdtUnsubscribeResponse{}
			}
			return nil
		}}
		docs := startFake(t, f)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := docs.Get(ctx, MapKey("d", "m")); !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v", err)
		}
		// A request after it, answered: had the Get gone out, the fake would have seen it first.
		if _, err := docs.Unsubscribe(context.Background(), "d", actor.NewPID("nonhost", "w")); err != nil {
			t.Fatal(err)
		}
		if got := f.requests(); len(got) != 1 {
			t.Fatalf("want only the unsubscribe, got %v", got)
		}
	})
}

func TestDocumentsDeadLetterAndProtocolErrors(t *testing.T) {
	t.Run("no $crdt there: actor.ErrDeadLetter", func(t *testing.T) {
		system := quietSystem()
		defer system.Shutdown()
		docs := NewDocuments(system.Root, system.Address())
		if err := docs.Set(context.Background(), MapKey("d", "m"), "k", 1); !errors.Is(err, actor.ErrDeadLetter) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("a reply of another type is an error, not a result", func(t *testing.T) {
		docs := startFake(t, &fakeCrdt{answer: func(proto.Message) any { return &rosettapb.CrdtUnsubscribeResponse{} }})
		if _, err := docs.Get(context.Background(), MapKey("d", "m")); err == nil {
			t.Fatal("want an error")
		}
	})
	t.Run("a rosetta.v1.Error reply is a typed error", func(t *testing.T) {
		docs := startFake(t, &fakeCrdt{answer: func(proto.Message) any { return &rosettapb.Error{Code: 9, Reason: ReasonConsistencyUnavailable} }})
		if err := docs.Set(context.Background(), MapKey("d", "m"), "k", 1); !errors.Is(err, ErrConsistencyUnavailable) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("an update reply for another request is an error", func(t *testing.T) {
		docs := startFake(t, &fakeCrdt{answer: func(m proto.Message) any {
			return &rosettapb.CrdtUpdateResponse{Success: true, RequestId: m.(*rosettapb.CrdtUpdate).GetRequestId() + 1}
		}})
		if err := docs.Set(context.Background(), MapKey("d", "m"), "k", 1); err == nil {
			t.Fatal("want an error")
		}
	})
}
