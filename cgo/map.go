package cgo

/*
#include <bpf/bpf.h>

// The element calls go through these wrappers, which take the key and value
// as byte pointers: cgo checks an unsafe.Pointer argument for Go pointers
// inside the memory it points to on every call (about 9 ns each here), but
// not a pointer to bytes, which cannot hold one. noescape keeps the caller's
// key and value on its stack; nocallback holds because libbpf never calls
// into Go from these functions.
#cgo noescape golibbpf_map_lookup_elem
#cgo nocallback golibbpf_map_lookup_elem
#cgo noescape golibbpf_map_lookup_elem_flags
#cgo nocallback golibbpf_map_lookup_elem_flags
#cgo noescape golibbpf_map_update_elem
#cgo nocallback golibbpf_map_update_elem
#cgo noescape golibbpf_map_delete_elem
#cgo nocallback golibbpf_map_delete_elem
#cgo noescape golibbpf_map_delete_elem_flags
#cgo nocallback golibbpf_map_delete_elem_flags
#cgo noescape golibbpf_map_get_next_key
#cgo nocallback golibbpf_map_get_next_key
#cgo noescape golibbpf_map_lookup_and_delete_elem
#cgo nocallback golibbpf_map_lookup_and_delete_elem
#cgo noescape golibbpf_map_lookup_and_delete_elem_flags
#cgo nocallback golibbpf_map_lookup_and_delete_elem_flags

static inline int golibbpf_map_lookup_elem(int fd, const __u8 *key, __u8 *value)
{
	return bpf_map_lookup_elem(fd, key, value);
}

static inline int golibbpf_map_lookup_elem_flags(int fd, const __u8 *key, __u8 *value, __u64 flags)
{
	return bpf_map_lookup_elem_flags(fd, key, value, flags);
}

static inline int golibbpf_map_update_elem(int fd, const __u8 *key, const __u8 *value, __u64 flags)
{
	return bpf_map_update_elem(fd, key, value, flags);
}

static inline int golibbpf_map_delete_elem(int fd, const __u8 *key)
{
	return bpf_map_delete_elem(fd, key);
}

static inline int golibbpf_map_delete_elem_flags(int fd, const __u8 *key, __u64 flags)
{
	return bpf_map_delete_elem_flags(fd, key, flags);
}

static inline int golibbpf_map_get_next_key(int fd, const __u8 *key, __u8 *next_key)
{
	return bpf_map_get_next_key(fd, key, next_key);
}

static inline int golibbpf_map_lookup_and_delete_elem(int fd, const __u8 *key, __u8 *value)
{
	return bpf_map_lookup_and_delete_elem(fd, key, value);
}

static inline int golibbpf_map_lookup_and_delete_elem_flags(int fd, const __u8 *key, __u8 *value, __u64 flags)
{
	return bpf_map_lookup_and_delete_elem_flags(fd, key, value, flags);
}
*/
import "C"

import (
	"unsafe"

	"github.com/golibbpf/golibbpf/opts"
)

// MapCreate is bpf_map_create: a new map, returned as an fd the caller owns.
func MapCreate(mapType opts.MapType, name string, keySize, valueSize, maxEntries uint32, o *opts.MapCreate) (int, error) {
	if err := o.Validate(); err != nil {
		return -1, err
	}
	var a arena
	defer a.free()
	cname := a.cStrOrNil(name)
	var c *C.struct_bpf_map_create_opts
	if o != nil {
		c = &C.struct_bpf_map_create_opts{sz: C.sizeof_struct_bpf_map_create_opts,
			btf_fd: C.__u32(o.BTFFD), btf_key_type_id: C.__u32(o.BTFKeyTypeID),
			btf_value_type_id: C.__u32(o.BTFValueTypeID), btf_vmlinux_value_type_id: C.__u32(o.BTFVmlinuxValueTypeID),
			inner_map_fd: C.__u32(o.InnerMapFD), map_flags: C.__u32(o.MapFlags), map_extra: C.__u64(o.MapExtra),
			numa_node: C.__u32(o.NumaNode), map_ifindex: C.__u32(o.MapIfindex),
			value_type_btf_obj_fd: C.__s32(o.ValueTypeBTFObjFD), token_fd: C.__u32(o.TokenFD)}
	}
	fd := C.bpf_map_create(C.enum_bpf_map_type(mapType), cname, C.__u32(keySize), C.__u32(valueSize), C.__u32(maxEntries), c)
	if fd < 0 {
		return -1, fail(fd, "bpf_map_create", "type=%s name=%q key=%d value=%d max_entries=%d", mapType, name, keySize, valueSize, maxEntries)
	}
	return int(fd), nil
}

// The element calls take the key and value as pointers to memory of the
// map's key and value size (for per-CPU maps, a value is the value size
// rounded up to 8 bytes times the number of possible CPUs), as libbpf does.
// They may point to Go memory: libbpf reads or writes it only during the
// call and keeps nothing, so no copy and no allocation is made, and a key or
// value that does not otherwise escape stays on the caller's stack. A
// successful call costs one cgo transition more than the same call from C.

// u8p views p as the byte pointer the C wrappers take.
func u8p(p unsafe.Pointer) *C.__u8 { return (*C.__u8)(p) }

// MapLookupElem is bpf_map_lookup_elem: it copies the value of key into value.
func MapLookupElem(fd int, key, value unsafe.Pointer) error {
	if ret := C.golibbpf_map_lookup_elem(C.int(fd), u8p(key), u8p(value)); ret < 0 {
		return mapFail(ret, "bpf_map_lookup_elem", fd)
	}
	return nil
}

// MapLookupElemFlags is bpf_map_lookup_elem_flags (flags: BPF_F_LOCK).
func MapLookupElemFlags(fd int, key, value unsafe.Pointer, flags uint64) error {
	if ret := C.golibbpf_map_lookup_elem_flags(C.int(fd), u8p(key), u8p(value), C.__u64(flags)); ret < 0 {
		return mapFail(ret, "bpf_map_lookup_elem_flags", fd)
	}
	return nil
}

// MapUpdateElem is bpf_map_update_elem (flags: BPF_ANY, BPF_NOEXIST, BPF_EXIST, BPF_F_LOCK).
func MapUpdateElem(fd int, key, value unsafe.Pointer, flags uint64) error {
	if ret := C.golibbpf_map_update_elem(C.int(fd), u8p(key), u8p(value), C.__u64(flags)); ret < 0 {
		return mapFail(ret, "bpf_map_update_elem", fd)
	}
	return nil
}

// MapDeleteElem is bpf_map_delete_elem.
func MapDeleteElem(fd int, key unsafe.Pointer) error {
	if ret := C.golibbpf_map_delete_elem(C.int(fd), u8p(key)); ret < 0 {
		return mapFail(ret, "bpf_map_delete_elem", fd)
	}
	return nil
}

// MapDeleteElemFlags is bpf_map_delete_elem_flags (flags: BPF_F_LOCK).
func MapDeleteElemFlags(fd int, key unsafe.Pointer, flags uint64) error {
	if ret := C.golibbpf_map_delete_elem_flags(C.int(fd), u8p(key), C.__u64(flags)); ret < 0 {
		return mapFail(ret, "bpf_map_delete_elem_flags", fd)
	}
	return nil
}

// MapLookupAndDeleteElem is bpf_map_lookup_and_delete_elem: it copies the
// value of key into value and deletes the element. For a queue or a stack,
// key is nil and the value popped is copied.
func MapLookupAndDeleteElem(fd int, key, value unsafe.Pointer) error {
	if ret := C.golibbpf_map_lookup_and_delete_elem(C.int(fd), u8p(key), u8p(value)); ret < 0 {
		return mapFail(ret, "bpf_map_lookup_and_delete_elem", fd)
	}
	return nil
}

// MapLookupAndDeleteElemFlags is bpf_map_lookup_and_delete_elem_flags
// (flags: BPF_F_LOCK).
func MapLookupAndDeleteElemFlags(fd int, key, value unsafe.Pointer, flags uint64) error {
	if ret := C.golibbpf_map_lookup_and_delete_elem_flags(C.int(fd), u8p(key), u8p(value), C.__u64(flags)); ret < 0 {
		return mapFail(ret, "bpf_map_lookup_and_delete_elem_flags", fd)
	}
	return nil
}

// MapGetNextKey is bpf_map_get_next_key: the key after key (or the first
// key, for a nil key) is written to nextKey. At the end it returns an error
// wrapping ENOENT.
func MapGetNextKey(fd int, key, nextKey unsafe.Pointer) error {
	if ret := C.golibbpf_map_get_next_key(C.int(fd), u8p(key), u8p(nextKey)); ret < 0 {
		return mapFail(ret, "bpf_map_get_next_key", fd)
	}
	return nil
}

// mapFail is kept out of line so the element calls stay small and allocate
// only when they fail.
//
//go:noinline
func mapFail(ret C.int, fn string, fd int) error {
	return fail(ret, fn, "map_fd=%d", fd)
}
