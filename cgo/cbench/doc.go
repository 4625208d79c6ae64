// Package cbench holds C baselines for golibbpf's benchmarks: small C loops
// over libbpf calls (map element operations, ring_buffer__consume,
// perf_buffer__consume) that a Go benchmark times in the same run as the Go
// code it compares them with, so the reported ratio is measured, not quoted.
//
// It is test-support code: the only package besides cgo that imports "C",
// and it is imported only by benchmarks. Each file wraps one libbpf feature;
// C memory a baseline allocates is freed by its Close method.
package cbench
