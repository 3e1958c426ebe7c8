package rosetta

// The $crdt messages a Go actor sends, and what their replies mean. Documents uses these and waits;
// an actor that must not block its mailbox sends them itself and decodes the replies it receives:
//
//	ctx.Request(docs.Service(), rosetta.GetRequest(rosetta.MapKey("cart/42", "items")))
//	…
//	case *rosettapb.CrdtGetResponse:
//		items, err := rosetta.DecodeGetResponse(msg)

import (
	"github.com/asynkron/protoactor-go/actor"
	"github.com/rosetta-gateway/rosetta/adapters/go/rosettapb"
	"google.golang.org/grpc/codes"
)

// Edit is what one Update does to a structure, in one Yjs transaction (Akka's modify): Set first,
// then Delete.
type Edit struct {
	Set    map[string]any
	Delete []string
}

// GetRequest reads the entries of key (only those named in keys, when any).
func GetRequest(key Key, keys ...string) *rosettapb.CrdtGet {
	return &rosettapb.CrdtGet{Document: key.Document, Name: key.Name, Structure: key.Structure, Keys: keys}
}

// StateRequest reads the whole document as one Yjs v1 update.
func StateRequest(document string) *rosettapb.CrdtGet {
	return &rosettapb.CrdtGet{Document: document, IncludeState: true}
}

// UpdateRequest sets and deletes entries of key; the reply echoes requestID.
func UpdateRequest(key Key, edit Edit, requestID uint64) (*rosettapb.CrdtUpdate, error) {
	set, err := EntriesToProto(edit.Set)
	if err != nil {
		return nil, err
	}
	return &rosettapb.CrdtUpdate{
		Document: key.Document, Name: key.Name, Structure: key.Structure,
		Set: set, Delete: edit.Delete, RequestId: requestID,
	}, nil
}

// ApplyUpdateRequest applies raw Yjs v1 update bytes (from a peer holding a real replica).
func ApplyUpdateRequest(document string, update []byte, requestID uint64) *rosettapb.CrdtUpdate {
	return &rosettapb.CrdtUpdate{Document: document, Update: update, RequestId: requestID}
}

// SubscribeRequest makes subscriber receive a CrdtChanged for every change of key (of the whole
// document when key.Name is empty). The subscriber must be an actor of the sending node: the
// gateway refuses any other address.
func SubscribeRequest(key Key, subscriber *actor.PID, opts ...SubscribeOption) *rosettapb.CrdtSubscribe {
	m := &rosettapb.CrdtSubscribe{Document: key.Document, Name: key.Name, Structure: key.Structure, Subscriber: subscriber}
	for _, o := range opts {
		o(m)
	}
	return m
}

// UnsubscribeRequest ends subscriber's subscription to document.
func UnsubscribeRequest(document string, subscriber *actor.PID) *rosettapb.CrdtUnsubscribe {
	return &rosettapb.CrdtUnsubscribe{Document: document, Subscriber: subscriber}
}

// SubscribeOption adjusts a subscription.
type SubscribeOption func(*rosettapb.CrdtSubscribe)

// WithUpdates puts each change's Yjs v1 update bytes into Change.Update.
func WithUpdates() SubscribeOption {
	return func(m *rosettapb.CrdtSubscribe) { m.IncludeUpdate = true }
}

// DecodeGetResponse is the entries a Get found (empty, never nil, when none) or the refusal.
func DecodeGetResponse(r *rosettapb.CrdtGetResponse) (map[string]any, error) {
	if err := ErrorFromProto(r.GetError()); err != nil {
		return nil, err
	}
	return EntriesFromProto(r.GetEntries()), nil
}

// DecodeUpdateResponse is nil once the update is durable on the gateway, else the refusal.
func DecodeUpdateResponse(r *rosettapb.CrdtUpdateResponse) error {
	if err := ErrorFromProto(r.GetError()); err != nil {
		return err
	}
	if !r.GetSuccess() {
		return &Error{Code: codes.Unknown, Message: "the gateway answered the update without success or an error"}
	}
	return nil
}

// DecodeSubscribeResponse is nil once the subscription is in place, else the refusal.
func DecodeSubscribeResponse(r *rosettapb.CrdtSubscribeResponse) error {
	if err := ErrorFromProto(r.GetError()); err != nil {
		return err
	}
	if !r.GetSuccess() {
		return &Error{Code: codes.Unknown, Message: "the gateway answered the subscription without success or an error"}
	}
	return nil
}
