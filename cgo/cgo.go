package cgo

/*
#cgo CFLAGS: -I${SRCDIR}/../libbpf/include
#cgo LDFLAGS: -L${SRCDIR}/../libbpf/lib -Wl,-Bstatic -lbpf -lelf -lz -lzstd -Wl,-Bdynamic
#include <stdlib.h>
*/
import "C"

import (
	"fmt"
	"strings"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// live counts the C allocations this package holds: those made for a call
// in progress and those owned by open handles (an Object's ELF copy).
var live atomic.Int64

// OutstandingAllocations reports how many C allocations this package holds
// right now. With no call in progress and every handle closed it is 0; tests
// use it to prove that nothing leaks on success or failure.
func OutstandingAllocations() int64 { return live.Load() }

// cAlloc returns n zeroed bytes of C memory (at least one byte), counted in live.
func cAlloc(n uintptr) unsafe.Pointer {
	if n == 0 {
		n = 1
	}
	p := C.calloc(1, C.size_t(n))
	if p == nil {
		panic("golibbpf/cgo: out of C memory")
	}
	live.Add(1)
	return p
}

// cFree releases memory from cAlloc, cString or cArray. A nil p is ignored.
func cFree(p unsafe.Pointer) {
	if p == nil {
		return
	}
	C.free(p)
	live.Add(-1)
}

// cString copies s into C memory with a terminating NUL.
func cString(s string) *C.char {
	p := cAlloc(uintptr(len(s)) + 1)
	copy(unsafe.Slice((*byte)(p), len(s)), s)
	return (*C.char)(p)
}

// cArray copies a slice of fixed-size values into C memory; nil for an empty s.
func cArray[T any](s []T) unsafe.Pointer {
	if len(s) == 0 {
		return nil
	}
	var zero T
	size := unsafe.Sizeof(zero) * uintptr(len(s))
	p := cAlloc(size)
	copy(unsafe.Slice((*T)(p), len(s)), s)
	return p
}

// arena collects the C allocations of one call so they are freed together.
type arena []unsafe.Pointer

func (a *arena) keep(p unsafe.Pointer) unsafe.Pointer {
	if p != nil {
		*a = append(*a, p)
	}
	return p
}

func (a *arena) free() {
	for _, p := range *a {
		cFree(p)
	}
	*a = nil
}

// noNUL refuses, before any call, strings that C would cut short at a NUL
// byte (a path or a name that would silently mean another one): the error
// names fn and wraps EINVAL.
func noNUL(fn string, strs ...string) error {
	for _, s := range strs {
		if strings.IndexByte(s, 0) >= 0 {
			return &Error{Func: fn, Args: fmt.Sprintf("%q holds a NUL byte", s), Errno: unix.EINVAL}
		}
	}
	return nil
}
