package rosetta_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/remote"
	rosetta "github.com/rosetta-gateway/rosetta/adapters/go"
	"github.com/rosetta-gateway/rosetta/adapters/go/rosettapb"
)

// A Go node edits a document a browser also has open (y-websocket at ws://<gateway>/yjs/cart/42:
// ydoc.getMap("items")), and watches it. Needs a running gateway, so it only compiles here.
func ExampleDocuments() {
	system := actor.NewActorSystem()
	r := remote.NewRemote(system, remote.Configure("127.0.0.1", 8091, remote.WithDialOptions(rosetta.DialOptions("<token>")...)))
	r.Start()
	defer r.Shutdown(true)

	docs := rosetta.NewDocuments(system.Root, "127.0.0.1:8090")
	items := rosetta.MapKey("cart/42", "items")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	if err := docs.Set(ctx, items, "sku-1", map[string]any{"qty": 2}); errors.Is(err, rosetta.ErrReadOnly) {
		log.Print("this token may only read cart/42")
	} else if err != nil {
		log.Fatal(err)
	}
	found, err := docs.Get(ctx, items)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(found["sku-1"]) // map[qty:2]

	watcher := system.Root.Spawn(actor.PropsFromFunc(func(c actor.Context) {
		if m, ok := c.Message().(*rosettapb.CrdtChanged); ok {
			change := rosetta.DecodeChanged(m)
			log.Printf("#%d %v removed %v", change.Seq, change.Entries, change.Removed)
		}
	}))
	if err := docs.Subscribe(ctx, items, watcher); err != nil {
		log.Fatal(err)
	}
}

// An actor that must not block its mailbox sends the request itself and decodes the reply.
func ExampleGetRequest() {
	var docs *rosetta.Documents // rosetta.NewDocuments(system.Root, gatewayAddress)
	props := actor.PropsFromFunc(func(c actor.Context) {
		switch m := c.Message().(type) {
		case *actor.Started:
			c.Request(docs.Service(), rosetta.GetRequest(rosetta.KVKey("cart/42", "counts"), "visits"))
		case *rosettapb.CrdtGetResponse:
			counts, err := rosetta.DecodeGetResponse(m)
			fmt.Println(counts["visits"], err)
		}
	})
	_ = props
	fmt.Println(rosetta.GetRequest(rosetta.KVKey("cart/42", "counts"), "visits").GetStructure())
	// Output: CRDT_KV
}

func ExampleDecodeChanged() {
	qty, _ := rosetta.EntryToProto("sku-1", map[string]any{"qty": 3})
	change := rosetta.DecodeChanged(&rosettapb.CrdtChanged{Document: "cart/42", Name: "items", Seq: 7,
		Entries: []*rosettapb.CrdtEntry{qty}, Removed: []string{"sku-0"}})
	fmt.Println(change.Seq, change.Entries["sku-1"], change.Removed)
	// Output: 7 map[qty:3] [sku-0]
}

func ExampleError() {
	err := rosetta.ErrorFromProto(&rosettapb.Error{Code: 7, Reason: rosetta.ReasonReadOnly, Message: "cart/42 is read-only for this token"})
	var refusal *rosetta.Error
	fmt.Println(errors.Is(err, rosetta.ErrReadOnly), errors.As(err, &refusal), refusal.Code, refusal.Reason)
	// Output: true true PermissionDenied read-only
}
