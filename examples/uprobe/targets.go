package main

// The probed functions. //go:noinline keeps them real functions with an
// entry to probe, called at every use.

//go:noinline
func square(x uint64) uint64 { return x * x }

//go:noinline
func double(x uint64) uint64 { return 2 * x }

//go:noinline
func notCalled(x uint64) uint64 { return x + 1 }
