package rosettapb_test

import (
	"fmt"
	"testing"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/rosetta-gateway/rosetta/adapters/go/rosettapb"
	"google.golang.org/protobuf/proto"
)

func TestLookupNameResponseRoundTrip(t *testing.T) {
	in := &rosettapb.LookupNameResponse{Name: "orders", Pid: &actor.PID{Address: "127.0.0.1:8090", Id: "orders/42"}, Found: true}
	b, err := proto.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	out := &rosettapb.LookupNameResponse{}
	if err := proto.Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(in, out) {
		t.Fatalf("round trip changed the message: %v", out)
	}
}

func ExampleError() {
	e := &rosettapb.Error{Code: 7, Message: "not allowed to send to billing/1"}
	fmt.Println(string(e.ProtoReflect().Descriptor().FullName()), e.GetCode())
	// Output: rosetta.v1.Error 7
}
