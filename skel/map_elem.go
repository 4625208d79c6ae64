package skel

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
)

// Element operations on byte slices. A key is KeySize bytes and a value
// ValueBufferSize bytes (for per-CPU maps, every possible CPU's value, each
// rounded up to 8 bytes). The slices are handed to the kernel as they are:
// nothing is copied or allocated on success. ENOENT comes back wrapped
// together with ErrKeyNotExist.

// enter takes the object's shared lock for an element operation and checks
// the phase; on success the caller must call m.obj.mu.RUnlock.
func (m *Map) enter() error {
	m.obj.mu.RLock()
	if m.obj.state.Load() != stateLoaded || m.fd < 0 {
		m.obj.mu.RUnlock()
		return m.notReady()
	}
	return nil
}

//go:noinline
func (m *Map) notReady() error {
	if _, err := m.FD(); err != nil {
		return err
	}
	return m.obj.alive("map " + m.name)
}

// ptr returns the address of b's first byte, nil for an empty b.
func ptr(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Pointer(&b[0])
}

//go:noinline
func (m *Map) sizeError(op, what string, got, want int) error {
	return &mapError{op: op, name: m.name, err: fmt.Errorf("%s is %d bytes, want %d: %w", what, got, want, unix.EINVAL)}
}

// viewError reports a typed view whose sizes are no longer the map's: a
// setter changed the key or value size (or the type) after MapOf.
//
//go:noinline
func (m *Map) viewError(op string, keySize, valueBuf uint32) error {
	return &mapError{op: op, name: m.name, err: fmt.Errorf("typed view has %d-byte keys and %d-byte values, the loaded map %d and %d: %w",
		keySize, valueBuf, m.keySize, m.valueBuf, unix.EINVAL)}
}

//go:noinline
func (m *Map) opError(op string, err error) error {
	return &mapError{op: op, name: m.name, err: err}
}

func (m *Map) checkKV(op string, key, value []byte, withValue bool) error {
	if len(key) != int(m.keySize) {
		return m.sizeError(op, "key", len(key), int(m.keySize))
	}
	if withValue && len(value) != int(m.valueBuf) {
		return m.sizeError(op, "value", len(value), int(m.valueBuf))
	}
	return nil
}

// Lookup copies the value at key into value (bpf_map_lookup_elem).
func (m *Map) Lookup(key, value []byte) error { return m.LookupFlags(key, value, 0) }

// LookupFlags is Lookup with flags (BPF_F_LOCK).
func (m *Map) LookupFlags(key, value []byte, flags uint64) error {
	if err := m.enter(); err != nil {
		return err
	}
	defer m.obj.mu.RUnlock()
	if err := m.checkKV("lookup", key, value, true); err != nil {
		return err
	}
	var err error
	if flags == 0 {
		err = cgo.MapLookupElem(m.fd, ptr(key), ptr(value))
	} else {
		err = cgo.MapLookupElemFlags(m.fd, ptr(key), ptr(value), flags)
	}
	if err != nil {
		return m.opError("lookup", err)
	}
	return nil
}

// Update stores value at key (bpf_map_update_elem) with flags: BPF_ANY,
// BPF_NOEXIST, BPF_EXIST, optionally with BPF_F_LOCK.
func (m *Map) Update(key, value []byte, flags uint64) error {
	if err := m.enter(); err != nil {
		return err
	}
	defer m.obj.mu.RUnlock()
	if err := m.checkKV("update", key, value, true); err != nil {
		return err
	}
	if err := cgo.MapUpdateElem(m.fd, ptr(key), ptr(value), flags); err != nil {
		return m.opError("update", err)
	}
	return nil
}

// Delete deletes key (bpf_map_delete_elem).
func (m *Map) Delete(key []byte) error {
	if err := m.enter(); err != nil {
		return err
	}
	defer m.obj.mu.RUnlock()
	if err := m.checkKV("delete", key, nil, false); err != nil {
		return err
	}
	if err := cgo.MapDeleteElem(m.fd, ptr(key)); err != nil {
		return m.opError("delete", err)
	}
	return nil
}

// LookupAndDelete copies the value at key into value and deletes it
// (bpf_map_lookup_and_delete_elem); for queues and stacks key is empty.
func (m *Map) LookupAndDelete(key, value []byte) error {
	if err := m.enter(); err != nil {
		return err
	}
	defer m.obj.mu.RUnlock()
	if err := m.checkKV("lookup and delete", key, value, true); err != nil {
		return err
	}
	if err := cgo.MapLookupAndDeleteElem(m.fd, ptr(key), ptr(value)); err != nil {
		return m.opError("lookup and delete", err)
	}
	return nil
}

// NextKey writes the key after key into next (bpf_map_get_next_key); a nil
// key asks for the first key. After the last key the error wraps
// ErrKeyNotExist.
func (m *Map) NextKey(key, next []byte) error {
	if err := m.enter(); err != nil {
		return err
	}
	defer m.obj.mu.RUnlock()
	if key != nil && len(key) != int(m.keySize) {
		return m.sizeError("next key", "key", len(key), int(m.keySize))
	}
	if len(next) != int(m.keySize) {
		return m.sizeError("next key", "next", len(next), int(m.keySize))
	}
	if err := cgo.MapGetNextKey(m.fd, ptr(key), ptr(next)); err != nil {
		return m.opError("next key", err)
	}
	return nil
}
