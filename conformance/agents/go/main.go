// Command agent is the Go conformance agent: protoactor-go nodes talking to a Rosetta gateway,
// configured the way any protoactor-go program is (an address to listen on, a bearer token in the
// gRPC dial options) and using protoactor-go's own API for everything else: SpawnNamed, Send,
// RequestFuture, Watch, remote.SpawnNamed. It is compiled twice from this one source, against a
// 2024 and a 2025 protoactor-go (../go-v2024, ../go-v2025: the two wire dialects), like the
// seed peer program adapters/go/examples/peer it grew from.
//
// It speaks the agent protocol (conformance/conformance.proto): length-prefixed Requests on stdin,
// Responses on stdout. Each session is a node (an actor system with its remote) listening on one
// of the ports the runner handed out in Init.
package main

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"google.golang.org/protobuf/proto"
)

func main() {
	// stdout carries frames only: whatever a library prints goes to stderr.
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	os.Stdout = os.Stderr
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	a := newAgent()
	for {
		req, err := readRequest(in)
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "agent: bad request:", err)
			os.Exit(3)
		}
		resp := serve(a, req)
		resp.Id = req.Id
		if err := writeResponse(out, resp); err != nil {
			fmt.Fprintln(os.Stderr, "agent: cannot answer:", err)
			os.Exit(3)
		}
		if req.GetShutdown() != nil {
			break
		}
	}
	a.closeAll()
}

// serve answers one request; a panic in an operation is a RuntimeError, not the end of the agent.
func serve(a *agent, req *Request) (resp *Response) {
	defer func() {
		if p := recover(); p != nil {
			resp = runtimeError(fmt.Sprintf("panic: %v\n%s", p, debug.Stack()))
		}
	}()
	return a.handle(req)
}

func readRequest(r *bufio.Reader) (*Request, error) {
	var size [4]byte
	if _, err := io.ReadFull(r, size[:]); err != nil {
		return nil, err
	}
	body := make([]byte, binary.LittleEndian.Uint32(size[:]))
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	req := &Request{}
	return req, proto.Unmarshal(body, req)
}

func writeResponse(w *bufio.Writer, resp *Response) error {
	body, err := proto.Marshal(resp)
	if err != nil {
		return err
	}
	var size [4]byte
	binary.LittleEndian.PutUint32(size[:], uint32(len(body)))
	if _, err := w.Write(size[:]); err != nil {
		return err
	}
	if _, err := w.Write(body); err != nil {
		return err
	}
	return w.Flush()
}

func ok(o *Ok) *Response { return &Response{Result: &Response_Ok{Ok: o}} }

func typedError(code uint32, reason, message string) *Response {
	return &Response{Result: &Response_Error{Error: &Error{Code: code, Reason: reason, Message: message}}}
}

func runtimeError(message string) *Response {
	return &Response{Result: &Response_RuntimeError{RuntimeError: &RuntimeError{Message: message}}}
}

func skipped(reason string) *Response {
	return &Response{Result: &Response_Skipped{Skipped: &Skipped{Reason: reason}}}
}

func timedOut(message string, partial *Ok) *Response {
	return &Response{Result: &Response_Timeout{Timeout: &Timeout{Message: message, Partial: partial}}}
}
