package cgo

/*
#include <stdlib.h>
#include <bpf/libbpf.h>
*/
import "C"

import "unsafe"

// LinkPin is bpf_link__pin.
func LinkPin(l *Link, path string) error {
	if err := noNUL("bpf_link__pin", path); err != nil {
		return err
	}
	if l == nil || l.p == nil {
		return errNoLink
	}
	cpath := cString(path)
	defer cFree(unsafe.Pointer(cpath))
	if ret := C.bpf_link__pin(l.p, cpath); ret < 0 {
		return fail(ret, "bpf_link__pin", "%q", path)
	}
	return nil
}

// LinkUnpin is bpf_link__unpin: it removes the link's pin.
func LinkUnpin(l *Link) error {
	if l == nil || l.p == nil {
		return errNoLink
	}
	if ret := C.bpf_link__unpin(l.p); ret < 0 {
		return fail(ret, "bpf_link__unpin", "%q", LinkPinPath(l))
	}
	return nil
}

// LinkPinPath is bpf_link__pin_path; "" when the link is not pinned.
func LinkPinPath(l *Link) string {
	if l == nil || l.p == nil {
		return ""
	}
	return goStringOrEmpty(C.bpf_link__pin_path(l.p))
}

// LinkUpdateProgram is bpf_link__update_program: the link runs p from now on.
func LinkUpdateProgram(l *Link, p *Program) error {
	if l == nil || l.p == nil {
		return errNoLink
	}
	if ret := C.bpf_link__update_program(l.p, p.p); ret < 0 {
		return fail(ret, "bpf_link__update_program", "link_fd=%d %q", LinkFD(l), ProgramName(p))
	}
	return nil
}

// LinkUpdateMap is bpf_link__update_map: a struct_ops link uses m from now on.
func LinkUpdateMap(l *Link, m *Map) error {
	if l == nil || l.p == nil {
		return errNoLink
	}
	if ret := C.bpf_link__update_map(l.p, m.p); ret < 0 {
		return fail(ret, "bpf_link__update_map", "link_fd=%d %q", LinkFD(l), MapName(m))
	}
	return nil
}

// LinkDetachLink is bpf_link__detach: the link leaves its target while its
// fd stays open. (LinkDetach is bpf_link_detach, the same on a bare fd.)
func LinkDetachLink(l *Link) error {
	if l == nil || l.p == nil {
		return errNoLink
	}
	if ret := C.bpf_link__detach(l.p); ret < 0 {
		return fail(ret, "bpf_link__detach", "link_fd=%d", LinkFD(l))
	}
	return nil
}

// LinkDisconnect is bpf_link__disconnect: LinkDestroy will then free the
// link without detaching it (a pinned link stays).
func LinkDisconnect(l *Link) {
	if l != nil && l.p != nil {
		C.bpf_link__disconnect(l.p)
	}
}

// LinkOpen is bpf_link__open: the link pinned at path.
func LinkOpen(path string) (*Link, error) {
	cpath := cString(path)
	defer cFree(unsafe.Pointer(cpath))
	l, err := C.bpf_link__open(cpath)
	if l == nil {
		return nil, failNull(err, "bpf_link__open", "%q", path)
	}
	return &Link{l}, nil
}
