package skel_test

import (
	"testing"
	"unsafe"

	"github.com/golibbpf/golibbpf/cgo/cbench"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/skel"
)

const benchKeys = 1024 // a power of two, as cbench's loops need

// benchMap loads skel_bench and returns its map name as a typed view, with
// every key present.
func benchMap(b *testing.B, name string) (*skel.TypedMap[uint32, uint64], int) {
	testenv.RequirePrivileged(b)
	obj, err := skel.Open(testenv.BPFObject(b, "skel_bench"), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { obj.Destroy() })
	if err := obj.Load(); err != nil {
		b.Fatal(err)
	}
	m, err := obj.Map(name)
	if err != nil {
		b.Fatal(err)
	}
	tm, err := skel.MapOf[uint32, uint64](m)
	if err != nil {
		b.Fatal(err)
	}
	for k := uint32(0); k < benchKeys; k++ {
		if err := tm.Update(k, uint64(k), 0); err != nil {
			b.Fatal(err)
		}
	}
	fd, _ := m.FD()
	return tm, fd
}

func BenchmarkTypedMapLookup(b *testing.B) {
	for _, name := range []string{"bench_array", "bench_hash"} {
		b.Run(name, func(b *testing.B) {
			tm, fd := benchMap(b, name)
			var v uint64
			cbench.Compare(b, 1000, func(n int) {
				for i := range n {
					k := uint32(i) & (benchKeys - 1)
					if err := tm.LookupInto(&k, &v); err != nil {
						b.Fatal(err)
					}
				}
			}, func(n int) {
				if err := cbench.MapLookupLoop(fd, benchKeys, unsafe.Pointer(&v), n); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

func BenchmarkTypedMapUpdate(b *testing.B) {
	for _, name := range []string{"bench_array", "bench_hash"} {
		b.Run(name, func(b *testing.B) {
			tm, fd := benchMap(b, name)
			v := uint64(42)
			cbench.Compare(b, 1000, func(n int) {
				for i := range n {
					if err := tm.Update(uint32(i)&(benchKeys-1), v, 0); err != nil {
						b.Fatal(err)
					}
				}
			}, func(n int) {
				if err := cbench.MapUpdateLoop(fd, benchKeys, unsafe.Pointer(&v), 0, n); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}
