package cgo_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
)

// newMap creates a map of mapType with uint32 keys and uint64 values,
// closed at the end of the test.
func newMap(tb testing.TB, mapType opts.MapType, maxEntries uint32) int {
	tb.Helper()
	testenv.RequirePrivileged(tb)
	fd, err := cgo.MapCreate(mapType, "golibbpf_mapperf", 4, 8, maxEntries, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return testenv.CloseAtEnd(tb, fd)
}

// newFilledMap is newMap with every key 0..n-1 set to its key times 10.
func newFilledMap(tb testing.TB, mapType opts.MapType, n uint32) int {
	tb.Helper()
	fd := newMap(tb, mapType, n)
	for k := range n {
		v := uint64(k) * 10
		if err := cgo.MapUpdateElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&v), opts.BPF_ANY); err != nil {
			tb.Fatal(err)
		}
	}
	return fd
}

var elemMaps = []struct {
	name    string
	mapType opts.MapType
}{
	{"array", opts.MapTypeArray},
	{"hash", opts.MapTypeHash},
}

// Every element call through the byte-pointer wrappers reads and writes
// exactly the key and value the caller passed, and fails with the errno
// and the name of the libbpf function.
func TestMapElemCalls(t *testing.T) {
	testenv.NoLeaks(t)
	for _, m := range elemMaps {
		t.Run(m.name, func(t *testing.T) {
			fd := newFilledMap(t, m.mapType, 8)
			for k := range uint32(8) {
				if got := testenv.Lookup[uint32, uint64](t, fd, k); got != uint64(k)*10 {
					t.Errorf("key %d: value %d, want %d", k, got, k*10)
				}
			}
			k, v := uint32(3), uint64(0xdeadbeefcafe)
			if err := cgo.MapUpdateElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&v), opts.BPF_EXIST); err != nil {
				t.Fatal(err)
			}
			var got uint64
			if err := cgo.MapLookupElemFlags(fd, unsafe.Pointer(&k), unsafe.Pointer(&got), 0); err != nil || got != v {
				t.Fatalf("MapLookupElemFlags = %#x, %v; want %#x", got, err, v)
			}
			err := cgo.MapUpdateElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&v), opts.BPF_NOEXIST)
			testenv.WantErrno(t, err, unix.EEXIST, "bpf_map_update_elem")
			missing := uint32(8)
			err = cgo.MapLookupElem(fd, unsafe.Pointer(&missing), unsafe.Pointer(&got))
			testenv.WantErrno(t, err, unix.ENOENT, "bpf_map_lookup_elem")
			next := uint32(99)
			if err := cgo.MapGetNextKey(fd, nil, unsafe.Pointer(&next)); err != nil || next >= 8 {
				t.Fatalf("MapGetNextKey(nil) = %d, %v; want a key below 8", next, err)
			}
			if m.mapType == opts.MapTypeArray {
				if err := cgo.MapGetNextKey(fd, unsafe.Pointer(&k), unsafe.Pointer(&next)); err != nil || next != 4 {
					t.Errorf("MapGetNextKey(3) = %d, %v; want 4", next, err)
				}
				last := uint32(7)
				err = cgo.MapGetNextKey(fd, unsafe.Pointer(&last), unsafe.Pointer(&next))
				testenv.WantErrno(t, err, unix.ENOENT, "bpf_map_get_next_key")
				err = cgo.MapDeleteElem(fd, unsafe.Pointer(&k))
				testenv.WantErrno(t, err, unix.EINVAL, "bpf_map_delete_elem")
				err = cgo.MapLookupAndDeleteElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&got))
				testenv.WantErrno(t, err, cgo.ENOTSUPP, "bpf_map_lookup_and_delete_elem")
				return
			}
			got = 0
			if err := cgo.MapLookupAndDeleteElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&got)); err != nil || got != v {
				t.Fatalf("MapLookupAndDeleteElem = %#x, %v; want %#x", got, err, v)
			}
			err = cgo.MapLookupElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&got))
			testenv.WantErrno(t, err, unix.ENOENT, "bpf_map_lookup_elem")
			k = 4
			if err := cgo.MapDeleteElemFlags(fd, unsafe.Pointer(&k), 0); err != nil {
				t.Fatal(err)
			}
			err = cgo.MapDeleteElem(fd, unsafe.Pointer(&k))
			testenv.WantErrno(t, err, unix.ENOENT, "bpf_map_delete_elem")
			err = cgo.MapLookupAndDeleteElemFlags(fd, unsafe.Pointer(&k), unsafe.Pointer(&got), 0)
			testenv.WantErrno(t, err, unix.ENOENT, "bpf_map_lookup_and_delete_elem_flags")
			// BPF_F_LOCK needs a bpf_spin_lock in the value; this one has none.
			k = 5
			err = cgo.MapLookupElemFlags(fd, unsafe.Pointer(&k), unsafe.Pointer(&got), opts.BPF_F_LOCK)
			testenv.WantErrno(t, err, unix.EINVAL, "bpf_map_lookup_elem_flags")
		})
	}
}

// Steady-state element calls allocate nothing: the key and value stay on
// the caller's stack, and only a failure builds an error.
func TestMapElemNoAllocs(t *testing.T) {
	for _, m := range elemMaps {
		t.Run(m.name, func(t *testing.T) {
			fd := newFilledMap(t, m.mapType, 16)
			var k uint32
			var next uint32
			allocs := testing.AllocsPerRun(1000, func() {
				var v uint64
				k = (k + 1) & 15
				if err := cgo.MapLookupElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&v)); err != nil {
					t.Fatal(err)
				}
				v++
				if err := cgo.MapUpdateElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&v), opts.BPF_ANY); err != nil {
					t.Fatal(err)
				}
				if err := cgo.MapGetNextKey(fd, nil, unsafe.Pointer(&next)); err != nil {
					t.Fatal(err)
				}
			})
			if allocs != 0 {
				t.Errorf("lookup + update + next key: %v allocations per run, want 0", allocs)
			}
		})
	}
}

// Several goroutines updating and reading one map at once: the calls share
// nothing on the Go side, which -race checks.
func TestMapElemConcurrent(t *testing.T) {
	for _, m := range elemMaps {
		t.Run(m.name, func(t *testing.T) {
			fd := newFilledMap(t, m.mapType, 64)
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			for g := range uint32(4) {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range uint32(2000) {
						k := g*16 + i%16
						v := uint64(k) << 32
						if err := cgo.MapUpdateElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&v), opts.BPF_ANY); err != nil {
							errs <- err
							return
						}
						var got uint64
						if err := cgo.MapLookupElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&got)); err != nil {
							errs <- err
							return
						}
						if got != v {
							errs <- fmt.Errorf("key %d: read %#x after writing %#x", k, got, v)
							return
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
		})
	}
}

// walkBatch reads a map of uint32 keys and uint64 values with
// MapLookupBatch (or MapLookupAndDeleteBatch), batch elements per call,
// until the ENOENT that ends the walk, and returns what it read.
func walkBatch(t *testing.T, fd int, batch uint32, andDelete bool) map[uint32]uint64 {
	t.Helper()
	lookup := cgo.MapLookupBatch
	if andDelete {
		lookup = cgo.MapLookupAndDeleteBatch
	}
	got := map[uint32]uint64{}
	keys := make([]uint32, batch)
	values := make([]uint64, batch)
	var tokens [2]uint32
	var in unsafe.Pointer
	for call := 0; ; call++ {
		if call > 10000 {
			t.Fatal("the walk does not end")
		}
		out := unsafe.Pointer(&tokens[call%2])
		n, err := lookup(fd, in, out, unsafe.Pointer(&keys[0]), unsafe.Pointer(&values[0]), batch, nil)
		if n > batch {
			t.Fatalf("call %d copied %d elements, asked for %d", call, n, batch)
		}
		for i := range n {
			if _, dup := got[keys[i]]; dup {
				t.Fatalf("key %d read twice", keys[i])
			}
			got[keys[i]] = values[i]
		}
		if errors.Is(err, unix.ENOENT) {
			return got
		}
		if err != nil {
			t.Fatalf("call %d: %v", call, err)
		}
		in = out
	}
}

// A batch walk reads every element exactly once, whatever the batch size,
// ends with ENOENT (with the last elements still counted), and allocates
// nothing on the way, the end included.
func TestMapLookupBatchWalk(t *testing.T) {
	testenv.NoLeaks(t)
	const entries = 1000
	want := map[uint32]uint64{}
	for k := range uint32(entries) {
		want[k] = uint64(k) * 10
	}
	for _, m := range elemMaps {
		t.Run(m.name, func(t *testing.T) {
			fd := newFilledMap(t, m.mapType, entries)
			for _, batch := range []uint32{entries, 333, 64} {
				if diff := cmp.Diff(want, walkBatch(t, fd, batch, false)); diff != "" {
					t.Errorf("batch %d: walk differs (-want +got):\n%s", batch, diff)
				}
			}
			keys := make([]uint32, entries)
			values := make([]uint64, entries)
			var token uint32
			allocs := testing.AllocsPerRun(10, func() {
				n, err := cgo.MapLookupBatch(fd, nil, unsafe.Pointer(&token), unsafe.Pointer(&keys[0]),
					unsafe.Pointer(&values[0]), entries, nil)
				if n != entries || (err != nil && !errors.Is(err, unix.ENOENT)) {
					t.Fatalf("MapLookupBatch = %d, %v; want %d", n, err, entries)
				}
				n, err = cgo.MapLookupBatch(fd, unsafe.Pointer(&token), unsafe.Pointer(&token), unsafe.Pointer(&keys[0]),
					unsafe.Pointer(&values[0]), entries, nil)
				if n != 0 || !errors.Is(err, unix.ENOENT) {
					t.Fatalf("MapLookupBatch after the end = %d, %v; want 0, ENOENT", n, err)
				}
			})
			if allocs != 0 {
				t.Errorf("a whole walk makes %v allocations, want 0", allocs)
			}
		})
	}
}

// MapUpdateBatch stores each value at its key; MapDeleteBatch deletes
// hash elements and stops with ENOENT at a missing key; arrays have no
// batch delete and say so.
func TestMapUpdateDeleteBatch(t *testing.T) {
	testenv.NoLeaks(t)
	keys := []uint32{0, 5, 2, 7, 3}
	values := []uint64{100, 105, 102, 107, 103}
	for _, m := range elemMaps {
		t.Run(m.name, func(t *testing.T) {
			fd := newMap(t, m.mapType, 8)
			n, err := cgo.MapUpdateBatch(fd, unsafe.Pointer(&keys[0]), unsafe.Pointer(&values[0]), uint32(len(keys)), nil)
			if err != nil || n != uint32(len(keys)) {
				t.Fatalf("MapUpdateBatch = %d, %v; want %d", n, err, len(keys))
			}
			for i, k := range keys {
				if got := testenv.Lookup[uint32, uint64](t, fd, k); got != values[i] {
					t.Errorf("key %d: value %d, want %d", k, got, values[i])
				}
			}
			n, err = cgo.MapDeleteBatch(fd, unsafe.Pointer(&keys[0]), 2, nil)
			if m.mapType == opts.MapTypeArray {
				testenv.WantErrno(t, err, cgo.ENOTSUPP, "bpf_map_delete_batch")
				if !strings.Contains(err.Error(), "the map type lacks this operation") {
					t.Errorf("error %q does not say that the map type has no batch delete", err)
				}
				var token uint32
				_, err = cgo.MapLookupAndDeleteBatch(fd, nil, unsafe.Pointer(&token), unsafe.Pointer(&keys[0]),
					unsafe.Pointer(&values[0]), 1, nil)
				testenv.WantErrno(t, err, cgo.ENOTSUPP, "bpf_map_lookup_and_delete_batch")
				return
			}
			if err != nil || n != 2 {
				t.Fatalf("MapDeleteBatch = %d, %v; want 2", n, err)
			}
			for _, k := range keys[:2] {
				var v uint64
				err := cgo.MapLookupElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&v))
				testenv.WantErrno(t, err, unix.ENOENT, "bpf_map_lookup_elem")
			}
			// keys[1] is gone: the delete stops there, after keys[2].
			again := []uint32{keys[2], keys[1], keys[3]}
			n, err = cgo.MapDeleteBatch(fd, unsafe.Pointer(&again[0]), uint32(len(again)), nil)
			testenv.WantErrno(t, err, unix.ENOENT, "bpf_map_delete_batch")
			if n != 1 {
				t.Errorf("MapDeleteBatch over a missing key deleted %d, want 1", n)
			}
			if got := testenv.Lookup[uint32, uint64](t, fd, keys[3]); got != values[3] {
				t.Errorf("key %d after the failed delete: %d, want %d", keys[3], got, values[3])
			}
		})
	}
}

// MapLookupAndDeleteBatch returns every element and leaves the hash empty.
func TestMapLookupAndDeleteBatch(t *testing.T) {
	testenv.NoLeaks(t)
	const entries = 300
	fd := newFilledMap(t, opts.MapTypeHash, entries)
	got := walkBatch(t, fd, 64, true)
	if len(got) != entries {
		t.Errorf("read and deleted %d elements, want %d", len(got), entries)
	}
	for k, v := range got {
		if v != uint64(k)*10 {
			t.Errorf("key %d: value %d, want %d", k, v, k*10)
		}
	}
	var next uint32
	err := cgo.MapGetNextKey(fd, nil, unsafe.Pointer(&next))
	testenv.WantErrno(t, err, unix.ENOENT, "bpf_map_get_next_key")
}

// Bad input is refused before the system call with EINVAL naming the
// field; the kernel's own refusals name the libbpf function.
func TestMapBatchBadInput(t *testing.T) {
	testenv.NoLeaks(t)
	fd := newFilledMap(t, opts.MapTypeHash, 4)
	keys := make([]uint32, 4)
	values := make([]uint64, 4)
	k, v := unsafe.Pointer(&keys[0]), unsafe.Pointer(&values[0])
	var token uint32
	tok := unsafe.Pointer(&token)
	tests := []struct {
		name  string
		call  func() (uint32, error)
		field string
	}{
		{"lookup BPF_EXIST", func() (uint32, error) {
			return cgo.MapLookupBatch(fd, nil, tok, k, v, 4, &opts.MapBatch{ElemFlags: opts.BPF_EXIST})
		}, "ElemFlags"},
		{"update BPF_NOEXIST", func() (uint32, error) {
			return cgo.MapUpdateBatch(fd, k, v, 4, &opts.MapBatch{ElemFlags: opts.BPF_NOEXIST})
		}, "ElemFlags"},
		{"lookup nil outBatch", func() (uint32, error) { return cgo.MapLookupBatch(fd, nil, nil, k, v, 4, nil) }, "outBatch"},
		{"lookup-and-delete nil outBatch", func() (uint32, error) {
			return cgo.MapLookupAndDeleteBatch(fd, nil, nil, k, v, 4, nil)
		}, "outBatch"},
		{"lookup nil keys", func() (uint32, error) { return cgo.MapLookupBatch(fd, nil, tok, nil, v, 4, nil) }, "keys"},
		{"update nil values", func() (uint32, error) { return cgo.MapUpdateBatch(fd, k, nil, 4, nil) }, "values"},
		{"delete nil keys", func() (uint32, error) { return cgo.MapDeleteBatch(fd, nil, 4, nil) }, "keys"},
	}
	for _, tt := range tests {
		n, err := tt.call()
		var fe *opts.FieldError
		if !errors.As(err, &fe) || fe.Field != tt.field || !errors.Is(err, unix.EINVAL) || n != 0 {
			t.Errorf("%s: got %d, %v; want 0 and an EINVAL *opts.FieldError for %s", tt.name, n, err, tt.field)
		}
	}
	// Nothing was deleted or changed by the refused calls.
	if got := walkBatch(t, fd, 4, false); len(got) != 4 {
		t.Errorf("after the refused calls the map has %d elements, want 4", len(got))
	}
	// The kernel: BPF_F_LOCK needs a bpf_spin_lock in the value.
	_, err := cgo.MapLookupBatch(fd, nil, tok, k, v, 4, &opts.MapBatch{ElemFlags: opts.BPF_F_LOCK})
	testenv.WantErrno(t, err, unix.EINVAL, "bpf_map_lookup_batch")
	// A count of 0 copies nothing and is no error.
	if n, err := cgo.MapLookupBatch(fd, nil, tok, nil, nil, 0, nil); n != 0 || err != nil {
		t.Errorf("MapLookupBatch of 0 = %d, %v; want 0, nil", n, err)
	}
}
