package rosetta

import (
	"context"
	"fmt"
	"testing"
)

func TestBearerTokenMetadata(t *testing.T) {
	md, err := BearerToken("abc.def.ghi").GetRequestMetadata(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := md["authorization"]; got != "Bearer abc.def.ghi" {
		t.Fatalf("authorization = %q", got)
	}
	if BearerToken("x").RequireTransportSecurity() {
		t.Fatal("h2c must be allowed")
	}
}

func TestDialOptionsWithoutTokenSendsNone(t *testing.T) {
	if n := len(DialOptions("")); n != 1 {
		t.Fatalf("want only the transport option, got %d options", n)
	}
	if n := len(DialOptions("t")); n != 2 {
		t.Fatalf("want transport + credentials, got %d options", n)
	}
}

func ExampleBearerToken() {
	md, _ := BearerToken("eyJhbGciOiJFZERTQSJ9.e30.sig").GetRequestMetadata(context.Background())
	fmt.Println(md["authorization"])
	// Output: Bearer eyJhbGciOiJFZERTQSJ9.e30.sig
}
