// Package rosetta helps ordinary protoactor-go programs talk to a Rosetta gateway:
// JWT bearer credentials for the remote's gRPC dial options, Documents for a tenant's replicated
// documents (documents.go), and (in rosettapb) the generated types of protocol/proto/rosetta.proto
// and crdt.proto.
//
// Pointing an existing program at Rosetta takes configuration only:
//
//	r := remote.NewRemote(system, remote.Configure("127.0.0.1", 8091,
//		remote.WithDialOptions(rosetta.DialOptions(token)...)))
//
// then address TS actors by PID: actor.NewPID("127.0.0.1:8090", "echo").
package rosetta

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// BearerToken is a grpc.PerRPCCredentials sending `authorization: Bearer <token>` on every
// stream. Rosetta verifies it once per connection.
type BearerToken string

// GetRequestMetadata implements credentials.PerRPCCredentials.
func (t BearerToken) GetRequestMetadata(_ context.Context, _ ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(t)}, nil
}

// RequireTransportSecurity implements credentials.PerRPCCredentials. Proto.Actor remoting is
// plain h2c by default, so the token may travel without TLS; put TLS in front in production.
func (t BearerToken) RequireTransportSecurity() bool { return false }

// DialOptions returns the dial options for protoactor-go's remote.WithDialOptions: plain h2c
// transport (protoactor-go's default) plus the bearer token. An empty token sends none.
func DialOptions(token string) []grpc.DialOption {
	opts := []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}
	if token != "" {
		opts = append(opts, grpc.WithPerRPCCredentials(BearerToken(token)))
	}
	return opts
}
