package rosetta

// Documents reads, writes and watches a tenant's replicated documents from Go, the shape of Akka
// Distributed Data's Replicator (Get / Update / Subscribe → Changed) as blocking calls: each sends
// one message to the tenant's $crdt at the gateway and waits for its reply, until the context ends
// or the request timeout passes. An Update returns once the gateway has it on disk (LOCAL
// consistency: one gateway is the only server replica).
//
// Refusals come back as *Error (errors.Is(err, ErrReadOnly)). A request the gateway's edge refuses
// before $crdt sees it — a subscriber at another node's address (foreign-sender), a token that may
// not send to $crdt — is answered to a Proto.Actor node as a dead letter (protoactor-go cannot
// decode a rosetta.v1.Error everywhere), so it fails with actor.ErrDeadLetter; the gateway's log
// names the reason. No reply at all fails with actor.ErrTimeout or the context's error; like Akka's
// UpdateTimeout, an update that timed out or was cancelled may still have been applied.

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/rosetta-gateway/rosetta/adapters/go/rosettapb"
)

// DefaultRequestTimeout bounds a request whose context has no earlier deadline.
const DefaultRequestTimeout = 10 * time.Second

// Documents is safe for concurrent use. Inside an actor, prefer sending the *Request messages with
// ctx.Request and decoding the replies (document_requests.go): a blocking call holds the mailbox.
type Documents struct {
	sender  actor.SenderContext
	service *actor.PID
	timeout time.Duration
	ids     atomic.Uint64
}

// DocumentsOption configures NewDocuments.
type DocumentsOption func(*Documents)

// WithRequestTimeout replaces DefaultRequestTimeout.
func WithRequestTimeout(d time.Duration) DocumentsOption {
	return func(docs *Documents) { docs.timeout = d }
}

// NewDocuments talks to the $crdt of the gateway at gatewayAddress (its gRPC host:port, as the
// node's remote reaches it) through sender, usually system.Root.
func NewDocuments(sender actor.SenderContext, gatewayAddress string, opts ...DocumentsOption) *Documents {
	docs := &Documents{sender: sender, service: actor.NewPID(gatewayAddress, CrdtID), timeout: DefaultRequestTimeout}
	for _, o := range opts {
		o(docs)
	}
	return docs
}

// Service is the PID of the tenant's $crdt.
func (d *Documents) Service() *actor.PID { return d.service }

// Get returns the entries of key: all of them, or those of keys that exist. Nothing found is an
// empty map (Akka's NotFound), not an error.
func (d *Documents) Get(ctx context.Context, key Key, keys ...string) (map[string]any, error) {
	reply, err := d.request(ctx, "get "+key.String(), GetRequest(key, keys...))
	if err != nil {
		return nil, err
	}
	r, err := replyAs[*rosettapb.CrdtGetResponse](reply)
	if err != nil {
		return nil, err
	}
	return DecodeGetResponse(r)
}

// State returns the whole document as one Yjs v1 update, for a peer holding a real replica.
func (d *Documents) State(ctx context.Context, document string) ([]byte, error) {
	reply, err := d.request(ctx, "state of "+document, StateRequest(document))
	if err != nil {
		return nil, err
	}
	r, err := replyAs[*rosettapb.CrdtGetResponse](reply)
	if err != nil {
		return nil, err
	}
	if err := ErrorFromProto(r.GetError()); err != nil {
		return nil, err
	}
	return r.GetState(), nil
}

// Set sets one entry of key; it returns once the change is durable.
func (d *Documents) Set(ctx context.Context, key Key, entry string, value any) error {
	return d.Update(ctx, key, Edit{Set: map[string]any{entry: value}})
}

// Delete removes entries of key; it returns once the change is durable.
func (d *Documents) Delete(ctx context.Context, key Key, entries ...string) error {
	return d.Update(ctx, key, Edit{Delete: entries})
}

// Update applies edit to key in one transaction; it returns once the change is durable.
func (d *Documents) Update(ctx context.Context, key Key, edit Edit) error {
	m, err := UpdateRequest(key, edit, d.ids.Add(1))
	if err != nil {
		return err
	}
	return d.update(ctx, "update "+key.String(), m)
}

// ApplyUpdate applies raw Yjs v1 update bytes to document; it returns once they are durable.
func (d *Documents) ApplyUpdate(ctx context.Context, document string, update []byte) error {
	return d.update(ctx, "apply an update to "+document, ApplyUpdateRequest(document, update, d.ids.Add(1)))
}

// Subscribe makes subscriber (an actor of this node) receive a *rosettapb.CrdtChanged for every
// change of key — DecodeChanged reads it — until Unsubscribe or until the subscriber stops.
func (d *Documents) Subscribe(ctx context.Context, key Key, subscriber *actor.PID, opts ...SubscribeOption) error {
	reply, err := d.request(ctx, "subscribe to "+key.String(), SubscribeRequest(key, subscriber, opts...))
	if err != nil {
		return err
	}
	r, err := replyAs[*rosettapb.CrdtSubscribeResponse](reply)
	if err != nil {
		return err
	}
	return DecodeSubscribeResponse(r)
}

// Unsubscribe ends subscriber's subscription to document; false when it had none.
func (d *Documents) Unsubscribe(ctx context.Context, document string, subscriber *actor.PID) (bool, error) {
	reply, err := d.request(ctx, "unsubscribe from "+document, UnsubscribeRequest(document, subscriber))
	if err != nil {
		return false, err
	}
	r, err := replyAs[*rosettapb.CrdtUnsubscribeResponse](reply)
	if err != nil {
		return false, err
	}
	return r.GetRemoved(), nil
}

func (d *Documents) update(ctx context.Context, what string, m *rosettapb.CrdtUpdate) error {
	reply, err := d.request(ctx, what, m)
	if err != nil {
		return err
	}
	r, err := replyAs[*rosettapb.CrdtUpdateResponse](reply)
	if err != nil {
		return err
	}
	if r.GetError() == nil && r.GetRequestId() != m.GetRequestId() {
		return fmt.Errorf("rosetta: %s: the reply is for request %d, not %d", what, r.GetRequestId(), m.GetRequestId())
	}
	return DecodeUpdateResponse(r)
}

// request sends m to $crdt and waits for the reply, the context or the timeout, whichever first.
func (d *Documents) request(ctx context.Context, what string, m any) (any, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("rosetta: %s: %w", what, err)
	}
	timeout, byContext := d.timeout, false
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < timeout {
		timeout, byContext = time.Until(deadline), true
	}
	if timeout <= 0 {
		return nil, fmt.Errorf("rosetta: %s: %w", what, context.DeadlineExceeded)
	}
	future := d.sender.RequestFuture(d.service, m, timeout)
	var reply any
	var err error
	if ctx.Done() == nil {
		reply, err = future.Result()
	} else {
		type result struct {
			reply any
			err   error
		}
		done := make(chan result, 1)
		go func() {
			r, e := future.Result()
			done <- result{r, e}
		}()
		select {
		case r := <-done:
			reply, err = r.reply, r.err
		case <-ctx.Done():
			// Completes the future (its goroutine returns) and frees its PID; a late reply is dropped.
			d.sender.ActorSystem().Root.Stop(future.PID())
			return nil, fmt.Errorf("rosetta: %s: %w", what, ctx.Err())
		}
	}
	service := CrdtID + " at " + d.service.GetAddress()
	switch {
	case errors.Is(err, actor.ErrTimeout) && byContext:
		return nil, fmt.Errorf("rosetta: %s: no reply from %s: %w (%w)", what, service, context.DeadlineExceeded, actor.ErrTimeout)
	case errors.Is(err, actor.ErrTimeout):
		return nil, fmt.Errorf("rosetta: %s: no reply from %s within %s: %w", what, service, timeout, actor.ErrTimeout)
	case errors.Is(err, actor.ErrDeadLetter):
		return nil, fmt.Errorf("rosetta: %s: refused by the gateway (its log names the reason) or no %s: %w", what, service, actor.ErrDeadLetter)
	case err != nil:
		return nil, fmt.Errorf("rosetta: %s: %w", what, err)
	}
	if e, ok := reply.(*rosettapb.Error); ok {
		return nil, ErrorFromProto(e)
	}
	return reply, nil
}

// replyAs checks the reply's type: anything else is a protocol error, not a refusal.
func replyAs[T any](reply any) (T, error) {
	r, ok := reply.(T)
	if !ok {
		return r, fmt.Errorf("rosetta: unexpected reply %T from %s, wanted %T", reply, CrdtID, r)
	}
	return r, nil
}
