// Command peer is an ordinary protoactor-go program used as a real peer by Rosetta's
// integration tests. It is compiled twice, against a 2024 (PID targets) and a 2025
// (string targets) protoactor-go, from this one source (see ../peer-v2024, ../peer-v2025).
//
// It listens on --listen (its advertised address is exactly that string), hosts an `echo`
// actor and a registered kind `echo-kind`, and takes one JSON command per stdin line,
// printing one JSON event per stdout line:
//
//	{"op":"send","address":"127.0.0.1:8090","id":"sink","text":"hi"}
//	{"op":"request","address":...,"id":...,"text":...,"timeoutMs":1000,"headers":{"k":"v"}}
//	{"op":"watch","address":...,"id":...}
//	{"op":"spawn-local","name":...}           (a local echo actor under that name)
//	{"op":"stop","id":...}                    (stops a local actor)
//	{"op":"spawn","address":...,"kind":...,"name":...}
//	{"op":"send-many","address":...,"id":...,"count":100000}
//	{"op":"bench","address":...,"id":...,"count":200000,"window":100}       (window goroutines, each RequestFuture in a loop)
//	{"op":"bench-actor","address":...,"id":...,"count":200000,"window":100} (one actor, window requests in flight via ctx.Request)
//	{"op":"exit"}
//
// The 2025 peer also has the crdt-* commands of crdt.go (replicated documents through the
// module's Documents); the 2024 one answers them unknown-op.
//
// Events: {"event":"ready","address":...,"member":...}, {"event":"reply","text":...},
// {"event":"error","error":"dead-letter"|"timeout"|...}, {"event":"terminated","who":...,"why":N},
// {"event":"received","text":...,"sender":...,"headers":{...}}, {"event":"spawned","id":...,"status":N},
// {"event":"sent","count":N}.
package main

import (
	"bufio"
	ctxpkg "context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/remote"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

type command struct {
	Op        string            `json:"op"`
	Address   string            `json:"address"`
	ID        string            `json:"id"`
	Text      string            `json:"text"`
	Kind      string            `json:"kind"`
	Name      string            `json:"name"`
	Count     int               `json:"count"`
	TimeoutMs int               `json:"timeoutMs"`
	Window    int               `json:"window"`
	Headers   map[string]string `json:"headers"`
}

var out = struct {
	sync.Mutex
	enc *json.Encoder
}{enc: json.NewEncoder(os.Stdout)}

// extraOps are commands defined in files only some builds compile (crdt.go: the 2025 peer, since
// the rosetta module needs the 2025 protoactor-go); each gets the raw command line.
var extraOps = map[string]func(system *actor.ActorSystem, line []byte){}

func emit(event map[string]any) {
	out.Lock()
	defer out.Unlock()
	_ = out.enc.Encode(event)
}

// bearer implements grpc.PerRPCCredentials: the JWT Rosetta verifies (h2c, so no TLS required).
type bearer string

func (b bearer) GetRequestMetadata(_ ctxpkg.Context, _ ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(b)}, nil
}
func (b bearer) RequireTransportSecurity() bool { return false }

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "host:port to listen on (advertised as given)")
	token := flag.String("token", os.Getenv("ROSETTA_TOKEN"), "JWT sent as authorization: Bearer")
	flag.Parse()

	host, portStr, err := net.SplitHostPort(*listen)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bad --listen:", err)
		os.Exit(2)
	}
	port, _ := strconv.Atoi(portStr)

	system := actor.NewActorSystem()
	opts := []remote.ConfigOption{}
	if *token != "" {
		opts = append(opts, remote.WithDialOptions(grpc.WithInsecure(), grpc.WithPerRPCCredentials(bearer(*token))))
	}
	r := remote.NewRemote(system, remote.Configure(host, port, opts...))
	echoProps := actor.PropsFromFunc(echo)
	r.Register("echo-kind", echoProps)
	r.Start()
	if _, err := system.Root.SpawnNamed(echoProps, "echo"); err != nil {
		fmt.Fprintln(os.Stderr, "spawn echo:", err)
		os.Exit(1)
	}
	emit(map[string]any{"event": "ready", "address": system.Address(), "member": system.ID})

	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	for scanner.Scan() {
		var c command
		if err := json.Unmarshal(scanner.Bytes(), &c); err != nil {
			emit(map[string]any{"event": "error", "error": "bad-command", "detail": err.Error()})
			continue
		}
		if c.Op == "exit" {
			break
		}
		if op, ok := extraOps[c.Op]; ok {
			op(system, scanner.Bytes())
			continue
		}
		handle(system, r, c)
	}
	r.Shutdown(true)
}

func echo(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case *wrapperspb.StringValue:
		headers := map[string]string{}
		if h := ctx.MessageHeader(); h != nil {
			for _, k := range h.Keys() {
				headers[k] = h.Get(k)
			}
		}
		sender := ""
		if ctx.Sender() != nil {
			sender = ctx.Sender().Address + "/" + ctx.Sender().Id
			ctx.Respond(&wrapperspb.StringValue{Value: m.Value})
		}
		emit(map[string]any{"event": "received", "text": m.Value, "sender": sender, "headers": headers, "self": ctx.Self().Id})
	}
}

func handle(system *actor.ActorSystem, r *remote.Remote, c command) {
	pid := actor.NewPID(c.Address, c.ID)
	timeout := time.Duration(c.TimeoutMs) * time.Millisecond
	if timeout == 0 {
		timeout = 5 * time.Second
	}
	switch c.Op {
	case "send":
		system.Root.Send(pid, &wrapperspb.StringValue{Value: c.Text})
		emit(map[string]any{"event": "sent", "count": 1})
	case "send-many":
		for i := 0; i < c.Count; i++ {
			system.Root.Send(pid, &wrapperspb.StringValue{Value: strconv.Itoa(i)})
		}
		emit(map[string]any{"event": "sent", "count": c.Count})
	case "request":
		root := system.Root
		if len(c.Headers) > 0 {
			// RootContext.RequestFuture sends no headers by itself: a sender middleware adds
			// them, as protoactor-go's remote-header example does.
			headers := c.Headers
			root = actor.NewRootContext(system, nil, func(next actor.SenderFunc) actor.SenderFunc {
				return func(ctx actor.SenderContext, target *actor.PID, env *actor.MessageEnvelope) {
					if env.Header == nil {
						env.Header = map[string]string{}
					}
					for k, v := range headers {
						env.Header[k] = v
					}
					next(ctx, target, env)
				}
			})
		}
		res, err := root.RequestFuture(pid, &wrapperspb.StringValue{Value: c.Text}, timeout).Result()
		switch {
		case errors.Is(err, actor.ErrDeadLetter):
			emit(map[string]any{"event": "error", "error": "dead-letter"})
		case errors.Is(err, actor.ErrTimeout):
			emit(map[string]any{"event": "error", "error": "timeout"})
		case err != nil:
			emit(map[string]any{"event": "error", "error": err.Error()})
		default:
			if s, ok := res.(*wrapperspb.StringValue); ok {
				emit(map[string]any{"event": "reply", "text": s.Value})
			} else {
				emit(map[string]any{"event": "reply", "type": fmt.Sprintf("%T", res)})
			}
		}
	case "bench":
		// Request/response ping-pong with a window of concurrent requesters: the same shape
		// against a Go echo (Go→Go) and a TS echo through the gateway (Go→TS→Go).
		window := c.Window
		if window < 1 {
			window = 1
		}
		per := c.Count / window
		lat := make([][]time.Duration, window)
		var wg sync.WaitGroup
		start := time.Now()
		failures := int64(0)
		var mu sync.Mutex
		for w := 0; w < window; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				l := make([]time.Duration, 0, per)
				msg := &wrapperspb.StringValue{Value: "ping"}
				for i := 0; i < per; i++ {
					t0 := time.Now()
					if _, err := system.Root.RequestFuture(pid, msg, 10*time.Second).Result(); err != nil {
						mu.Lock()
						failures++
						mu.Unlock()
						continue
					}
					l = append(l, time.Since(t0))
				}
				lat[w] = l
			}(w)
		}
		wg.Wait()
		elapsed := time.Since(start)
		all := make([]time.Duration, 0, c.Count)
		for _, l := range lat {
			all = append(all, l...)
		}
		sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
		pct := func(p float64) float64 {
			if len(all) == 0 {
				return 0
			}
			i := int(p*float64(len(all))) - 1
			if i < 0 {
				i = 0
			}
			return float64(all[i].Microseconds())
		}
		emit(map[string]any{"event": "bench", "requests": len(all), "failures": failures, "window": window,
			"seconds": elapsed.Seconds(), "requestsPerSec": float64(len(all)) / elapsed.Seconds(),
			"messagesPerSec": 2 * float64(len(all)) / elapsed.Seconds(), "p50us": pct(0.50), "p99us": pct(0.99)})
	case "bench-actor":
		// The actor pattern: one actor keeps `window` requests in flight with ctx.Request (replies
		// arrive as messages to it), sending the next as each reply comes back.
		benchActor(system, pid, c)
	case "watch":
		props := actor.PropsFromFunc(func(ctx actor.Context) {
			switch m := ctx.Message().(type) {
			case *actor.Started:
				ctx.Watch(pid)
				emit(map[string]any{"event": "watching", "id": pid.Id})
			case *actor.Terminated:
				emit(map[string]any{"event": "terminated", "who": m.Who.Id, "address": m.Who.Address, "why": int32(m.Why)})
			}
		})
		system.Root.Spawn(props)
	case "spawn-local":
		if _, err := system.Root.SpawnNamed(actor.PropsFromFunc(echo), c.Name); err != nil {
			emit(map[string]any{"event": "error", "error": err.Error()})
			return
		}
		emit(map[string]any{"event": "spawned-local", "id": c.Name})
	case "stop":
		system.Root.Stop(actor.NewPID(system.Address(), c.ID))
		emit(map[string]any{"event": "stopping", "id": c.ID})
	case "spawn":
		res, err := r.SpawnNamed(c.Address, c.Name, c.Kind, timeout)
		if err != nil {
			emit(map[string]any{"event": "error", "error": err.Error()})
			return
		}
		id := ""
		if res.Pid != nil {
			id = res.Pid.Id
		}
		emit(map[string]any{"event": "spawned", "id": id, "address": res.GetPid().GetAddress(), "status": res.StatusCode})
	default:
		emit(map[string]any{"event": "error", "error": "unknown-op", "op": c.Op})
	}
}

// benchActor drives `count` request/replies from one actor with `window` in flight and reports like "bench".
func benchActor(system *actor.ActorSystem, pid *actor.PID, c command) {
	window := c.Window
	if window < 1 {
		window = 1
	}
	done := make(chan struct{})
	lat := make([]time.Duration, 0, c.Count)
	sent := map[string]time.Time{}
	next := 0
	var start time.Time
	props := actor.PropsFromFunc(func(ctx actor.Context) {
		send := func() {
			key := strconv.Itoa(next)
			next++
			sent[key] = time.Now()
			ctx.Request(pid, &wrapperspb.StringValue{Value: key})
		}
		switch m := ctx.Message().(type) {
		case *actor.Started:
			start = time.Now()
			for i := 0; i < window && next < c.Count; i++ {
				send()
			}
		case *wrapperspb.StringValue:
			if t0, ok := sent[m.Value]; ok {
				lat = append(lat, time.Since(t0))
				delete(sent, m.Value)
			}
			if next < c.Count {
				send()
			} else if len(sent) == 0 {
				close(done)
			}
		}
	})
	system.Root.Spawn(props)
	select {
	case <-done:
	case <-time.After(120 * time.Second):
	}
	elapsed := time.Since(start)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		i := int(p*float64(len(lat))) - 1
		if i < 0 {
			i = 0
		}
		return float64(lat[i].Microseconds())
	}
	emit(map[string]any{"event": "bench", "requests": len(lat), "failures": c.Count - len(lat), "window": window,
		"seconds": elapsed.Seconds(), "requestsPerSec": float64(len(lat)) / elapsed.Seconds(),
		"messagesPerSec": 2 * float64(len(lat)) / elapsed.Seconds(), "p50us": pct(0.50), "p99us": pct(0.99)})
}
