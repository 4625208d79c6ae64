package cbench

/*
#cgo CFLAGS: -I${SRCDIR}/../../libbpf/include
#cgo LDFLAGS: -L${SRCDIR}/../../libbpf/lib -Wl,-Bstatic -lbpf -lelf -lz -lzstd -Wl,-Bdynamic
#cgo noescape cbench_map_lookup_loop
#cgo nocallback cbench_map_lookup_loop
#cgo noescape cbench_map_update_loop
#cgo nocallback cbench_map_update_loop
#cgo noescape cbench_map_lookup_batch_all
#cgo nocallback cbench_map_lookup_batch_all
#cgo noescape cbench_nothing
#cgo nocallback cbench_nothing
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>

static int cbench_nothing(const __u8 *key, __u8 *value)
{
	return 0;
}

// n lookups of the keys 0, 1, ..., nkeys-1, 0, 1, ... (nkeys a power of two)
// into value; 0, or the first negative return.
static int cbench_map_lookup_loop(int fd, __u32 nkeys, void *value, long n)
{
	for (long i = 0; i < n; i++) {
		__u32 key = (__u32)i & (nkeys - 1);
		int ret = bpf_map_lookup_elem(fd, &key, value);
		if (ret < 0)
			return ret;
	}
	return 0;
}

// n updates of the keys as above with value; 0, or the first negative return.
static int cbench_map_update_loop(int fd, __u32 nkeys, const void *value, __u64 flags, long n)
{
	for (long i = 0; i < n; i++) {
		__u32 key = (__u32)i & (nkeys - 1);
		int ret = bpf_map_update_elem(fd, &key, value, flags);
		if (ret < 0)
			return ret;
	}
	return 0;
}

// Reads the map with bpf_map_lookup_batch calls of up to batch elements
// into keys and values, which have room for capacity elements, until the
// end of the map (ENOENT) or until they are full; the number of elements
// read, or a negative errno. Keys are at most 64 bytes.
static long cbench_map_lookup_batch_all(int fd, void *keys, void *values, __u32 key_size,
					__u32 value_size, __u32 capacity, __u32 batch)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	__u8 tokens[2][64];
	void *in = NULL, *out = tokens[0];
	__u32 total = 0;

	for (;;) {
		__u32 count = capacity - total < batch ? capacity - total : batch;
		int ret = bpf_map_lookup_batch(fd, in, out, (__u8 *)keys + (size_t)total * key_size,
					       (__u8 *)values + (size_t)total * value_size, &count, &opts);
		total += count;
		if (ret == -ENOENT || (ret == 0 && total == capacity))
			return total;
		if (ret < 0)
			return ret;
		in = out;
		out = out == tokens[0] ? tokens[1] : tokens[0];
	}
}
*/
import "C"

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Nothing calls a C function that does nothing, with the arguments of a
// map lookup: what one cgo transition costs, which every cgo.Map* call pays
// on top of the C loop.
func Nothing(key, value unsafe.Pointer) {
	C.cbench_nothing((*C.__u8)(key), (*C.__u8)(value))
}

// MapLookupLoop does n bpf_map_lookup_elem calls on the map fd in one C
// loop, with the 32-bit keys 0, 1, ..., nkeys-1 in turn (nkeys a power of
// two), each copying the value into value. It returns the errno of the
// first failed lookup.
func MapLookupLoop(fd int, nkeys uint32, value unsafe.Pointer, n int) error {
	if ret := C.cbench_map_lookup_loop(C.int(fd), C.__u32(nkeys), value, C.long(n)); ret < 0 {
		return unix.Errno(-ret)
	}
	return nil
}

// MapUpdateLoop does n bpf_map_update_elem calls on the map fd in one C
// loop, with the keys of MapLookupLoop and the value at value. It returns
// the errno of the first failed update.
func MapUpdateLoop(fd int, nkeys uint32, value unsafe.Pointer, flags uint64, n int) error {
	if ret := C.cbench_map_update_loop(C.int(fd), C.__u32(nkeys), value, C.__u64(flags), C.long(n)); ret < 0 {
		return unix.Errno(-ret)
	}
	return nil
}

// MapLookupBatchAll reads the map fd with bpf_map_lookup_batch calls of up
// to batch elements each, from C, into keys and values, which have room for
// capacity elements, until the end of the map or until they are full. Keys
// are at most 64 bytes. It returns how many elements it read; the end of
// the map (ENOENT) is not an error.
func MapLookupBatchAll(fd int, keys, values unsafe.Pointer, keySize, valueSize, capacity, batch uint32) (int, error) {
	ret := C.cbench_map_lookup_batch_all(C.int(fd), keys, values, C.__u32(keySize), C.__u32(valueSize),
		C.__u32(capacity), C.__u32(batch))
	if ret < 0 {
		return 0, unix.Errno(-ret)
	}
	return int(ret), nil
}
