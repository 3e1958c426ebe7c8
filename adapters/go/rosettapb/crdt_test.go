package rosettapb_test

import (
	"fmt"
	"testing"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/rosetta-gateway/rosetta/adapters/go/rosettapb"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

func TestCrdtUpdateRoundTrip(t *testing.T) {
	in := &rosettapb.CrdtUpdate{
		Document:  "cart/42",
		Name:      "items",
		Structure: rosettapb.CrdtStructure_CRDT_KV,
		Set: []*rosettapb.CrdtEntry{
			{Key: "sku-1", Value: structpb.NewNumberValue(2)},
			{Key: "blob", Binary: []byte{1, 2}, IsBinary: true},
		},
		Delete:    []string{"sku-0"},
		RequestId: 7,
	}
	b, err := proto.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	out := &rosettapb.CrdtUpdate{}
	if err := proto.Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(in, out) {
		t.Fatalf("round trip changed the message: %v", out)
	}
}

// Subscribing a Go actor to a document's map: send this to the tenant's $crdt; CrdtChanged follows every change.
func ExampleCrdtSubscribe() {
	sub := &rosettapb.CrdtSubscribe{Document: "cart/42", Name: "items", Structure: rosettapb.CrdtStructure_CRDT_KV,
		Subscriber: &actor.PID{Address: "127.0.0.1:8091", Id: "watcher"}}
	fmt.Println(string(sub.ProtoReflect().Descriptor().FullName()), sub.GetDocument())
	// Output: rosetta.v1.CrdtSubscribe cart/42
}
