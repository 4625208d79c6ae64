package skel

import (
	"errors"
	"fmt"
	"iter"
	"reflect"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/opts"
)

// A TypedMap is a typed view of a Map whose keys are K and values V, Go
// types of exactly the map's key and value size, without pointers. Its
// single-element operations pass the caller's K and V to the kernel
// directly and allocate nothing.
type TypedMap[K, V any] struct {
	m *Map
	// The key and value buffer sizes the view was made for. Open-phase
	// setters may still change the map's after MapOf; every operation
	// compares them with the loaded map's, so that the kernel never writes
	// past a K or V.
	keySize, valueBuf uint32
}

// MapOf returns a typed view of m, checking that K and V have the map's key
// and value sizes and hold no Go pointers. For per-CPU maps use PerCPUMapOf.
func MapOf[K, V any](m *Map) (*TypedMap[K, V], error) {
	var k K
	var v V
	if err := checkType(m, "key", reflect.TypeFor[K](), unsafe.Sizeof(k), m.KeySize()); err != nil {
		return nil, err
	}
	if m.PerCPU() {
		return nil, fmt.Errorf("map %q is per-CPU: use PerCPUMapOf: %w", m.name, unix.EINVAL)
	}
	if err := checkType(m, "value", reflect.TypeFor[V](), unsafe.Sizeof(v), m.ValueSize()); err != nil {
		return nil, err
	}
	return &TypedMap[K, V]{m: m, keySize: uint32(unsafe.Sizeof(k)), valueBuf: uint32(unsafe.Sizeof(v))}, nil
}

// enter is Map.enter for a typed view: it also refuses a map whose loaded
// key or value buffer size is not the view's.
func (t *TypedMap[K, V]) enter(op string) error {
	m := t.m
	if err := m.enter(); err != nil {
		return err
	}
	if m.keySize != t.keySize || m.valueBuf != t.valueBuf {
		m.obj.mu.RUnlock()
		return m.viewError(op, t.keySize, t.valueBuf)
	}
	return nil
}

func checkType(m *Map, what string, t reflect.Type, size uintptr, want uint32) error {
	if err := m.obj.alive("map " + m.name); err != nil {
		return err
	}
	if size != uintptr(want) {
		return fmt.Errorf("map %q: %s type %v is %d bytes, the map's %s is %d: %w", m.name, what, t, size, what, want, unix.EINVAL)
	}
	if hasPointers(t) {
		return fmt.Errorf("map %q: %s type %v holds Go pointers: %w", m.name, what, t, unix.EINVAL)
	}
	return nil
}

// hasPointers reports whether values of t hold Go pointers, which must not
// be copied into kernel memory.
func hasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Array:
		return t.Len() > 0 && hasPointers(t.Elem())
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if hasPointers(t.Field(i).Type) {
				return true
			}
		}
		return false
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return false
	}
	return true
}

// Map returns the underlying map.
func (t *TypedMap[K, V]) Map() *Map { return t.m }

// Lookup returns the value at key.
func (t *TypedMap[K, V]) Lookup(key K) (V, error) {
	var v V
	err := t.LookupInto(&key, &v)
	return v, err
}

// LookupInto copies the value at *key into *value; it is Lookup without
// copying K and V.
func (t *TypedMap[K, V]) LookupInto(key *K, value *V) error {
	m := t.m
	if err := t.enter("lookup"); err != nil {
		return err
	}
	defer m.obj.mu.RUnlock()
	if err := cgo.MapLookupElem(m.fd, unsafe.Pointer(key), unsafe.Pointer(value)); err != nil {
		return m.opError("lookup", err)
	}
	return nil
}

// Update stores value at key with flags (BPF_ANY, BPF_NOEXIST, BPF_EXIST,
// optionally with BPF_F_LOCK).
func (t *TypedMap[K, V]) Update(key K, value V, flags uint64) error {
	m := t.m
	if err := t.enter("update"); err != nil {
		return err
	}
	defer m.obj.mu.RUnlock()
	if err := cgo.MapUpdateElem(m.fd, unsafe.Pointer(&key), unsafe.Pointer(&value), flags); err != nil {
		return m.opError("update", err)
	}
	return nil
}

// Delete deletes key.
func (t *TypedMap[K, V]) Delete(key K) error {
	m := t.m
	if err := t.enter("delete"); err != nil {
		return err
	}
	defer m.obj.mu.RUnlock()
	if err := cgo.MapDeleteElem(m.fd, unsafe.Pointer(&key)); err != nil {
		return m.opError("delete", err)
	}
	return nil
}

// LookupAndDelete returns the value at key and deletes it.
func (t *TypedMap[K, V]) LookupAndDelete(key K) (V, error) {
	m := t.m
	var v V
	if err := t.enter("lookup and delete"); err != nil {
		return v, err
	}
	defer m.obj.mu.RUnlock()
	if err := cgo.MapLookupAndDeleteElem(m.fd, unsafe.Pointer(&key), unsafe.Pointer(&v)); err != nil {
		return v, m.opError("lookup and delete", err)
	}
	return v, nil
}

// NextKey returns the key after key; with first set, the first key (key is
// then ignored). After the last key the error wraps ErrKeyNotExist.
func (t *TypedMap[K, V]) NextKey(key K, first bool) (K, error) {
	m := t.m
	var next K
	if err := t.enter("next key"); err != nil {
		return next, err
	}
	defer m.obj.mu.RUnlock()
	kp := unsafe.Pointer(&key)
	if first {
		kp = nil
	}
	if err := cgo.MapGetNextKey(m.fd, kp, unsafe.Pointer(&next)); err != nil {
		return next, m.opError("next key", err)
	}
	return next, nil
}

// Keys iterates over the map's keys; an error ends the iteration and is
// yielded with a zero key.
func (t *TypedMap[K, V]) Keys() iter.Seq2[K, error] {
	return func(yield func(K, error) bool) {
		var key K
		first := true
		for {
			next, err := t.NextKey(key, first)
			if errors.Is(err, ErrKeyNotExist) {
				return
			}
			if err != nil {
				var zero K
				yield(zero, err)
				return
			}
			if !yield(next, nil) {
				return
			}
			key, first = next, false
		}
	}
}

// All iterates over the map's keys and values. Keys deleted during the walk
// are skipped; any other error ends it silently (use Keys to see errors).
func (t *TypedMap[K, V]) All() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		for key, err := range t.Keys() {
			if err != nil {
				return
			}
			v, err := t.Lookup(key)
			if errors.Is(err, ErrKeyNotExist) {
				continue
			}
			if err != nil || !yield(key, v) {
				return
			}
		}
	}
}

// A PerCPUMap is a typed view of a per-CPU map: each key holds one V per
// possible CPU.
type PerCPUMap[K, V any] struct {
	m      *Map
	typed  TypedMap[K, V] // its sizes are the per-CPU buffer's; for Delete and Keys
	direct bool           // V's size is a multiple of 8: []V is the kernel's layout
	stride uintptr        // roundup(sizeof(V), 8)
	pool   sync.Pool      // *[]byte scratch buffers when not direct
}

// PerCPUMapOf returns a typed view of the per-CPU map m, checking that K
// and V have its key and value sizes and hold no Go pointers.
func PerCPUMapOf[K, V any](m *Map) (*PerCPUMap[K, V], error) {
	var k K
	var v V
	if err := checkType(m, "key", reflect.TypeFor[K](), unsafe.Sizeof(k), m.KeySize()); err != nil {
		return nil, err
	}
	if !m.PerCPU() {
		return nil, fmt.Errorf("map %q is not per-CPU: use MapOf: %w", m.name, unix.EINVAL)
	}
	if err := checkType(m, "value", reflect.TypeFor[V](), unsafe.Sizeof(v), m.ValueSize()); err != nil {
		return nil, err
	}
	p := &PerCPUMap[K, V]{m: m, stride: (unsafe.Sizeof(v) + 7) &^ 7}
	p.direct = p.stride == unsafe.Sizeof(v)
	size := int(p.stride) * possibleCPUs()
	p.typed = TypedMap[K, V]{m: m, keySize: uint32(unsafe.Sizeof(k)), valueBuf: uint32(size)}
	p.pool.New = func() any { b := make([]byte, size); return &b }
	return p, nil
}

// Map returns the underlying map.
func (t *PerCPUMap[K, V]) Map() *Map { return t.m }

// CPUs returns the number of values per key: the possible CPUs.
func (t *PerCPUMap[K, V]) CPUs() int { return possibleCPUs() }

func (t *PerCPUMap[K, V]) checkLen(values []V) error {
	if len(values) != possibleCPUs() {
		return t.m.sizeError("per-CPU", "values", len(values), possibleCPUs())
	}
	return nil
}

// Lookup copies the values at key into values, one per possible CPU
// (len(values) must be CPUs()).
func (t *PerCPUMap[K, V]) Lookup(key K, values []V) error {
	if err := t.checkLen(values); err != nil {
		return err
	}
	m := t.m
	if err := t.typed.enter("lookup"); err != nil {
		return err
	}
	defer m.obj.mu.RUnlock()
	if t.direct {
		if err := cgo.MapLookupElem(m.fd, unsafe.Pointer(&key), unsafe.Pointer(&values[0])); err != nil {
			return m.opError("lookup", err)
		}
		return nil
	}
	bp := t.pool.Get().(*[]byte)
	defer t.pool.Put(bp)
	buf := *bp
	if err := cgo.MapLookupElem(m.fd, unsafe.Pointer(&key), unsafe.Pointer(&buf[0])); err != nil {
		return m.opError("lookup", err)
	}
	for i := range values {
		values[i] = *(*V)(unsafe.Pointer(&buf[uintptr(i)*t.stride]))
	}
	return nil
}

// Update stores values at key, one per possible CPU.
func (t *PerCPUMap[K, V]) Update(key K, values []V, flags uint64) error {
	if err := t.checkLen(values); err != nil {
		return err
	}
	m := t.m
	if err := t.typed.enter("update"); err != nil {
		return err
	}
	defer m.obj.mu.RUnlock()
	vp := unsafe.Pointer(&values[0])
	if !t.direct {
		bp := t.pool.Get().(*[]byte)
		defer t.pool.Put(bp)
		buf := *bp
		for i := range values {
			*(*V)(unsafe.Pointer(&buf[uintptr(i)*t.stride])) = values[i]
		}
		vp = unsafe.Pointer(&buf[0])
	}
	if err := cgo.MapUpdateElem(m.fd, unsafe.Pointer(&key), vp, flags); err != nil {
		return m.opError("update", err)
	}
	return nil
}

// Delete deletes key.
func (t *PerCPUMap[K, V]) Delete(key K) error { return t.typed.Delete(key) }

// Keys iterates over the map's keys.
func (t *PerCPUMap[K, V]) Keys() iter.Seq2[K, error] { return t.typed.Keys() }

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

// asBytes views s as its bytes.
func asBytes[T any](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	var zero T
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(zero)))
}

// LookupBatch copies the next elements of the walk c into keys and values
// (up to len(keys); values must be as long) and returns how many it copied.
// See Map.LookupBatch.
func (t *TypedMap[K, V]) LookupBatch(c *BatchCursor, keys []K, values []V, o *opts.MapBatch) (int, error) {
	if len(values) != len(keys) {
		return 0, t.m.sizeError("lookup batch", "values", len(values), len(keys))
	}
	return t.m.LookupBatch(c, asBytes(keys), asBytes(values), o)
}

// UpdateBatch stores values[i] at keys[i] for every i and returns how many
// it stored. See Map.UpdateBatch.
func (t *TypedMap[K, V]) UpdateBatch(keys []K, values []V, o *opts.MapBatch) (int, error) {
	if len(values) != len(keys) {
		return 0, t.m.sizeError("update batch", "values", len(values), len(keys))
	}
	return t.m.UpdateBatch(asBytes(keys), asBytes(values), o)
}

// DeleteBatch deletes keys and returns how many it deleted. See
// Map.DeleteBatch.
func (t *TypedMap[K, V]) DeleteBatch(keys []K, o *opts.MapBatch) (int, error) {
	return t.m.DeleteBatch(asBytes(keys), o)
}
