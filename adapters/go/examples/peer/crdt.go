// Replicated documents through the rosetta module's Documents (the 2025 peer only: its
// ../peer-v2025/crdt.go is a symlink to this file). One JSON command per line, as in main.go:
//
//	{"op":"crdt-set","address":gw,"document":"notes/1","name":"meta","structure":"map"|"kv","values":{"k":v}}
//	{"op":"crdt-delete","address":gw,"document":...,"name":...,"structure":...,"keys":["k"]}
//	{"op":"crdt-get","address":gw,"document":...,"name":...,"structure":...,"keys":[...]}   (keys optional)
//	{"op":"crdt-state","address":gw,"document":...}
//	{"op":"crdt-apply","address":gw,"document":...,"update":"<base64 Yjs v1 update>"}
//	{"op":"crdt-subscribe","address":gw,"document":...,"name":...,"structure":...,"id":"watcher",
//	 "subscriberAddress":"…","includeUpdate":true}   (a local actor `id`, spawned if missing; the
//	                                                  subscriber's address defaults to this node's)
//	{"op":"crdt-unsubscribe","address":gw,"document":...,"id":"watcher"}
//
// Events: {"event":"crdt-updated","op":...}, {"event":"crdt-got","entries":{...}},
// {"event":"crdt-state","state":"<base64>"}, {"event":"crdt-subscribed","id":...},
// {"event":"crdt-unsubscribed","removed":bool}, {"event":"crdt-changed","id":...,"document":...,
// "name":...,"entries":{...},"removed":[...],"seq":N,"update":"<base64>"} (from the subscriber), and
// {"event":"crdt-error","op":...,"code":N,"reason":...,"message":...} for a refusal or
// {"event":"crdt-error","op":...,"error":"dead-letter"|"timeout"|"<text>"} for anything else.
// Bytes in values are base64 strings, as encoding/json writes []byte.
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	rosetta "github.com/rosetta-gateway/rosetta/adapters/go"
	"github.com/rosetta-gateway/rosetta/adapters/go/rosettapb"
)

type crdtCommand struct {
	Op                string         `json:"op"`
	Address           string         `json:"address"`
	Document          string         `json:"document"`
	Name              string         `json:"name"`
	Structure         string         `json:"structure"`
	Values            map[string]any `json:"values"`
	Keys              []string       `json:"keys"`
	Update            []byte         `json:"update"`
	ID                string         `json:"id"`
	SubscriberAddress string         `json:"subscriberAddress"`
	IncludeUpdate     bool           `json:"includeUpdate"`
	TimeoutMs         int            `json:"timeoutMs"`
}

func init() {
	for _, op := range []string{"crdt-set", "crdt-delete", "crdt-get", "crdt-state", "crdt-apply", "crdt-subscribe", "crdt-unsubscribe"} {
		extraOps[op] = crdtOp
	}
}

func crdtOp(system *actor.ActorSystem, line []byte) {
	var c crdtCommand
	if err := json.Unmarshal(line, &c); err != nil {
		emit(map[string]any{"event": "error", "error": "bad-command", "detail": err.Error()})
		return
	}
	timeout := time.Duration(c.TimeoutMs) * time.Millisecond
	if timeout == 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	docs := rosetta.NewDocuments(system.Root, c.Address)
	key := rosetta.MapKey(c.Document, c.Name)
	if c.Structure == "kv" {
		key = rosetta.KVKey(c.Document, c.Name)
	}
	var err error
	switch c.Op {
	case "crdt-set":
		if err = docs.Update(ctx, key, rosetta.Edit{Set: c.Values}); err == nil {
			emit(map[string]any{"event": "crdt-updated", "op": c.Op})
		}
	case "crdt-delete":
		if err = docs.Delete(ctx, key, c.Keys...); err == nil {
			emit(map[string]any{"event": "crdt-updated", "op": c.Op})
		}
	case "crdt-apply":
		if err = docs.ApplyUpdate(ctx, c.Document, c.Update); err == nil {
			emit(map[string]any{"event": "crdt-updated", "op": c.Op})
		}
	case "crdt-get":
		var entries map[string]any
		if entries, err = docs.Get(ctx, key, c.Keys...); err == nil {
			emit(map[string]any{"event": "crdt-got", "entries": entries})
		}
	case "crdt-state":
		var state []byte
		if state, err = docs.State(ctx, c.Document); err == nil {
			emit(map[string]any{"event": "crdt-state", "state": base64.StdEncoding.EncodeToString(state)})
		}
	case "crdt-subscribe":
		var subscriber *actor.PID
		if c.SubscriberAddress != "" { // a claim about another node's actor: the gateway must refuse it
			subscriber = actor.NewPID(c.SubscriberAddress, c.ID)
		} else {
			subscriber = subscriberActor(system, c.ID)
		}
		if c.Name == "" {
			key = rosetta.DocumentKey(c.Document)
		}
		var opts []rosetta.SubscribeOption
		if c.IncludeUpdate {
			opts = append(opts, rosetta.WithUpdates())
		}
		if err = docs.Subscribe(ctx, key, subscriber, opts...); err == nil {
			emit(map[string]any{"event": "crdt-subscribed", "id": c.ID})
		}
	case "crdt-unsubscribe":
		var removed bool
		if removed, err = docs.Unsubscribe(ctx, c.Document, actor.NewPID(system.Address(), c.ID)); err == nil {
			emit(map[string]any{"event": "crdt-unsubscribed", "removed": removed})
		}
	}
	if err != nil {
		emitCrdtError(c.Op, err)
	}
}

// subscriberActor is the local actor `id`, which reports every CrdtChanged it receives.
func subscriberActor(system *actor.ActorSystem, id string) *actor.PID {
	pid, err := system.Root.SpawnNamed(actor.PropsFromFunc(func(ctx actor.Context) {
		m, ok := ctx.Message().(*rosettapb.CrdtChanged)
		if !ok {
			return
		}
		change := rosetta.DecodeChanged(m)
		removed := change.Removed
		if removed == nil {
			removed = []string{}
		}
		emit(map[string]any{"event": "crdt-changed", "id": id, "document": change.Document, "name": change.Name,
			"entries": change.Entries, "removed": removed, "seq": change.Seq,
			"update": base64.StdEncoding.EncodeToString(change.Update)})
	}), id)
	if err != nil { // ErrNameExists: the actor is already there, subscribe it again
		return actor.NewPID(system.Address(), id)
	}
	return pid
}

func emitCrdtError(op string, err error) {
	var refusal *rosetta.Error
	switch {
	case errors.As(err, &refusal):
		emit(map[string]any{"event": "crdt-error", "op": op, "code": int(refusal.Code), "reason": refusal.Reason, "message": refusal.Message})
	case errors.Is(err, actor.ErrDeadLetter):
		emit(map[string]any{"event": "crdt-error", "op": op, "error": "dead-letter"})
	case errors.Is(err, actor.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		emit(map[string]any{"event": "crdt-error", "op": op, "error": "timeout"})
	default:
		emit(map[string]any{"event": "crdt-error", "op": op, "error": err.Error()})
	}
}
