package cgo

/*
#cgo noescape bpf_map_lookup_batch
#cgo nocallback bpf_map_lookup_batch
#cgo noescape bpf_map_lookup_and_delete_batch
#cgo nocallback bpf_map_lookup_and_delete_batch
#cgo noescape bpf_map_update_batch
#cgo nocallback bpf_map_update_batch
#cgo noescape bpf_map_delete_batch
#cgo nocallback bpf_map_delete_batch
#include <bpf/bpf.h>
*/
import "C"

import (
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/opts"
)

// ENOTSUPP is the kernel's internal "operation not supported" (524), which
// the bpf system call returns for a batch operation the map type does not
// have, such as bpf_map_delete_batch on an array.
const ENOTSUPP unix.Errno = 524

// The batch calls take keys and values as pointers to arrays of count keys
// and count values of the map's key and value size (for per-CPU maps, a
// value is the value size rounded up to 8 bytes times the number of possible
// CPUs). Like the element calls, they may point to Go memory: libbpf uses it
// only during the call. Each returns how many elements it processed, which
// is meaningful with an error too (except EFAULT).
//
// The lookups walk the map in batches. inBatch is nil for the first batch;
// the kernel writes a token to outBatch, which the caller passes as inBatch
// of the next call. Both point to memory of the key size, and at least 4
// bytes for hash maps. A lookup that reaches the end of the map returns an
// error wrapping ENOENT together with the elements it still copied: that is
// the normal end of a walk.

// MapLookupBatch is bpf_map_lookup_batch: it copies up to count elements,
// from inBatch on, into keys and values, and writes the next batch's token
// to outBatch. It returns how many elements it copied.
func MapLookupBatch(fd int, inBatch, outBatch, keys, values unsafe.Pointer, count uint32, o *opts.MapBatch) (uint32, error) {
	return lookupBatch(false, fd, inBatch, outBatch, keys, values, count, o)
}

// MapLookupAndDeleteBatch is bpf_map_lookup_and_delete_batch: like
// MapLookupBatch, and it deletes the elements it copied.
func MapLookupAndDeleteBatch(fd int, inBatch, outBatch, keys, values unsafe.Pointer, count uint32, o *opts.MapBatch) (uint32, error) {
	return lookupBatch(true, fd, inBatch, outBatch, keys, values, count, o)
}

// lookupBatch is bpf_map_lookup_and_delete_batch if del is true, else
// bpf_map_lookup_batch.
func lookupBatch(del bool, fd int, inBatch, outBatch, keys, values unsafe.Pointer, count uint32, o *opts.MapBatch) (uint32, error) {
	fn := "bpf_map_lookup_batch"
	if del {
		fn = "bpf_map_lookup_and_delete_batch"
	}
	if err := checkBatch(fn, o, count, keys, values); err != nil {
		return 0, err
	}
	if outBatch == nil {
		return 0, &opts.FieldError{Struct: fn, Field: "outBatch", Reason: "nil: the kernel writes the next batch's token there", Errno: unix.EINVAL}
	}
	var c C.struct_bpf_map_batch_opts
	n := C.__u32(count)
	var ret C.int
	if del {
		ret = C.bpf_map_lookup_and_delete_batch(C.int(fd), inBatch, outBatch, keys, values, &n, batchOpts(o, &c))
	} else {
		ret = C.bpf_map_lookup_batch(C.int(fd), inBatch, outBatch, keys, values, &n, batchOpts(o, &c))
	}
	if ret < 0 {
		return uint32(n), batchFail(ret, fn, fd, count)
	}
	return uint32(n), nil
}

// MapUpdateBatch is bpf_map_update_batch: it stores count elements, the
// i-th value at the i-th key, creating or replacing each (the kernel takes
// no BPF_NOEXIST or BPF_EXIST here). It returns how many elements it stored.
func MapUpdateBatch(fd int, keys, values unsafe.Pointer, count uint32, o *opts.MapBatch) (uint32, error) {
	const fn = "bpf_map_update_batch"
	if err := checkBatch(fn, o, count, keys, values); err != nil {
		return 0, err
	}
	var c C.struct_bpf_map_batch_opts
	n := C.__u32(count)
	ret := C.bpf_map_update_batch(C.int(fd), keys, values, &n, batchOpts(o, &c))
	if ret < 0 {
		return uint32(n), batchFail(ret, fn, fd, count)
	}
	return uint32(n), nil
}

// MapDeleteBatch is bpf_map_delete_batch: it deletes the count keys at keys
// and returns how many it deleted. A missing key stops it with ENOENT.
// Arrays have no batch delete: the error wraps ENOTSUPP.
func MapDeleteBatch(fd int, keys unsafe.Pointer, count uint32, o *opts.MapBatch) (uint32, error) {
	const fn = "bpf_map_delete_batch"
	if err := checkBatch(fn, o, count, keys, keys); err != nil {
		return 0, err
	}
	var c C.struct_bpf_map_batch_opts
	n := C.__u32(count)
	ret := C.bpf_map_delete_batch(C.int(fd), keys, &n, batchOpts(o, &c))
	if ret < 0 {
		return uint32(n), batchFail(ret, fn, fd, count)
	}
	return uint32(n), nil
}

// checkBatch validates o, and the keys and values arrays when count is not
// 0, before the system call. Delete has no values and passes keys twice.
func checkBatch(fn string, o *opts.MapBatch, count uint32, keys, values unsafe.Pointer) error {
	if err := o.Validate(); err != nil {
		return err
	}
	if count != 0 && keys == nil {
		return &opts.FieldError{Struct: fn, Field: "keys", Reason: "nil with a count of elements", Errno: unix.EINVAL}
	}
	if count != 0 && values == nil {
		return &opts.FieldError{Struct: fn, Field: "values", Reason: "nil with a count of elements", Errno: unix.EINVAL}
	}
	return nil
}

// batchOpts fills c from o and returns it, or nil for a nil o.
func batchOpts(o *opts.MapBatch, c *C.struct_bpf_map_batch_opts) *C.struct_bpf_map_batch_opts {
	if o == nil {
		return nil
	}
	c.sz = C.sizeof_struct_bpf_map_batch_opts
	c.elem_flags = C.__u64(o.ElemFlags)
	c.flags = C.__u64(o.Flags)
	return c
}

// The errors of the lookups at the end of a map are made once, so the end
// of a walk, its normal outcome, allocates nothing. Callers must not
// modify them.
var (
	errLookupBatchEnd          = &Error{Func: "bpf_map_lookup_batch", Args: "end of map", Errno: unix.ENOENT}
	errLookupAndDeleteBatchEnd = &Error{Func: "bpf_map_lookup_and_delete_batch", Args: "end of map", Errno: unix.ENOENT}
)

// batchFail is the error of a failed batch call. For ENOTSUPP the
// arguments add that the map type lacks the operation.
//
//go:noinline
func batchFail(ret C.int, fn string, fd int, count uint32) error {
	if unix.Errno(-ret) == unix.ENOENT {
		switch fn {
		case "bpf_map_lookup_batch":
			return errLookupBatchEnd
		case "bpf_map_lookup_and_delete_batch":
			return errLookupAndDeleteBatchEnd
		}
	}
	if unix.Errno(-ret) == ENOTSUPP {
		return fail(ret, fn, "map_fd=%d count=%d; the map type lacks this operation", fd, count)
	}
	return fail(ret, fn, "map_fd=%d count=%d", fd, count)
}
