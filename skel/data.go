package skel

import (
	"fmt"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
)

// bpfFRdonlyProg is BPF_F_RDONLY_PROG: libbpf sets it on .rodata and
// .kconfig maps, freezes them at load and maps them read-only.
const bpfFRdonlyProg = 1 << 7

// A DataSection is a global data section of an object (.bss, .data,
// .rodata, .kconfig, custom .data.* and .rodata.*), held by an internal
// map. Before Load its memory is libbpf's initial value, writable even for
// .rodata (so constants can be set); after Load it is the map's memory,
// mmaped, read and written with no system call. After Load, .rodata and
// .kconfig are read-only: WriteAt returns ErrReadOnly.
//
// The views (Bytes, Pointer, View) point straight at that memory. They
// change meaning at Load (take them again after it) and must not be used
// after Destroy, which unmaps the memory.
type DataSection struct {
	m    *Map
	name string

	// Set by Load.
	p        unsafe.Pointer
	size     int
	readOnly bool
}

func newDataSection(m *Map) *DataSection {
	return &DataSection{m: m, name: dataSectionName(m.name)}
}

// dataSectionName recovers the ELF section name of a global data map from
// libbpf's map name: "obj.bss" → ".bss"; custom ".data.x" names are kept.
func dataSectionName(mapName string) string {
	if strings.HasPrefix(mapName, ".") {
		return mapName
	}
	for _, s := range []string{".bss", ".data", ".rodata", ".kconfig"} {
		if strings.HasSuffix(mapName, s) {
			return s
		}
	}
	if i := strings.IndexByte(mapName, '.'); i >= 0 {
		return mapName[i:]
	}
	return mapName
}

// loaded switches the section to the map's mmaped memory after Load.
func (d *DataSection) loaded() {
	d.p, d.size = cgo.MapInitialValue(d.m.c)
	d.readOnly = cgo.MapMapFlags(d.m.c)&bpfFRdonlyProg != 0
}

// Name returns the section name (".bss", ".rodata", ".data.custom", ...).
func (d *DataSection) Name() string { return d.name }

// Map returns the internal map that holds the section.
func (d *DataSection) Map() *Map { return d.m }

// mem returns the section's memory under the caller's lock.
func (d *DataSection) mem() (unsafe.Pointer, int, error) {
	o := d.m.obj
	switch o.state.Load() {
	case stateDestroyed:
		return nil, 0, &phaseError{"data section " + d.name + " of object " + o.name, ErrDestroyed}
	case stateLoaded:
		if d.p == nil {
			return nil, 0, fmt.Errorf("data section %s of object %s is not mmaped: %w", d.name, o.name, unix.EINVAL)
		}
		return d.p, d.size, nil
	case stateFailed:
		return nil, 0, &phaseError{"data section " + d.name + " of object " + o.name + " (load failed)", ErrNotLoaded}
	}
	p, n := cgo.MapInitialValue(d.m.c)
	if p == nil {
		return nil, 0, fmt.Errorf("data section %s of object %s has no initial value: %w", d.name, o.name, unix.EINVAL)
	}
	return p, n, nil
}

// Size returns the section's size in bytes; 0 after Destroy.
func (d *DataSection) Size() int {
	d.m.obj.mu.RLock()
	defer d.m.obj.mu.RUnlock()
	_, n, _ := d.mem()
	return n
}

// ReadOnly reports whether writes are refused: .rodata and .kconfig after
// Load.
func (d *DataSection) ReadOnly() bool {
	d.m.obj.mu.RLock()
	defer d.m.obj.mu.RUnlock()
	return d.m.obj.state.Load() == stateLoaded && d.readOnly
}

// ReadAt copies len(b) bytes from offset off of the section into b.
func (d *DataSection) ReadAt(b []byte, off int64) (int, error) {
	d.m.obj.mu.RLock()
	defer d.m.obj.mu.RUnlock()
	p, n, err := d.mem()
	if err != nil {
		return 0, err
	}
	if off < 0 || off+int64(len(b)) > int64(n) {
		return 0, fmt.Errorf("data section %s: read of %d bytes at %d beyond its %d bytes: %w", d.name, len(b), off, n, unix.EINVAL)
	}
	return copy(b, unsafe.Slice((*byte)(p), n)[off:]), nil
}

// WriteAt copies b into the section at offset off. After Load it fails
// with ErrReadOnly for .rodata and .kconfig.
func (d *DataSection) WriteAt(b []byte, off int64) (int, error) {
	// Writes before Load change libbpf's copy: the read lock keeps them
	// apart from Load, which holds the write lock.
	d.m.obj.mu.RLock()
	defer d.m.obj.mu.RUnlock()
	p, n, err := d.mem()
	if err != nil {
		return 0, err
	}
	if d.m.obj.state.Load() == stateLoaded && d.readOnly {
		return 0, &phaseError{"write to data section " + d.name + " of object " + d.m.obj.name, ErrReadOnly}
	}
	if off < 0 || off+int64(len(b)) > int64(n) {
		return 0, fmt.Errorf("data section %s: write of %d bytes at %d beyond its %d bytes: %w", d.name, len(b), off, n, unix.EINVAL)
	}
	return copy(unsafe.Slice((*byte)(p), n)[off:], b), nil
}

// Bytes returns the section's memory as a slice, with no copy. Writing to
// it writes the section; for .rodata after Load the memory is read-only
// and a write faults: use WriteAt, which refuses it.
func (d *DataSection) Bytes() ([]byte, error) {
	d.m.obj.mu.RLock()
	defer d.m.obj.mu.RUnlock()
	p, n, err := d.mem()
	if err != nil {
		return nil, err
	}
	return unsafe.Slice((*byte)(p), n), nil
}

// Pointer returns the address of the section's memory.
func (d *DataSection) Pointer() (unsafe.Pointer, error) {
	d.m.obj.mu.RLock()
	defer d.m.obj.mu.RUnlock()
	p, _, err := d.mem()
	return p, err
}

// View returns the section's memory as a *T, checking that T fits: its
// size may exceed the section's only by Go's trailing padding (up to 7
// bytes) that the map's memory still covers (libbpf maps it in whole
// pages). T must hold no Go pointers. The same rules as Bytes apply to
// writes, and the view must not be used after Destroy.
func View[T any](d *DataSection) (*T, error) {
	d.m.obj.mu.RLock()
	defer d.m.obj.mu.RUnlock()
	v, _, err := viewLocked[T](d)
	return v, err
}

// viewLocked is View, also returning the section's size, for a caller
// holding the object's lock.
func viewLocked[T any](d *DataSection) (*T, int, error) {
	var zero T
	size := unsafe.Sizeof(zero)
	if hasPointers(typeOf[T]()) {
		return nil, 0, fmt.Errorf("data section %s: type %T holds Go pointers: %w", d.name, zero, unix.EINVAL)
	}
	p, n, err := d.mem()
	if err != nil {
		return nil, 0, err
	}
	// libbpf maps global data in whole pages, before Load and after.
	page := uintptr(unix.Getpagesize())
	room := (uintptr(n) + page - 1) &^ (page - 1)
	if size < uintptr(n) || size > uintptr(n)+7 || size > room {
		return nil, 0, fmt.Errorf("data section %s is %d bytes; type %T is %d: %w", d.name, n, zero, size, unix.EINVAL)
	}
	return (*T)(p), n, nil
}
