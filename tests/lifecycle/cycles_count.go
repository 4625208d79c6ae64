//go:build !goexperiment.cgocheck2

package lifecycle

// cycles is how many open → load → attach → destroy cycles
// TestThousandCycles runs.
const cycles = 1000
