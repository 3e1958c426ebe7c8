package rosetta

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/rosetta-gateway/rosetta/adapters/go/rosettapb"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// asProtoJSON is m with the .proto field names (request_id, include_state, is_binary, …), the names
// crdt/crdt-service.ts reads.
func asProtoJSON(t *testing.T, m proto.Message) map[string]any {
	t.Helper()
	b, err := protojson.MarshalOptions{UseProtoNames: true, EmitUnpopulated: false}.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRequestsCarryTheProtoFields(t *testing.T) {
	update, err := UpdateRequest(KVKey("cart/42", "items"), Edit{Set: map[string]any{"sku-2": 2, "blob": []byte{1}}, Delete: []string{"sku-0"}}, 9)
	if err != nil {
		t.Fatal(err)
	}
	watcher := actor.NewPID("127.0.0.1:8091", "watcher")
	cases := []struct {
		name string
		msg  proto.Message
		want string
	}{
		{"get", GetRequest(MapKey("notes/1", "meta"), "title", "author"),
			`{"document":"notes/1","name":"meta","keys":["title","author"]}`},
		{"get of a kv", GetRequest(KVKey("cart/42", "items")),
			`{"document":"cart/42","name":"items","structure":"CRDT_KV"}`},
		{"state", StateRequest("notes/1"),
			`{"document":"notes/1","include_state":true}`},
		{"update", update,
			`{"document":"cart/42","name":"items","structure":"CRDT_KV","set":[{"key":"blob","binary":"AQ==","is_binary":true},{"key":"sku-2","value":2}],"delete":["sku-0"],"request_id":"9"}`},
		{"apply an update", ApplyUpdateRequest("notes/1", []byte{0, 0}, 3),
			`{"document":"notes/1","update":"AAA=","request_id":"3"}`},
		{"subscribe", SubscribeRequest(MapKey("notes/1", "meta"), watcher, WithUpdates()),
			`{"document":"notes/1","name":"meta","subscriber":{"Address":"127.0.0.1:8091","Id":"watcher"},"include_update":true}`},
		{"subscribe to a document", SubscribeRequest(DocumentKey("notes/1"), watcher),
			`{"document":"notes/1","subscriber":{"Address":"127.0.0.1:8091","Id":"watcher"}}`},
		{"unsubscribe", UnsubscribeRequest("notes/1", watcher),
			`{"document":"notes/1","subscriber":{"Address":"127.0.0.1:8091","Id":"watcher"}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var want map[string]any
			if err := json.Unmarshal([]byte(c.want), &want); err != nil {
				t.Fatal(err)
			}
			if got := asProtoJSON(t, c.msg); !reflect.DeepEqual(got, want) {
				g, _ := json.Marshal(got)
				t.Fatalf("got  %s\nwant %s", g, c.want)
			}
		})
	}
	if _, err := UpdateRequest(MapKey("d", "m"), Edit{Set: map[string]any{"x": make(chan int)}}, 1); err == nil {
		t.Fatal("a value that is not JSON-like is refused before sending")
	}
}

func TestDecodingReplies(t *testing.T) {
	entries, err := DecodeGetResponse(&rosettapb.CrdtGetResponse{Found: true, Entries: []*rosettapb.CrdtEntry{{Key: "b", Binary: []byte{7}, IsBinary: true}}})
	if err != nil || !reflect.DeepEqual(entries, map[string]any{"b": []byte{7}}) {
		t.Fatalf("get: %v %v", entries, err)
	}
	entries, err = DecodeGetResponse(&rosettapb.CrdtGetResponse{})
	if err != nil || entries == nil || len(entries) != 0 {
		t.Fatalf("not found: want an empty map, got %#v %v", entries, err)
	}
	if _, err := DecodeGetResponse(&rosettapb.CrdtGetResponse{Error: &rosettapb.Error{Code: 7, Reason: ReasonReadDenied}}); !errors.Is(err, ErrReadDenied) {
		t.Fatalf("get refused: %v", err)
	}
	if err := DecodeUpdateResponse(&rosettapb.CrdtUpdateResponse{Success: true}); err != nil {
		t.Fatal(err)
	}
	if err := DecodeUpdateResponse(&rosettapb.CrdtUpdateResponse{Error: &rosettapb.Error{Code: 8, Reason: ReasonUpdateTooLarge}}); !errors.Is(err, ErrUpdateTooLarge) {
		t.Fatalf("update refused: %v", err)
	}
	if err := DecodeUpdateResponse(&rosettapb.CrdtUpdateResponse{}); err == nil {
		t.Fatal("neither success nor an error is not success")
	}
	if err := DecodeSubscribeResponse(&rosettapb.CrdtSubscribeResponse{Success: true}); err != nil {
		t.Fatal(err)
	}
	if err := DecodeSubscribeResponse(&rosettapb.CrdtSubscribeResponse{}); err == nil {
		t.Fatal("neither success nor an error is not success")
	}
}

func TestDecodeChanged(t *testing.T) {
	v, _ := ValueToProto(map[string]any{"qty": 2})
	c := DecodeChanged(&rosettapb.CrdtChanged{Document: "cart/42", Name: "items", Seq: 3, Removed: []string{"old"},
		Entries: []*rosettapb.CrdtEntry{{Key: "sku", Value: v}}, Update: []byte{1, 2}})
	want := Change{Document: "cart/42", Name: "items", Entries: map[string]any{"sku": map[string]any{"qty": float64(2)}},
		Removed: []string{"old"}, Update: []byte{1, 2}, Seq: 3}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("got %#v", c)
	}
	if c := DecodeChanged(&rosettapb.CrdtChanged{Seq: 1}); c.Entries == nil {
		t.Fatal("a whole-document change has an empty, non-nil Entries")
	}
}
