package rosetta

// Refusals of the tenant's $crdt service as Go errors. The gateway answers a refused request with a
// rosetta.v1.Error{code, message, reason} inside the reply (crdt/PROTOCOL.md §3); Documents turns it
// into an *Error, which errors.Is matches against the sentinels below by code and reason (the
// message is for people), errors.As unwraps, and grpc's status.Code reads.

import (
	"fmt"

	"github.com/rosetta-gateway/rosetta/adapters/go/rosettapb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Reasons of document refusals, stable within their code (protocol/vocabulary.json "crdtReasons";
// vocabulary_test.go checks them).
const (
	ReasonUpdateTooLarge         = "update-too-large"
	ReasonDocumentTooLarge       = "document-too-large"
	ReasonMalformedUpdate        = "malformed-update"
	ReasonMalformedMessage       = "malformed-message"
	ReasonMalformedFrame         = "malformed-frame"
	ReasonInvalidDocumentName    = "invalid-document-name"
	ReasonReadOnly               = "read-only"
	ReasonReadDenied             = "read-denied"
	ReasonQueueFull              = "queue-full"
	ReasonTooManyDocuments       = "too-many-documents"
	ReasonDocumentClosed         = "document-closed"
	ReasonConsistencyUnavailable = "consistency-unavailable"
	ReasonStoreFailure           = "store-failure"
)

// Error is a refusal the gateway sent back: a gRPC canonical code, a reason (empty when the gateway
// gave none, e.g. a malformed request) and a message.
type Error struct {
	Code    codes.Code
	Reason  string
	Message string
}

func (e *Error) Error() string {
	if e.Reason == "" {
		return fmt.Sprintf("rosetta: %s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("rosetta: %s %s: %s", e.Code, e.Reason, e.Message)
}

// Is reports whether target is an *Error with the same code and, when target names one, the same
// reason: errors.Is(err, ErrReadOnly), or errors.Is(err, &Error{Code: codes.PermissionDenied}) for
// any permission refusal.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return t.Code == e.Code && (t.Reason == "" || t.Reason == e.Reason)
}

// GRPCStatus lets status.Code(err) and status.FromError(err) read the code.
func (e *Error) GRPCStatus() *status.Status {
	return status.New(e.Code, e.Error())
}

// Sentinels to match with errors.Is; their messages are empty, compare with errors.Is, never ==.
var (
	ErrUpdateTooLarge         = &Error{Code: codes.ResourceExhausted, Reason: ReasonUpdateTooLarge}
	ErrDocumentTooLarge       = &Error{Code: codes.ResourceExhausted, Reason: ReasonDocumentTooLarge}
	ErrMalformedUpdate        = &Error{Code: codes.InvalidArgument, Reason: ReasonMalformedUpdate}
	ErrInvalidDocumentName    = &Error{Code: codes.InvalidArgument, Reason: ReasonInvalidDocumentName}
	ErrReadOnly               = &Error{Code: codes.PermissionDenied, Reason: ReasonReadOnly}
	ErrReadDenied             = &Error{Code: codes.PermissionDenied, Reason: ReasonReadDenied}
	ErrDocumentClosed         = &Error{Code: codes.Unavailable, Reason: ReasonDocumentClosed}
	ErrConsistencyUnavailable = &Error{Code: codes.FailedPrecondition, Reason: ReasonConsistencyUnavailable}
	ErrStoreFailure           = &Error{Code: codes.Internal, Reason: ReasonStoreFailure}
)

// ErrorFromProto is the Go error of a reply's `error` field; nil when the field is unset.
func ErrorFromProto(e *rosettapb.Error) error {
	if e == nil {
		return nil
	}
	code := codes.Code(e.GetCode())
	if code == codes.OK {
		code = codes.Unknown // an error without a code is still an error
	}
	return &Error{Code: code, Reason: e.GetReason(), Message: e.GetMessage()}
}
