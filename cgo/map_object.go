package cgo

/*
#include <stdlib.h>
#include <bpf/libbpf.h>
*/
import "C"

import (
	"unsafe"

	"github.com/golibbpf/golibbpf/opts"
)

// MapSetType is bpf_map__set_type; it fails after load.
func MapSetType(m *Map, t opts.MapType) error {
	if ret := C.bpf_map__set_type(m.p, C.enum_bpf_map_type(t)); ret < 0 {
		return fail(ret, "bpf_map__set_type", "%q %s", MapName(m), t)
	}
	return nil
}

// MapMapFlags is bpf_map__map_flags.
func MapMapFlags(m *Map) uint32 { return uint32(C.bpf_map__map_flags(m.p)) }

// MapSetMapFlags is bpf_map__set_map_flags; it fails after load.
func MapSetMapFlags(m *Map, flags uint32) error {
	if ret := C.bpf_map__set_map_flags(m.p, C.__u32(flags)); ret < 0 {
		return fail(ret, "bpf_map__set_map_flags", "%q %#x", MapName(m), flags)
	}
	return nil
}

// MapSetKeySize is bpf_map__set_key_size; it fails after load.
func MapSetKeySize(m *Map, size uint32) error {
	if ret := C.bpf_map__set_key_size(m.p, C.__u32(size)); ret < 0 {
		return fail(ret, "bpf_map__set_key_size", "%q %d", MapName(m), size)
	}
	return nil
}

// MapSetValueSize is bpf_map__set_value_size; it fails after load. For a
// global data map (.bss, .data.*) it also resizes the data section.
func MapSetValueSize(m *Map, size uint32) error {
	if ret := C.bpf_map__set_value_size(m.p, C.__u32(size)); ret < 0 {
		return fail(ret, "bpf_map__set_value_size", "%q %d", MapName(m), size)
	}
	return nil
}

// MapMapExtra is bpf_map__map_extra.
func MapMapExtra(m *Map) uint64 { return uint64(C.bpf_map__map_extra(m.p)) }

// MapSetMapExtra is bpf_map__set_map_extra; it fails after load.
func MapSetMapExtra(m *Map, extra uint64) error {
	if ret := C.bpf_map__set_map_extra(m.p, C.__u64(extra)); ret < 0 {
		return fail(ret, "bpf_map__set_map_extra", "%q %#x", MapName(m), extra)
	}
	return nil
}

// MapInitialValue is bpf_map__initial_value: the memory holding the map's
// initial value (the global data of .bss, .data, .rodata, ...) and its size,
// or nil. Before load it is libbpf's copy; after load it is the map's own
// mmaped memory. It lives as long as the object.
func MapInitialValue(m *Map) (unsafe.Pointer, int) {
	var size C.size_t
	p := C.bpf_map__initial_value(m.p, &size)
	if p == nil {
		return nil, 0
	}
	return p, int(size)
}

// MapSetInitialValue is bpf_map__set_initial_value: data (exactly the map's
// value size) becomes its initial value. It fails after load.
func MapSetInitialValue(m *Map, data []byte) error {
	var a arena
	defer a.free()
	ret := C.bpf_map__set_initial_value(m.p, a.keep(cArray(data)), C.size_t(len(data)))
	if ret < 0 {
		return fail(ret, "bpf_map__set_initial_value", "%q %d bytes", MapName(m), len(data))
	}
	return nil
}

// MapIsInternal is bpf_map__is_internal: true for the maps libbpf makes for
// global data (.bss, .data, .rodata, .kconfig, ...).
func MapIsInternal(m *Map) bool { return bool(C.bpf_map__is_internal(m.p)) }

// MapSetPinPath is bpf_map__set_pin_path: load pins the map there (or
// reuses the map pinned there). An empty path clears it.
func MapSetPinPath(m *Map, path string) error {
	if err := noNUL("bpf_map__set_pin_path", path); err != nil {
		return err
	}
	var a arena
	defer a.free()
	if ret := C.bpf_map__set_pin_path(m.p, a.cStrOrNil(path)); ret < 0 {
		return fail(ret, "bpf_map__set_pin_path", "%q %q", MapName(m), path)
	}
	return nil
}

// MapPinPath is bpf_map__pin_path; "" when none is set.
func MapPinPath(m *Map) string { return goStringOrEmpty(C.bpf_map__pin_path(m.p)) }

// MapIsPinned is bpf_map__is_pinned.
func MapIsPinned(m *Map) bool { return bool(C.bpf_map__is_pinned(m.p)) }

// MapPin is bpf_map__pin; an empty path uses the map's pin path.
func MapPin(m *Map, path string) error {
	if err := noNUL("bpf_map__pin", path); err != nil {
		return err
	}
	var a arena
	defer a.free()
	if ret := C.bpf_map__pin(m.p, a.cStrOrNil(path)); ret < 0 {
		return fail(ret, "bpf_map__pin", "%q %q", MapName(m), path)
	}
	return nil
}

// MapUnpin is bpf_map__unpin; an empty path uses the map's pin path.
func MapUnpin(m *Map, path string) error {
	var a arena
	defer a.free()
	if ret := C.bpf_map__unpin(m.p, a.cStrOrNil(path)); ret < 0 {
		return fail(ret, "bpf_map__unpin", "%q %q", MapName(m), path)
	}
	return nil
}

// MapReuseFD is bpf_map__reuse_fd: load uses the existing map fd (which
// libbpf dups; the caller keeps fd) instead of creating one.
func MapReuseFD(m *Map, fd int) error {
	if ret := C.bpf_map__reuse_fd(m.p, C.int(fd)); ret < 0 {
		return fail(ret, "bpf_map__reuse_fd", "%q fd=%d", MapName(m), fd)
	}
	return nil
}

// MapAutocreate is bpf_map__autocreate.
func MapAutocreate(m *Map) bool { return bool(C.bpf_map__autocreate(m.p)) }

// MapSetAutocreate is bpf_map__set_autocreate; it fails after load.
func MapSetAutocreate(m *Map, autocreate bool) error {
	if ret := C.bpf_map__set_autocreate(m.p, C.bool(autocreate)); ret < 0 {
		return fail(ret, "bpf_map__set_autocreate", "%q", MapName(m))
	}
	return nil
}

// MapAutoattach is bpf_map__autoattach.
func MapAutoattach(m *Map) bool { return bool(C.bpf_map__autoattach(m.p)) }

// MapSetAutoattach is bpf_map__set_autoattach.
func MapSetAutoattach(m *Map, autoattach bool) error {
	if ret := C.bpf_map__set_autoattach(m.p, C.bool(autoattach)); ret < 0 {
		return fail(ret, "bpf_map__set_autoattach", "%q", MapName(m))
	}
	return nil
}

// MapSetInnerMapFD is bpf_map__set_inner_map_fd: the template of a
// map-in-map's inner maps.
func MapSetInnerMapFD(m *Map, fd int) error {
	if ret := C.bpf_map__set_inner_map_fd(m.p, C.int(fd)); ret < 0 {
		return fail(ret, "bpf_map__set_inner_map_fd", "%q fd=%d", MapName(m), fd)
	}
	return nil
}

// MapBTFValueTypeID is bpf_map__btf_value_type_id.
func MapBTFValueTypeID(m *Map) uint32 { return uint32(C.bpf_map__btf_value_type_id(m.p)) }
