package main

import (
	ctxpkg "context"
	"errors"
	"io"
	"net"
	"strings"
	"sync"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/remote"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// spawnableKind is the kind a SPAWNABLE host registers: an echo actor that records what it gets.
const spawnableKind = "conformance-echo"

// session is one protoactor-go node: an actor system and its remote, listening on `port`,
// dialling the gateway with the session's token. Its gRPC dial options are ordinary
// configuration: a bearer token, a dialer whose connections Drop can cut, and a stream
// interceptor that remembers why the gateway refused the stream (protoactor-go itself only
// logs it).
type session struct {
	system     *actor.ActorSystem
	remote     *remote.Remote
	address    string
	port       uint32
	mu         sync.Mutex
	recordings map[string]*recording
	conns      map[net.Conn]struct{}
	refusal    chan error
}

type bearer string

func (b bearer) GetRequestMetadata(_ ctxpkg.Context, _ ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(b)}, nil
}
func (b bearer) RequireTransportSecurity() bool { return false }

func startSession(host string, port uint32, token string) *session {
	s := &session{port: port, recordings: map[string]*recording{}, conns: map[net.Conn]struct{}{}, refusal: make(chan error, 1)}
	dial := []grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithContextDialer(s.dial),
		grpc.WithStreamInterceptor(s.intercept),
	}
	if token != "" {
		dial = append(dial, grpc.WithPerRPCCredentials(bearer(token)))
	}
	s.system = actor.NewActorSystem()
	s.remote = remote.NewRemote(s.system, remote.Configure(host, int(port), remote.WithDialOptions(dial...)))
	s.remote.Register(spawnableKind, actor.PropsFromFunc(s.recorder(func(c actor.Context) string { return c.Self().Id }, true)))
	s.remote.Start()
	s.address = s.system.Address()
	return s
}

func (s *session) recording(name string) *recording {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, found := s.recordings[name]
	if !found {
		r = newRecording()
		s.recordings[name] = r
	}
	return r
}

func (s *session) dial(ctx ctxpkg.Context, addr string) (net.Conn, error) {
	c, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if err == nil {
		s.mu.Lock()
		s.conns[c] = struct{}{}
		s.mu.Unlock()
	}
	return c, err
}

// cut closes every connection this node dialled, as a network failure would.
func (s *session) cut() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		_ = c.Close()
	}
	s.conns = map[net.Conn]struct{}{}
}

func (s *session) intercept(ctx ctxpkg.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	cs, err := streamer(ctx, desc, cc, method, opts...)
	if err != nil {
		s.noteRefusal(err)
		return nil, err
	}
	return &watchedStream{ClientStream: cs, s: s}, nil
}

func (s *session) noteRefusal(err error) {
	if st, isStatus := status.FromError(err); !isStatus || st.Code() == codes.OK || st.Code() == codes.Canceled {
		return
	}
	select {
	case s.refusal <- err:
	default:
	}
}

type watchedStream struct {
	grpc.ClientStream
	s *session
}

func (w *watchedStream) RecvMsg(m any) error {
	err := w.ClientStream.RecvMsg(m)
	if err != nil && !errors.Is(err, io.EOF) {
		w.s.noteRefusal(err)
	}
	return err
}

// recorder records every StringValue it gets (with headers and sender); when echo, it answers a
// message that has a sender with the same text.
func (s *session) recorder(key func(actor.Context) string, echo bool) actor.ReceiveFunc {
	return func(c actor.Context) {
		switch m := c.Message().(type) {
		case *actor.Started:
			r := s.recording(key(c))
			r.update(func() { r.activations++ })
		case *wrapperspb.StringValue:
			headers := map[string]string{}
			if h := c.MessageHeader(); h != nil {
				for _, k := range h.Keys() {
					headers[k] = h.Get(k)
				}
			}
			var sender *Pid
			if c.Sender() != nil {
				sender = &Pid{Address: c.Sender().Address, Id: c.Sender().Id}
			}
			r := s.recording(key(c))
			r.update(func() { r.received = append(r.received, &Received{Text: m.Value, Headers: headers, Sender: sender}) })
			if echo && c.Sender() != nil {
				c.Respond(&wrapperspb.StringValue{Value: m.Value})
			}
		}
	}
}

// statusError turns the refusal the interceptor saw into the protocol's typed error.
func statusError(err error) *Response {
	st, _ := status.FromError(err)
	msg := st.Message()
	reason := ""
	if i := strings.Index(msg, ":"); i > 0 && !strings.Contains(msg[:i], " ") {
		reason = msg[:i]
	}
	return typedError(uint32(st.Code()), reason, msg)
}

// close ends the node abruptly, as a crash would: its connections are cut and its server stops
// (a graceful protoactor-go shutdown waits up to 10 s for streams the gateway keeps open).
func (s *session) close() {
	s.cut()
	s.remote.Shutdown(false)
	s.cut()
	s.system.Shutdown()
}
