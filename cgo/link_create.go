package cgo

/*
#include <string.h>
#include <bpf/bpf.h>

// Setters for the anonymous union of bpf_link_create_opts, which Go cannot
// name. Each writes one member, field for field.
static void lco_set_perf_event(struct bpf_link_create_opts *o, __u64 cookie)
{
	o->perf_event.bpf_cookie = cookie;
}
static void lco_set_kprobe_multi(struct bpf_link_create_opts *o, __u32 flags, __u32 cnt,
				 const char **syms, const unsigned long *addrs, const __u64 *cookies)
{
	o->kprobe_multi.flags = flags;
	o->kprobe_multi.cnt = cnt;
	o->kprobe_multi.syms = syms;
	o->kprobe_multi.addrs = addrs;
	o->kprobe_multi.cookies = cookies;
}
static void lco_set_uprobe_multi(struct bpf_link_create_opts *o, __u32 flags, __u32 cnt,
				 const char *path, const unsigned long *offsets,
				 const unsigned long *ref_ctr_offsets, const __u64 *cookies, __u32 pid)
{
	o->uprobe_multi.flags = flags;
	o->uprobe_multi.cnt = cnt;
	o->uprobe_multi.path = path;
	o->uprobe_multi.offsets = offsets;
	o->uprobe_multi.ref_ctr_offsets = ref_ctr_offsets;
	o->uprobe_multi.cookies = cookies;
	o->uprobe_multi.pid = pid;
}
static void lco_set_tracing(struct bpf_link_create_opts *o, __u64 cookie)
{
	o->tracing.cookie = cookie;
}
static void lco_set_netfilter(struct bpf_link_create_opts *o, __u32 pf, __u32 hooknum,
			      __s32 priority, __u32 flags)
{
	o->netfilter.pf = pf;
	o->netfilter.hooknum = hooknum;
	o->netfilter.priority = priority;
	o->netfilter.flags = flags;
}
static void lco_set_tcx(struct bpf_link_create_opts *o, __u32 relative_fd, __u32 relative_id,
			__u64 expected_revision)
{
	o->tcx.relative_fd = relative_fd;
	o->tcx.relative_id = relative_id;
	o->tcx.expected_revision = expected_revision;
}
static void lco_set_netkit(struct bpf_link_create_opts *o, __u32 relative_fd, __u32 relative_id,
			   __u64 expected_revision)
{
	o->netkit.relative_fd = relative_fd;
	o->netkit.relative_id = relative_id;
	o->netkit.expected_revision = expected_revision;
}
*/
import "C"

import (
	"unsafe"

	"github.com/golibbpf/golibbpf/opts"
)

// The unsigned long arrays of bpf_link_create_opts (addrs, offsets,
// ref_ctr_offsets) are filled from []uint64: this fails to compile where
// unsigned long is not 64 bits wide.
const _ = uint(unsafe.Sizeof(C.ulong(0)) - 8)

// LinkCreate is bpf_link_create: it attaches the program progFD to targetFD
// (a cgroup, netns, ifindex, perf event, map, ... depending on attachType)
// and returns the new link's file descriptor, which the caller owns.
//
// o is validated first (opts.LinkCreate.ValidateFor); a problem found there is
// returned as an *opts.FieldError without any system call. Every array and
// string in o is copied to C memory for the call and freed before it returns.
func LinkCreate(progFD, targetFD int, attachType opts.AttachType, o *opts.LinkCreate) (int, error) {
	if err := o.ValidateFor(attachType); err != nil {
		return -1, err
	}
	var a arena
	defer a.free()
	copts := linkCreateOptsToC(o, &a)
	fd := C.bpf_link_create(C.int(progFD), C.int(targetFD), C.enum_bpf_attach_type(attachType), copts)
	if fd < 0 {
		return -1, fail(fd, "bpf_link_create", "prog_fd=%d target_fd=%d attach_type=%s", progFD, targetFD, attachType)
	}
	return int(fd), nil
}

// linkCreateOptsToC builds a C struct bpf_link_create_opts equal to o. All
// C memory it takes (the struct included) is recorded in a. A nil o gives NULL.
func linkCreateOptsToC(o *opts.LinkCreate, a *arena) *C.struct_bpf_link_create_opts {
	if o == nil {
		return nil
	}
	c := (*C.struct_bpf_link_create_opts)(a.keep(cAlloc(C.sizeof_struct_bpf_link_create_opts)))
	c.sz = C.sizeof_struct_bpf_link_create_opts
	c.flags = C.__u32(o.Flags)
	c.target_btf_id = C.__u32(o.TargetBTFID)
	if o.IterInfo != nil {
		c.iter_info = (*C.union_bpf_iter_link_info)(a.keep(iterLinkInfoToC(o.IterInfo)))
		c.iter_info_len = C.sizeof_union_bpf_iter_link_info
	}
	switch {
	case o.PerfEvent != nil:
		C.lco_set_perf_event(c, C.__u64(o.PerfEvent.BPFCookie))
	case o.KprobeMulti != nil:
		k := o.KprobeMulti
		var syms **C.char
		if len(k.Syms) > 0 {
			ptrs := unsafe.Slice((**C.char)(a.keep(cAlloc(unsafe.Sizeof(uintptr(0))*uintptr(len(k.Syms))))), len(k.Syms))
			for i, s := range k.Syms {
				ptrs[i] = (*C.char)(a.keep(unsafe.Pointer(cString(s))))
			}
			syms = &ptrs[0]
		}
		C.lco_set_kprobe_multi(c, C.__u32(k.Flags), C.__u32(max(len(k.Syms), len(k.Addrs))), syms,
			(*C.ulong)(a.keep(cArray(k.Addrs))), (*C.__u64)(a.keep(cArray(k.Cookies))))
	case o.UprobeMulti != nil:
		u := o.UprobeMulti
		C.lco_set_uprobe_multi(c, C.__u32(u.Flags), C.__u32(len(u.Offsets)),
			(*C.char)(a.keep(unsafe.Pointer(cString(u.Path)))),
			(*C.ulong)(a.keep(cArray(u.Offsets))), (*C.ulong)(a.keep(cArray(u.RefCtrOffsets))),
			(*C.__u64)(a.keep(cArray(u.Cookies))), C.__u32(u.PID))
	case o.Tracing != nil:
		C.lco_set_tracing(c, C.__u64(o.Tracing.Cookie))
	case o.Netfilter != nil:
		n := o.Netfilter
		C.lco_set_netfilter(c, C.__u32(n.PF), C.__u32(n.HookNum), C.__s32(n.Priority), C.__u32(n.Flags))
	case o.TCX != nil:
		t := o.TCX
		C.lco_set_tcx(c, C.__u32(t.RelativeFD), C.__u32(t.RelativeID), C.__u64(t.ExpectedRevision))
	case o.Netkit != nil:
		t := o.Netkit
		C.lco_set_netkit(c, C.__u32(t.RelativeFD), C.__u32(t.RelativeID), C.__u64(t.ExpectedRevision))
	}
	return c
}

// iterLinkInfoToC lays out union bpf_iter_link_info in new C memory.
func iterLinkInfoToC(i *opts.IterLinkInfo) unsafe.Pointer {
	p := cAlloc(C.sizeof_union_bpf_iter_link_info)
	u := unsafe.Slice((*uint32)(p), C.sizeof_union_bpf_iter_link_info/4)
	switch {
	case i.Map != nil:
		u[0] = i.Map.MapFD
	case i.Cgroup != nil:
		u[0] = uint32(i.Cgroup.Order)
		u[1] = i.Cgroup.CgroupFD
		*(*uint64)(unsafe.Pointer(&u[2])) = i.Cgroup.CgroupID
	case i.Task != nil:
		u[0], u[1], u[2] = i.Task.TID, i.Task.PID, i.Task.PIDFD
	}
	return p
}
