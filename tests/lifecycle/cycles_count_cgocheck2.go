//go:build goexperiment.cgocheck2

package lifecycle

// cycles is how many open → load → attach → destroy cycles
// TestThousandCycles runs. Under cgocheck2 (make test's second run of the
// suite) it is a tenth of the full run's 1 000: each cycle loads two
// programs, and the kernel frees JITed programs from a shared workqueue
// that we keep from flooding.
const cycles = 100
