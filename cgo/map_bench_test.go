package cgo_test

import (
	"errors"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/cgo/cbench"
	"github.com/golibbpf/golibbpf/opts"
)

// The benchmarks run the same map operations through cgo (one Go call per
// operation, as skel makes them) and in a C loop of package cbench (no cgo
// transition per operation), interleaved in chunks so that both see the
// same machine load, each going first in every other chunk. ns/op is the
// mean of the cgo path alone, C-ns/op the mean of the C loop, x_of_C the
// median ratio of adjacent chunks and extra-ns/op the median of what the
// cgo path costs more per operation. allocs/op counts the cgo path (the C
// loop allocates nothing in Go).

// benchKeys is the number of distinct keys the single-element benchmarks
// cycle through, a power of two as cbench wants.
const benchKeys = 1024

// BenchmarkCgoTransition is the floor of the single-element ratios: one
// call from Go to a C function that does nothing.
func BenchmarkCgoTransition(b *testing.B) {
	var key uint32
	var value uint64
	b.ReportAllocs()
	for b.Loop() {
		cbench.Nothing(unsafe.Pointer(&key), unsafe.Pointer(&value))
	}
}

var benchMaps = []struct {
	name    string
	mapType opts.MapType
}{
	{"array", opts.MapTypeArray},
	{"hash", opts.MapTypeHash},
}

func BenchmarkMapLookupElem(b *testing.B) {
	for _, m := range benchMaps {
		b.Run(m.name, func(b *testing.B) {
			fd := newFilledMap(b, m.mapType, benchKeys)
			var value uint64
			cbench.Compare(b, 1000, func(n int) {
				for i := range n {
					key := uint32(i) & (benchKeys - 1)
					if err := cgo.MapLookupElem(fd, unsafe.Pointer(&key), unsafe.Pointer(&value)); err != nil {
						b.Fatal(err)
					}
				}
			}, func(n int) {
				if err := cbench.MapLookupLoop(fd, benchKeys, unsafe.Pointer(&value), n); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

func BenchmarkMapUpdateElem(b *testing.B) {
	for _, m := range benchMaps {
		b.Run(m.name, func(b *testing.B) {
			fd := newFilledMap(b, m.mapType, benchKeys)
			value := uint64(42)
			cbench.Compare(b, 1000, func(n int) {
				for i := range n {
					key := uint32(i) & (benchKeys - 1)
					if err := cgo.MapUpdateElem(fd, unsafe.Pointer(&key), unsafe.Pointer(&value), opts.BPF_ANY); err != nil {
						b.Fatal(err)
					}
				}
			}, func(n int) {
				if err := cbench.MapUpdateLoop(fd, benchKeys, unsafe.Pointer(&value), opts.BPF_ANY, n); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// batchEntries is the size of the map the batch benchmark reads whole, in
// one bpf_map_lookup_batch call (and, for an array, a second that finds the
// end), through cgo and from C.
const batchEntries = 10000

func BenchmarkMapLookupBatch(b *testing.B) {
	for _, m := range benchMaps {
		b.Run(m.name, func(b *testing.B) {
			fd := newFilledMap(b, m.mapType, batchEntries)
			keys := make([]uint32, batchEntries)
			values := make([]uint64, batchEntries)
			cbench.Compare(b, 1, func(n int) {
				for range n {
					if got := lookupAll(b, fd, keys, values, batchEntries); got != batchEntries {
						b.Fatalf("read %d elements, want %d", got, batchEntries)
					}
				}
			}, func(n int) {
				for range n {
					got, err := cbench.MapLookupBatchAll(fd, unsafe.Pointer(&keys[0]), unsafe.Pointer(&values[0]), 4, 8, batchEntries, batchEntries)
					if err != nil || got != batchEntries {
						b.Fatalf("C read %d elements, %v; want %d", got, err, batchEntries)
					}
				}
			})
		})
	}
}

// lookupAll reads a map of uint32 keys and uint64 values whole with
// cgo.MapLookupBatch, batch elements per call, until the end of the map or
// until keys and values are full, as cbench.MapLookupBatchAll does in C, and
// returns how many elements it read.
func lookupAll(tb testing.TB, fd int, keys []uint32, values []uint64, batch uint32) int {
	var tokens [2]uint32
	var in unsafe.Pointer
	out := unsafe.Pointer(&tokens[0])
	total := 0
	for {
		n, err := cgo.MapLookupBatch(fd, in, out, unsafe.Pointer(&keys[total]), unsafe.Pointer(&values[total]),
			min(batch, uint32(len(keys)-total)), nil)
		total += int(n)
		if errors.Is(err, unix.ENOENT) {
			return total
		}
		if err != nil {
			tb.Fatal(err)
		}
		if total == len(keys) {
			return total
		}
		in = out
		if out == unsafe.Pointer(&tokens[0]) {
			out = unsafe.Pointer(&tokens[1])
		} else {
			out = unsafe.Pointer(&tokens[0])
		}
	}
}
