package cgo

/*
#include <stdint.h>
uintptr_t golibbpf_route_swap(uintptr_t h);
*/
import "C"

import (
	"runtime"
	rcgo "runtime/cgo"
	"strings"
	"unsafe"
)

// RoutePrint runs call with libbpf's log messages going to fn instead of
// the process-wide PrintFunc, for the libbpf calls call makes on this
// goroutine only: calls other goroutines make at the same time keep their
// own route. The goroutine is locked to its OS thread for the duration, as
// the route is kept in a C thread-local variable; fn runs on that thread
// and must not call back into libbpf. Calls nest: the outer route comes back
// when call returns.
func RoutePrint(fn PrintFunc, call func()) {
	if fn == nil {
		call()
		return
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	h := rcgo.NewHandle(fn)
	defer h.Delete()
	old := C.golibbpf_route_swap(C.uintptr_t(h))
	defer C.golibbpf_route_swap(old)
	call()
}

//export golibbpfRoutePrint
func golibbpfRoutePrint(h C.uintptr_t, level C.int, msg *C.char, n C.int) {
	fn, ok := rcgo.Handle(h).Value().(PrintFunc)
	if !ok {
		return
	}
	s := strings.TrimRight(string(unsafe.Slice((*byte)(unsafe.Pointer(msg)), int(n))), "\n")
	fn(PrintLevel(level), s)
}
