package skel_test

import (
	"encoding/binary"
	"errors"
	"sync"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/opts"
	"github.com/golibbpf/golibbpf/skel"
)

type pair struct {
	A    uint64
	B, C uint32
}

func TestMapBytes(t *testing.T) {
	obj := load(t, "skel_basic")
	m := must[*skel.Map](t)(obj.Map("hash"))
	key := binary.LittleEndian.AppendUint32(nil, 5)
	value := make([]byte, 16)
	value[0] = 9
	if err := m.Update(key, value, opts.BPF_NOEXIST); err != nil {
		t.Fatal(err)
	}
	wantIs(t, m.Update(key, value, opts.BPF_NOEXIST), unix.EEXIST)
	got := make([]byte, 16)
	if err := m.Lookup(key, got); err != nil || got[0] != 9 {
		t.Fatalf("Lookup: %v %v", got, err)
	}
	next := make([]byte, 4)
	if err := m.NextKey(nil, next); err != nil || string(next) != string(key) {
		t.Fatalf("NextKey: %v %v", next, err)
	}
	wantIs(t, m.NextKey(key, next), skel.ErrKeyNotExist)
	if err := m.LookupAndDelete(key, got); err != nil {
		t.Fatalf("LookupAndDelete: %v", err)
	}
	err := m.Lookup(key, got)
	wantIs(t, err, skel.ErrKeyNotExist)
	wantIs(t, err, unix.ENOENT)
	wantIs(t, m.Delete(key), skel.ErrKeyNotExist)
	wantIs(t, m.Lookup(key[:2], got), unix.EINVAL)
	wantIs(t, m.Lookup(key, got[:8]), unix.EINVAL)

	for i := uint32(0); i < 10; i++ {
		k := binary.LittleEndian.AppendUint32(nil, i)
		if err := m.Update(k, value, 0); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for k, v := range m.All() {
		if len(k) != 4 || v[0] != 9 {
			t.Fatalf("All: %v %v", k, v)
		}
		n++
	}
	if n != 10 {
		t.Errorf("All yielded %d elements", n)
	}
}

func TestTypedMaps(t *testing.T) {
	obj := load(t, "skel_basic")
	hm := must[*skel.Map](t)(obj.Map("hash"))
	if _, err := skel.MapOf[uint32, uint64](hm); !errors.Is(err, unix.EINVAL) {
		t.Errorf("MapOf with the wrong value size: %v", err)
	}
	if _, err := skel.MapOf[uint32, struct {
		P *int
		_ [8]byte
	}](hm); !errors.Is(err, unix.EINVAL) {
		t.Errorf("MapOf with a pointer value: %v", err)
	}
	h := must[*skel.TypedMap[uint32, pair]](t)(skel.MapOf[uint32, pair](hm))
	for i := uint32(1); i <= 5; i++ {
		if err := h.Update(i, pair{A: uint64(i) * 10, B: i}, opts.BPF_ANY); err != nil {
			t.Fatal(err)
		}
	}
	if v, err := h.Lookup(3); err != nil || v.A != 30 || v.B != 3 {
		t.Fatalf("Lookup(3) = %+v, %v", v, err)
	}
	sum := uint64(0)
	for k, v := range h.All() {
		if v.B != k {
			t.Errorf("All: %d → %+v", k, v)
		}
		sum += v.A
	}
	if sum != 150 {
		t.Errorf("sum %d", sum)
	}
	if v, err := h.LookupAndDelete(5); err != nil || v.A != 50 {
		t.Fatalf("LookupAndDelete(5) = %+v, %v", v, err)
	}
	if err := h.Delete(4); err != nil {
		t.Fatal(err)
	}
	_, err := h.Lookup(4)
	wantIs(t, err, skel.ErrKeyNotExist)

	// Batches.
	keys := []uint32{10, 11, 12, 13}
	vals := []pair{{A: 1}, {A: 2}, {A: 3}, {A: 4}}
	if n, err := h.UpdateBatch(keys, vals, nil); err != nil || n != 4 {
		t.Fatalf("UpdateBatch: %d, %v", n, err)
	}
	var c skel.BatchCursor
	total := 0
	kb, vb := make([]uint32, 3), make([]pair, 3)
	for !c.Done() {
		n, err := h.LookupBatch(&c, kb, vb, nil)
		if err != nil {
			t.Fatal(err)
		}
		total += n
	}
	if total != 7 { // 1, 2, 3 and 10..13
		t.Errorf("LookupBatch walked %d elements, want 7", total)
	}
	if n, err := h.DeleteBatch(keys, nil); err != nil || n != 4 {
		t.Fatalf("DeleteBatch: %d, %v", n, err)
	}

	// Per-CPU: 4-byte values (padded to 8 per CPU) and 8-byte ones.
	pm := must[*skel.Map](t)(obj.Map("percpu"))
	if _, err := skel.MapOf[uint32, uint32](pm); err == nil {
		t.Error("MapOf accepted a per-CPU map")
	}
	p := must[*skel.PerCPUMap[uint32, uint32]](t)(skel.PerCPUMapOf[uint32, uint32](pm))
	vs := make([]uint32, p.CPUs())
	for i := range vs {
		vs[i] = uint32(100 + i)
	}
	if err := p.Update(1, vs, 0); err != nil {
		t.Fatal(err)
	}
	got := make([]uint32, p.CPUs())
	if err := p.Lookup(1, got); err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if got[i] != uint32(100+i) {
			t.Fatalf("cpu %d: %d", i, got[i])
		}
	}
	raw := make([]byte, pm.ValueBufferSize())
	if err := pm.Lookup(binary.LittleEndian.AppendUint32(nil, 1), raw); err != nil || len(raw) != 8*p.CPUs() || raw[8] != 101&0xff && p.CPUs() > 1 {
		t.Fatalf("per-CPU bytes %v, %v", raw, err)
	}
	ph := must[*skel.PerCPUMap[uint32, uint64]](t)(skel.PerCPUMapOf[uint32, uint64](must[*skel.Map](t)(obj.Map("percpu_hash"))))
	v64 := make([]uint64, ph.CPUs())
	v64[0] = 77
	if err := ph.Update(3, v64, 0); err != nil {
		t.Fatal(err)
	}
	clear(v64)
	if err := ph.Lookup(3, v64); err != nil || v64[0] != 77 {
		t.Fatalf("per-CPU hash: %v %v", v64, err)
	}
}

func TestMapOpsAllocateNothing(t *testing.T) {
	obj := load(t, "skel_basic")
	am := must[*skel.Map](t)(obj.Map("array"))
	a := must[*skel.TypedMap[uint32, uint64]](t)(skel.MapOf[uint32, uint64](am))
	h := must[*skel.TypedMap[uint32, pair]](t)(skel.MapOf[uint32, pair](must[*skel.Map](t)(obj.Map("hash"))))
	p := must[*skel.PerCPUMap[uint32, uint32]](t)(skel.PerCPUMapOf[uint32, uint32](must[*skel.Map](t)(obj.Map("percpu"))))
	if err := h.Update(1, pair{}, 0); err != nil {
		t.Fatal(err)
	}
	key, value := make([]byte, 4), make([]byte, 8)
	vs := make([]uint32, p.CPUs())
	var c skel.BatchCursor
	kb, vb := make([]uint32, 16), make([]uint64, 16)
	for name, fn := range map[string]func() error{
		"Map.Lookup":          func() error { return am.Lookup(key, value) },
		"Map.Update":          func() error { return am.Update(key, value, 0) },
		"TypedMap.Lookup":     func() error { _, err := a.Lookup(3); return err },
		"TypedMap.Update":     func() error { return a.Update(3, 4, 0) },
		"TypedMap.LookupHash": func() error { _, err := h.Lookup(1); return err },
		"TypedMap.UpdateHash": func() error { return h.Update(1, pair{A: 1}, opts.BPF_EXIST) },
		"PerCPUMap.Lookup":    func() error { return p.Lookup(0, vs) },
		"PerCPUMap.Update":    func() error { return p.Update(0, vs, 0) },
		"Map.LookupBatch": func() error {
			c.Reset()
			_, err := a.LookupBatch(&c, kb, vb, nil)
			return err
		},
	} {
		if err := fn(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n := testing.AllocsPerRun(100, func() { fn() }); n != 0 {
			t.Errorf("%s: %v allocations per op, want 0", name, n)
		}
	}
}

func TestConcurrentMapOps(t *testing.T) {
	obj := load(t, "skel_basic")
	h := must[*skel.TypedMap[uint32, pair]](t)(skel.MapOf[uint32, pair](must[*skel.Map](t)(obj.Map("hash"))))
	bss := must[*skel.DataSection](t)(obj.DataSection(".bss"))
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := uint32(0); g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 8)
			for i := uint32(0); i < 200; i++ {
				k := g*1000 + i%50
				if err := h.Update(k, pair{A: uint64(k)}, 0); err != nil {
					errs <- err
					return
				}
				if v, err := h.Lookup(k); err != nil || v.A != uint64(k) {
					errs <- err
					return
				}
				if i%3 == 0 {
					if err := h.Delete(k); err != nil && !errors.Is(err, skel.ErrKeyNotExist) {
						errs <- err
						return
					}
				}
				if _, err := bss.ReadAt(buf, 0); err != nil {
					errs <- err
					return
				}
				for range h.Keys() {
					break
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestTypedMapSizeChangedAfterMapOf proves that a typed view made in the
// open phase (as generated skeletons make them) refuses a map whose sizes
// a setter changed before Load, instead of letting the kernel write past K
// or V.
func TestTypedMapSizeChangedAfterMapOf(t *testing.T) {
	obj := open(t, "skel_basic", nil)
	hm := must[*skel.Map](t)(obj.Map("hash"))
	pm := must[*skel.Map](t)(obj.Map("percpu"))
	h := must[*skel.TypedMap[uint32, pair]](t)(skel.MapOf[uint32, pair](hm))
	p := must[*skel.PerCPUMap[uint32, uint32]](t)(skel.PerCPUMapOf[uint32, uint32](pm))
	if err := hm.SetValueSize(32); err != nil {
		t.Fatal(err)
	}
	if err := pm.SetValueSize(16); err != nil {
		t.Fatal(err)
	}
	if err := obj.Load(); err != nil {
		t.Fatalf("%+v", err)
	}
	if err := hm.Update(make([]byte, 4), make([]byte, 32), opts.BPF_ANY); err != nil {
		t.Fatalf("byte update with the new size: %v", err)
	}
	if err := h.Update(0, pair{}, opts.BPF_ANY); !errors.Is(err, unix.EINVAL) {
		t.Errorf("typed Update after a value size change: %v", err)
	}
	if _, err := h.Lookup(0); !errors.Is(err, unix.EINVAL) {
		t.Errorf("typed Lookup after a value size change: %v", err)
	}
	for _, err := range h.Keys() {
		if !errors.Is(err, unix.EINVAL) {
			t.Errorf("typed Keys after a value size change: %v", err)
		}
	}
	vals := make([]uint32, p.CPUs())
	if err := p.Lookup(0, vals); !errors.Is(err, unix.EINVAL) {
		t.Errorf("per-CPU Lookup after a value size change: %v", err)
	}
	if err := p.Update(0, vals, opts.BPF_ANY); !errors.Is(err, unix.EINVAL) {
		t.Errorf("per-CPU Update after a value size change: %v", err)
	}
}
