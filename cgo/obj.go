package cgo

/*
#include <bpf/bpf.h>
*/
import "C"

import "unsafe"

// ObjPin is bpf_obj_pin: it pins the program, map or link fd at path on a
// BPF file system.
func ObjPin(fd int, path string) error {
	if err := noNUL("bpf_obj_pin", path); err != nil {
		return err
	}
	cpath := cString(path)
	defer cFree(unsafe.Pointer(cpath))
	if ret := C.bpf_obj_pin(C.int(fd), cpath); ret < 0 {
		return fail(ret, "bpf_obj_pin", "fd=%d path=%q", fd, path)
	}
	return nil
}

// ObjGet is bpf_obj_get: a new fd for the object pinned at path.
func ObjGet(path string) (int, error) {
	if err := noNUL("bpf_obj_get", path); err != nil {
		return -1, err
	}
	cpath := cString(path)
	defer cFree(unsafe.Pointer(cpath))
	fd := C.bpf_obj_get(cpath)
	if fd < 0 {
		return -1, fail(fd, "bpf_obj_get", "path=%q", path)
	}
	return int(fd), nil
}
