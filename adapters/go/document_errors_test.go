package rosetta

import (
	"errors"
	"fmt"
	"testing"

	"github.com/rosetta-gateway/rosetta/adapters/go/rosettapb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestErrorFromProtoCarriesCodeAndReason(t *testing.T) {
	if ErrorFromProto(nil) != nil {
		t.Fatal("no error field: nil")
	}
	err := ErrorFromProto(&rosettapb.Error{Code: 7, Reason: "read-only", Message: "notes/1 is read-only for this token"})
	var e *Error
	if !errors.As(fmt.Errorf("saving: %w", err), &e) {
		t.Fatalf("errors.As: %T", err)
	}
	if e.Code != codes.PermissionDenied || e.Reason != ReasonReadOnly || e.Message != "notes/1 is read-only for this token" {
		t.Fatalf("got %+v", e)
	}
	if got := err.Error(); got != "rosetta: PermissionDenied read-only: notes/1 is read-only for this token" {
		t.Fatalf("message %q", got)
	}
	if status.Code(err) != codes.PermissionDenied {
		t.Fatalf("status.Code: %v", status.Code(err))
	}
	if c := ErrorFromProto(&rosettapb.Error{Message: "no code"}).(*Error).Code; c != codes.Unknown {
		t.Fatalf("an error without a code: %v", c)
	}
}

func TestErrorsIsMatchesCodeAndReason(t *testing.T) {
	readOnly := fmt.Errorf("wrapped: %w", ErrorFromProto(&rosettapb.Error{Code: 7, Reason: ReasonReadOnly, Message: "m"}))
	cases := []struct {
		target error
		want   bool
	}{
		{ErrReadOnly, true},
		{ErrReadDenied, false},                       // same code, another reason
		{&Error{Code: codes.PermissionDenied}, true}, // any reason of the code
		{&Error{Code: codes.InvalidArgument}, false}, // another code
		{&Error{Code: codes.Internal, Reason: ReasonReadOnly}, false},
		{errors.New("rosetta: PermissionDenied read-only: m"), false}, // never by text
	}
	for i, c := range cases {
		if got := errors.Is(readOnly, c.target); got != c.want {
			t.Errorf("#%d errors.Is(read-only, %v) = %v", i, c.target, got)
		}
	}
	sentinels := map[*Error]*rosettapb.Error{
		ErrUpdateTooLarge:         {Code: 8, Reason: "update-too-large"},
		ErrDocumentTooLarge:       {Code: 8, Reason: "document-too-large"},
		ErrMalformedUpdate:        {Code: 3, Reason: "malformed-update"},
		ErrInvalidDocumentName:    {Code: 3, Reason: "invalid-document-name"},
		ErrReadDenied:             {Code: 7, Reason: "read-denied"},
		ErrDocumentClosed:         {Code: 14, Reason: "document-closed"},
		ErrConsistencyUnavailable: {Code: 9, Reason: "consistency-unavailable"},
		ErrStoreFailure:           {Code: 13, Reason: "store-failure"},
	}
	for sentinel, wire := range sentinels {
		if !errors.Is(ErrorFromProto(wire), sentinel) {
			t.Errorf("%d/%s does not match %v", wire.Code, wire.Reason, sentinel)
		}
	}
}
