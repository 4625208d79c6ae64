package cgo

/*
#include <bpf/libbpf.h>
*/
import "C"

// LibbpfNumPossibleCPUs is libbpf_num_possible_cpus: how many CPUs the
// kernel may ever bring up, the number of values a per-CPU map holds per key.
func LibbpfNumPossibleCPUs() (int, error) {
	n := C.libbpf_num_possible_cpus()
	if n < 0 {
		return 0, fail(n, "libbpf_num_possible_cpus", "")
	}
	return int(n), nil
}

// ObjectEqual reports whether a and b are the same struct bpf_object.
func ObjectEqual(a, b *Object) bool { return a != nil && b != nil && a.p == b.p }

// MapEqual reports whether a and b are the same struct bpf_map.
func MapEqual(a, b *Map) bool { return a != nil && b != nil && a.p == b.p }
