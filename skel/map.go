package skel

import (
	"fmt"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/opts"
)

// A Map is one BPF map of an Object. Its setters work in the open phase
// only (ErrLoaded after Load); element operations need a loaded object.
type Map struct {
	obj  *Object
	c    *cgo.Map
	name string

	// Set by Load, read without a lock once the object's state says loaded.
	fd        int
	typ       opts.MapType
	keySize   uint32
	valueSize uint32
	valueBuf  uint32 // bytes one lookup writes: valueSize, or per-CPU roundup(valueSize, 8) * possible CPUs
}

func newMap(o *Object, c *cgo.Map) *Map {
	return &Map{obj: o, c: c, name: cgo.MapName(c), fd: -1}
}

// loaded caches what element operations need after a successful Load.
func (m *Map) loaded() {
	if fd, err := cgo.MapFD(m.c); err == nil {
		m.fd = fd
	}
	m.typ = cgo.MapType(m.c)
	m.keySize = cgo.MapKeySize(m.c)
	m.valueSize = cgo.MapValueSize(m.c)
	m.valueBuf = m.valueSize
	if m.typ.PerCPU() {
		m.valueBuf = perCPUSize(m.valueSize)
	}
}

// perCPUSize is the size of a per-CPU value buffer: every possible CPU's
// value, each rounded up to 8 bytes.
func perCPUSize(valueSize uint32) uint32 {
	return (valueSize + 7) &^ 7 * uint32(possibleCPUs())
}

// Name returns the map's name (bpf_map__name; for global data maps
// libbpf's "obj.bss"-style name: DataSection.Name has the section name).
func (m *Map) Name() string { return m.name }

// Object returns the object the map belongs to.
func (m *Map) Object() *Object { return m.obj }

// mapGet reads a property under the shared lock; zero after Destroy.
func mapGet[T any](m *Map, get func(*cgo.Map) T) T {
	m.obj.mu.RLock()
	defer m.obj.mu.RUnlock()
	var zero T
	if m.obj.state.Load() == stateDestroyed {
		return zero
	}
	return get(m.c)
}

// Type returns the map type (bpf_map__type).
func (m *Map) Type() opts.MapType { return mapGet(m, cgo.MapType) }

// KeySize returns the key size in bytes.
func (m *Map) KeySize() uint32 { return mapGet(m, cgo.MapKeySize) }

// ValueSize returns the value size in bytes (of one CPU's value, for
// per-CPU maps).
func (m *Map) ValueSize() uint32 { return mapGet(m, cgo.MapValueSize) }

// MaxEntries returns the map's max_entries.
func (m *Map) MaxEntries() uint32 { return mapGet(m, cgo.MapMaxEntries) }

// Flags returns the map's BPF_F_* creation flags.
func (m *Map) Flags() uint32 { return mapGet(m, cgo.MapMapFlags) }

// PinPath returns the path Load pins the map at, "" if none.
func (m *Map) PinPath() string { return mapGet(m, cgo.MapPinPath) }

// Autocreate reports whether Load creates the map.
func (m *Map) Autocreate() bool { return mapGet(m, cgo.MapAutocreate) }

// Internal reports whether the map holds global data (.bss, .data, ...).
func (m *Map) Internal() bool { return mapGet(m, cgo.MapIsInternal) }

// PerCPU reports whether the map keeps one value per possible CPU; its
// value buffers are then ValueBufferSize bytes.
func (m *Map) PerCPU() bool { return m.Type().PerCPU() }

// ValueBufferSize returns the size of the value buffer Lookup fills:
// ValueSize, or for per-CPU maps ValueSize rounded up to 8 bytes times the
// number of possible CPUs.
func (m *Map) ValueBufferSize() int {
	if m.PerCPU() {
		return int(perCPUSize(m.ValueSize()))
	}
	return int(m.ValueSize())
}

// FD returns the map's file descriptor, owned by the object; ErrNotLoaded
// before Load or for a map that was not created.
func (m *Map) FD() (int, error) {
	if err := m.obj.phase("fd of map "+m.name, stateLoaded); err != nil {
		return -1, err
	}
	if m.fd < 0 {
		return -1, &phaseError{"fd of map " + m.name + " (not created)", ErrNotLoaded}
	}
	return m.fd, nil
}

// set runs an open-phase setter under the object's lock.
func (m *Map) set(what string, fn func() error) error {
	m.obj.mu.Lock()
	defer m.obj.mu.Unlock()
	if err := m.obj.phase("map "+m.name+": "+what, stateOpen); err != nil {
		return err
	}
	if err := fn(); err != nil {
		return fmt.Errorf("map %q: %w", m.name, err)
	}
	return nil
}

// SetMaxEntries sets max_entries.
func (m *Map) SetMaxEntries(n uint32) error {
	return m.set("set max entries", func() error { return cgo.MapSetMaxEntries(m.c, n) })
}

// SetType sets the map type.
func (m *Map) SetType(t opts.MapType) error {
	return m.set("set type", func() error { return cgo.MapSetType(m.c, t) })
}

// SetFlags sets the BPF_F_* creation flags.
func (m *Map) SetFlags(flags uint32) error {
	return m.set("set flags", func() error { return cgo.MapSetMapFlags(m.c, flags) })
}

// SetKeySize sets the key size.
func (m *Map) SetKeySize(size uint32) error {
	return m.set("set key size", func() error { return cgo.MapSetKeySize(m.c, size) })
}

// SetValueSize sets the value size; for a global data map it resizes the
// section (the last variable must be an array).
func (m *Map) SetValueSize(size uint32) error {
	return m.set("set value size", func() error { return cgo.MapSetValueSize(m.c, size) })
}

// SetInitialValue sets the initial value of a global data map; data must
// be exactly the value size.
func (m *Map) SetInitialValue(data []byte) error {
	return m.set("set initial value", func() error { return cgo.MapSetInitialValue(m.c, data) })
}

// SetPinPath sets where Load pins the map (or reuses the map pinned
// there); "" clears it.
func (m *Map) SetPinPath(path string) error {
	return m.set("set pin path", func() error { return cgo.MapSetPinPath(m.c, path) })
}

// ReuseFD makes Load use the existing map fd instead of creating the map;
// libbpf dups fd, which the caller keeps.
func (m *Map) ReuseFD(fd int) error {
	return m.set("reuse fd", func() error { return cgo.MapReuseFD(m.c, fd) })
}

// SetAutocreate sets whether Load creates the map.
func (m *Map) SetAutocreate(on bool) error {
	return m.set("set autocreate", func() error { return cgo.MapSetAutocreate(m.c, on) })
}

// SetAutoattach sets whether Object.Attach attaches a struct_ops map.
func (m *Map) SetAutoattach(on bool) error {
	return m.set("set autoattach", func() error { return cgo.MapSetAutoattach(m.c, on) })
}

// SetInnerMapFD sets the template of a map-in-map's inner maps.
func (m *Map) SetInnerMapFD(fd int) error {
	return m.set("set inner map fd", func() error { return cgo.MapSetInnerMapFD(m.c, fd) })
}
