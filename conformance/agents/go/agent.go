package main

import (
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// introID is a gateway id nothing answers but the dead-letter reply: a node's first request,
// which opens its stream (so the gateway may dial it back) and proves the round trip.
const introID = "$conformance/hello"

type agent struct {
	init     *Init
	sessions map[string]*session
	free     []uint32
	dialect  string
}

func newAgent() *agent { return &agent{sessions: map[string]*session{}, dialect: dialect()} }

func (a *agent) handle(req *Request) *Response {
	wait := func(ms uint32) time.Duration {
		budget := time.Duration(req.DeadlineMs)*time.Millisecond - 500*time.Millisecond
		d := time.Duration(ms) * time.Millisecond
		if ms == 0 || d > budget {
			d = budget
		}
		if d < 50*time.Millisecond {
			d = 50 * time.Millisecond
		}
		return d
	}
	switch op := req.Op.(type) {
	case *Request_Init:
		a.init = op.Init
		a.free = append([]uint32(nil), op.Init.ListenPorts...)
		if r := a.open("", op.Init.Token, wait(0)); r != nil {
			return r
		}
		info, _ := debug.ReadBuildInfo()
		version := ""
		for _, d := range info.Deps {
			if d.Path == "github.com/asynkron/protoactor-go" {
				version = d.Version
			}
		}
		return ok(&Ok{Agent: "go-" + a.dialect, Kind: AgentKind_NODE, Dialect: a.dialect, Detail: "protoactor-go " + version})
	case *Request_Open:
		if r := a.open(op.Open.Session, op.Open.Token, wait(0)); r != nil {
			return r
		}
		return ok(&Ok{})
	case *Request_Close:
		if s := a.sessions[op.Close.Session]; s != nil {
			s.close()
			delete(a.sessions, op.Close.Session)
			a.free = append(a.free, s.port)
		}
		return ok(&Ok{})
	case *Request_Drop:
		s, r := a.session(op.Drop.Session)
		if r != nil {
			return r
		}
		s.cut()
		// The next message re-creates the endpoint: protoactor-go reconnects on demand.
		for deadline := time.Now().Add(wait(0)); time.Now().Before(deadline); {
			if _, err := s.system.Root.RequestFuture(actor.NewPID(a.init.GatewayGrpc, introID), &wrapperspb.StringValue{Value: "reconnect"}, time.Second).Result(); errors.Is(err, actor.ErrDeadLetter) {
				return ok(&Ok{})
			}
		}
		return timedOut("the node did not reach the gateway again", nil)
	case *Request_Host:
		s, r := a.session(op.Host.Session)
		if r != nil {
			return r
		}
		return a.host(s, op.Host)
	case *Request_Stop:
		s, r := a.session(op.Stop.Session)
		if r != nil {
			return r
		}
		s.system.Root.Stop(actor.NewPID(s.address, op.Stop.Name))
		return ok(&Ok{})
	case *Request_Send:
		s, r := a.session(op.Send.Session)
		if r != nil {
			return r
		}
		root := rootWithHeaders(s.system, op.Send.Headers)
		pid := toPID(op.Send.Target)
		if op.Send.Count <= 1 {
			root.Send(pid, &wrapperspb.StringValue{Value: op.Send.Text})
		} else {
			for i := uint32(0); i < op.Send.Count; i++ {
				root.Send(pid, &wrapperspb.StringValue{Value: fmt.Sprintf("%s%d", op.Send.Text, i)})
			}
		}
		return ok(&Ok{})
	case *Request_Ask:
		s, r := a.session(op.Ask.Session)
		if r != nil {
			return r
		}
		return ask(s, op.Ask)
	case *Request_Watch:
		s, r := a.session(op.Watch.Session)
		if r != nil {
			return r
		}
		rec := s.recording(op.Watch.Name)
		target := toPID(op.Watch.Target)
		s.system.Root.Spawn(actor.PropsFromFunc(func(c actor.Context) {
			switch m := c.Message().(type) {
			case *actor.Started:
				c.Watch(target)
			case *actor.Terminated:
				why := TerminatedReason(int32(m.Why) + 1)
				if m.Who.GetAddress() != s.address && m.Why == actor.TerminatedReason_Stopped {
					// protoactor-go turns every Terminated that arrives from another node into
					// Stopped (remote/endpoint_watcher.go): a Go watcher cannot tell why.
					why = TerminatedReason_REASON_UNKNOWN
				}
				rec.update(func() {
					rec.terminated = append(rec.terminated, &Termination{Who: &Pid{Address: m.Who.GetAddress(), Id: m.Who.GetId()}, Why: why})
				})
				c.Stop(c.Self())
			}
		}))
		return ok(&Ok{})
	case *Request_Observe:
		s, r := a.session(op.Observe.Session)
		if r != nil {
			return r
		}
		o := op.Observe
		rec := s.recording(o.Name)
		done := rec.until(func() bool {
			return uint32(len(rec.received)) >= o.MinReceived && (!o.UntilTerminated || len(rec.terminated) > 0)
		}, wait(o.WaitMs))
		snap := rec.snapshot()
		if !done {
			return timedOut(fmt.Sprintf("observed %d messages, %d terminations", len(snap.Received), len(snap.Terminated)), snap)
		}
		return ok(snap)
	case *Request_Spawn:
		s, r := a.session(op.Spawn.Session)
		if r != nil {
			return r
		}
		res, err := s.remote.SpawnNamed(op.Spawn.Address, op.Spawn.Name, op.Spawn.Kind, wait(op.Spawn.TimeoutMs))
		if err != nil {
			return futureError(err)
		}
		if res.StatusCode != 0 || res.Pid == nil {
			return typedError(spawnStatusCode(res.StatusCode), "spawn-status", fmt.Sprintf("ActorPidResponse status %d", res.StatusCode))
		}
		return ok(&Ok{Pid: &Pid{Address: res.Pid.Address, Id: res.Pid.Id}})
	case *Request_CrdtWrite:
		s, r := a.session(op.CrdtWrite.Session)
		if r != nil {
			return r
		}
		return crdtWrite(s, a.init.GatewayGrpc, op.CrdtWrite, wait(0))
	case *Request_CrdtRead:
		s, r := a.session(op.CrdtRead.Session)
		if r != nil {
			return r
		}
		return crdtRead(s, a.init.GatewayGrpc, op.CrdtRead, wait(op.CrdtRead.WaitMs))
	case *Request_Shutdown:
		return ok(&Ok{})
	default:
		return skipped(fmt.Sprintf("unknown operation %T", req.Op))
	}
}

func (a *agent) session(name string) (*session, *Response) {
	s := a.sessions[name]
	if s == nil {
		return nil, runtimeError(fmt.Sprintf("no session %q", name))
	}
	return s, nil
}

// open starts a node for the session and waits until the gateway answered its first message
// (a dead letter), or refused its stream, or the wait ended.
func (a *agent) open(name, token string, wait time.Duration) *Response {
	if old := a.sessions[name]; old != nil {
		old.close()
		a.free = append(a.free, old.port)
		delete(a.sessions, name)
	}
	if len(a.free) == 0 {
		return runtimeError("no listen port left for another node")
	}
	port := a.free[0]
	a.free = a.free[1:]
	s := startSession(a.init.ListenHost, port, token)
	a.sessions[name] = s
	answered := make(chan error, 1)
	go func() {
		_, err := s.system.Root.RequestFuture(actor.NewPID(a.init.GatewayGrpc, introID), &wrapperspb.StringValue{Value: "hello"}, wait).Result()
		answered <- err
	}()
	select {
	case err := <-answered:
		if errors.Is(err, actor.ErrDeadLetter) {
			return nil
		}
		select {
		case refusal := <-s.refusal:
			return statusError(refusal)
		default:
		}
		return typedError(14, "no-answer", fmt.Sprintf("the gateway did not answer the node's first message: %v", err))
	case refusal := <-s.refusal:
		return statusError(refusal)
	}
}

func (a *agent) host(s *session, h *Host) *Response {
	pid := &Pid{Address: s.address, Id: h.Name}
	switch h.Behaviour {
	case Behaviour_ECHO, Behaviour_SILENT:
		echo := h.Behaviour == Behaviour_ECHO
		s.recording(h.Name)
		if _, err := s.system.Root.SpawnNamed(actor.PropsFromFunc(s.recorder(func(actor.Context) string { return h.Name }, echo)), h.Name); err != nil {
			return runtimeError(err.Error())
		}
		return ok(&Ok{Pid: pid})
	case Behaviour_ABSENT:
		return ok(&Ok{Pid: pid})
	case Behaviour_SPAWNABLE:
		return ok(&Ok{Pid: &Pid{Address: s.address}, KindName: spawnableKind})
	default:
		return skipped("protoactor-go virtual actors live in its cluster, which does not run through the gateway")
	}
}

func ask(s *session, q *Ask) *Response {
	root := rootWithHeaders(s.system, q.Headers)
	pid := toPID(q.Target)
	timeout := time.Duration(q.TimeoutMs) * time.Millisecond
	if timeout == 0 {
		timeout = 5 * time.Second
	}
	if q.Count <= 1 {
		t0 := time.Now()
		res, err := root.RequestFuture(pid, &wrapperspb.StringValue{Value: q.Text}, timeout).Result()
		if err != nil {
			return futureError(err)
		}
		sv, isString := res.(*wrapperspb.StringValue)
		if !isString {
			return runtimeError(fmt.Sprintf("reply of type %T", res))
		}
		return ok(&Ok{Text: sv.Value, LatenciesUs: []uint32{uint32(time.Since(t0).Microseconds())}})
	}
	var mu sync.Mutex
	outcomes := map[string]uint32{}
	var latencies []uint32
	one := func(i uint32) {
		text := fmt.Sprintf("%s%d", q.Text, i)
		t0 := time.Now()
		res, err := root.RequestFuture(pid, &wrapperspb.StringValue{Value: text}, timeout).Result()
		outcome := "OK"
		switch {
		case errors.Is(err, actor.ErrDeadLetter):
			outcome = "NOT_FOUND"
		case errors.Is(err, actor.ErrTimeout):
			outcome = "DEADLINE_EXCEEDED"
		case err != nil:
			outcome = "UNKNOWN"
		default:
			if sv, isString := res.(*wrapperspb.StringValue); !isString || sv.Value != text {
				outcome = "MISMATCH"
			}
		}
		mu.Lock()
		outcomes[outcome]++
		if outcome == "OK" {
			latencies = append(latencies, uint32(time.Since(t0).Microseconds()))
		}
		mu.Unlock()
	}
	if q.Concurrent {
		var wg sync.WaitGroup
		for i := uint32(0); i < q.Count; i++ {
			wg.Add(1)
			go func(i uint32) { defer wg.Done(); one(i) }(i)
		}
		wg.Wait()
	} else {
		for i := uint32(0); i < q.Count; i++ {
			one(i)
		}
	}
	return ok(&Ok{Outcomes: outcomes, LatenciesUs: latencies})
}

// rootWithHeaders: RootContext sends no headers by itself; a sender middleware adds them, as
// protoactor-go's remote-header example does.
func rootWithHeaders(system *actor.ActorSystem, headers map[string]string) *actor.RootContext {
	if len(headers) == 0 {
		return system.Root
	}
	return actor.NewRootContext(system, nil, func(next actor.SenderFunc) actor.SenderFunc {
		return func(c actor.SenderContext, target *actor.PID, env *actor.MessageEnvelope) {
			if env.Header == nil {
				env.Header = map[string]string{}
			}
			for k, v := range headers {
				env.Header[k] = v
			}
			next(c, target, env)
		}
	})
}

func toPID(p *Pid) *actor.PID { return actor.NewPID(p.GetAddress(), p.GetId()) }

func futureError(err error) *Response {
	switch {
	case errors.Is(err, actor.ErrDeadLetter):
		return typedError(5, "dead-letter", err.Error())
	case errors.Is(err, actor.ErrTimeout):
		return typedError(4, "", err.Error())
	default:
		return typedError(2, "", err.Error())
	}
}

// spawnStatusCode maps remote.ActorPidResponse status codes onto gRPC codes.
func spawnStatusCode(status int32) uint32 {
	switch status {
	case 1:
		return 14 // unavailable
	case 2:
		return 4 // timeout
	case 3:
		return 6 // name exists
	case 5:
		return 5 // dead letter
	default:
		return 2
	}
}

func (a *agent) closeAll() {
	for _, s := range a.sessions {
		s.close()
	}
}
