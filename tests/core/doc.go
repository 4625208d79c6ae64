// Package core tests the parts of the cgo binding that are not links:
// raw program loads and the verifier log, BPF_PROG_TEST_RUN, maps, object
// opening errors, and libbpf's log routing.
package core
