package cgo

/*
#include <bpf/bpf.h>
*/
import "C"

import (
	"github.com/golibbpf/golibbpf/opts"
)

// LinkDetach is bpf_link_detach: it detaches the link from its target while
// the fd stays open (link info then shows the target as gone).
func LinkDetach(linkFD int) error {
	if ret := C.bpf_link_detach(C.int(linkFD)); ret < 0 {
		return fail(ret, "bpf_link_detach", "link_fd=%d", linkFD)
	}
	return nil
}

// LinkUpdate is bpf_link_update: it replaces the link's program with newProgFD.
func LinkUpdate(linkFD, newProgFD int, o *opts.LinkUpdate) error {
	if err := o.Validate(); err != nil {
		return err
	}
	var c *C.struct_bpf_link_update_opts
	if o != nil {
		c = &C.struct_bpf_link_update_opts{
			sz:          C.sizeof_struct_bpf_link_update_opts,
			flags:       C.__u32(o.Flags),
			old_prog_fd: C.__u32(o.OldProgFD),
			old_map_fd:  C.__u32(o.OldMapFD),
		}
	}
	ret := C.bpf_link_update(C.int(linkFD), C.int(newProgFD), c)
	if ret < 0 {
		return fail(ret, "bpf_link_update", "link_fd=%d new_prog_fd=%d", linkFD, newProgFD)
	}
	return nil
}

// LinkGetFDByID is bpf_link_get_fd_by_id: a new fd for the link with this ID.
func LinkGetFDByID(id uint32) (int, error) {
	fd := C.bpf_link_get_fd_by_id(C.__u32(id))
	if fd < 0 {
		return -1, fail(fd, "bpf_link_get_fd_by_id", "id=%d", id)
	}
	return int(fd), nil
}

// IterCreate is bpf_iter_create: an fd that, when read, runs the iterator
// program of the BPF_TRACE_ITER link linkFD and returns what it printed.
func IterCreate(linkFD int) (int, error) {
	fd := C.bpf_iter_create(C.int(linkFD))
	if fd < 0 {
		return -1, fail(fd, "bpf_iter_create", "link_fd=%d", linkFD)
	}
	return int(fd), nil
}
