package main

// dialect names the wire dialect of the protoactor-go this module pins (see go.mod).
func dialect() string { return "v2024" }
