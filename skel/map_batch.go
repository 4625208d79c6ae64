package skel

import (
	"errors"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/opts"
)

// A BatchCursor is the position of a batch walk over a map (LookupBatch,
// LookupAndDeleteBatch). The zero value starts at the beginning; Done
// reports the end. Reset starts over; a cursor may be reused, without
// allocating, for walks over maps with the same key size.
type BatchCursor struct {
	in, out []byte
	started bool
	done    bool
}

// Done reports whether the walk reached the end of the map.
func (c *BatchCursor) Done() bool { return c.done }

// Reset moves the cursor back to the beginning.
func (c *BatchCursor) Reset() { c.started, c.done = false, false }

// tokens returns the in and out token pointers for the next call.
func (c *BatchCursor) tokens(keySize uint32) (in, out []byte) {
	n := max(int(keySize), 8)
	if len(c.out) < n {
		c.in, c.out = make([]byte, n), make([]byte, n)
	}
	if !c.started {
		return nil, c.out
	}
	return c.in, c.out
}

// batchCount checks that keys and values hold whole elements and returns
// how many.
func (m *Map) batchCount(op string, keys, values []byte, withValues bool) (uint32, error) {
	if m.keySize == 0 || len(keys)%int(m.keySize) != 0 {
		return 0, m.sizeError(op, "keys", len(keys), int(m.keySize))
	}
	n := len(keys) / int(m.keySize)
	if withValues && len(values) != n*int(m.valueBuf) {
		return 0, m.sizeError(op, "values", len(values), n*int(m.valueBuf))
	}
	return uint32(n), nil
}

// LookupBatch copies the next elements of the walk c into keys and values
// (as many as keys has room for: len(keys)/KeySize, with values of
// ValueBufferSize bytes each) and returns how many it copied
// (bpf_map_lookup_batch). At the end of the map c.Done() turns true; the
// last call may copy fewer elements, or none.
func (m *Map) LookupBatch(c *BatchCursor, keys, values []byte, o *opts.MapBatch) (int, error) {
	return m.lookupBatch("lookup batch", cgo.MapLookupBatch, c, keys, values, o)
}

// LookupAndDeleteBatch is LookupBatch, deleting the elements it copies
// (bpf_map_lookup_and_delete_batch).
func (m *Map) LookupAndDeleteBatch(c *BatchCursor, keys, values []byte, o *opts.MapBatch) (int, error) {
	return m.lookupBatch("lookup and delete batch", cgo.MapLookupAndDeleteBatch, c, keys, values, o)
}

type batchLookupFunc = func(fd int, inBatch, outBatch, keys, values unsafe.Pointer, count uint32, o *opts.MapBatch) (uint32, error)

func (m *Map) lookupBatch(op string, fn batchLookupFunc, c *BatchCursor, keys, values []byte, o *opts.MapBatch) (int, error) {
	if err := m.enter(); err != nil {
		return 0, err
	}
	defer m.obj.mu.RUnlock()
	if c.done {
		return 0, nil
	}
	n, err := m.batchCount(op, keys, values, true)
	if err != nil {
		return 0, err
	}
	in, out := c.tokens(m.keySize)
	got, err := fn(m.fd, ptr(in), ptr(out), ptr(keys), ptr(values), n, o)
	if errors.Is(err, unix.ENOENT) {
		c.done = true
		err = nil
	}
	if err != nil {
		return int(got), m.opError(op, err)
	}
	c.in, c.out = c.out, c.in
	c.started = true
	return int(got), nil
}

// UpdateBatch stores the elements of keys and values, the i-th value at
// the i-th key (bpf_map_update_batch), and returns how many it stored. The
// element flags (BPF_ANY, BPF_NOEXIST, BPF_EXIST, BPF_F_LOCK) are
// o.ElemFlags.
func (m *Map) UpdateBatch(keys, values []byte, o *opts.MapBatch) (int, error) {
	if err := m.enter(); err != nil {
		return 0, err
	}
	defer m.obj.mu.RUnlock()
	n, err := m.batchCount("update batch", keys, values, true)
	if err != nil {
		return 0, err
	}
	got, err := cgo.MapUpdateBatch(m.fd, ptr(keys), ptr(values), n, o)
	if err != nil {
		return int(got), m.opError("update batch", err)
	}
	return int(got), nil
}

// DeleteBatch deletes the keys of keys (bpf_map_delete_batch) and returns
// how many it deleted; a missing key stops it with an error wrapping
// ErrKeyNotExist. Arrays have no batch delete.
func (m *Map) DeleteBatch(keys []byte, o *opts.MapBatch) (int, error) {
	if err := m.enter(); err != nil {
		return 0, err
	}
	defer m.obj.mu.RUnlock()
	n, err := m.batchCount("delete batch", keys, nil, false)
	if err != nil {
		return 0, err
	}
	got, err := cgo.MapDeleteBatch(m.fd, ptr(keys), n, o)
	if err != nil {
		return int(got), m.opError("delete batch", err)
	}
	return int(got), nil
}
