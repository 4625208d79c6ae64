package cgo

/*
#include <bpf/bpf.h>

// lco_view is struct bpf_link_create_opts with its union spelled out: each
// member's fields read back by name, so a test can compare what C sees with
// the Go options it was built from.
struct lco_view {
	size_t sz;
	__u32 flags;
	const void *iter_info;
	__u32 iter_info_len;
	__u32 target_btf_id;
	__u64 perf_event_bpf_cookie;
	__u32 kprobe_flags, kprobe_cnt;
	const char **kprobe_syms;
	const unsigned long *kprobe_addrs;
	const __u64 *kprobe_cookies;
	__u32 uprobe_flags, uprobe_cnt;
	const char *uprobe_path;
	const unsigned long *uprobe_offsets, *uprobe_ref_ctr_offsets;
	const __u64 *uprobe_cookies;
	__u32 uprobe_pid;
	__u64 tracing_cookie;
	__u32 nf_pf, nf_hooknum;
	__s32 nf_priority;
	__u32 nf_flags;
	__u32 tcx_relative_fd, tcx_relative_id;
	__u64 tcx_expected_revision;
	__u32 netkit_relative_fd, netkit_relative_id;
	__u64 netkit_expected_revision;
	__u32 iter_map_fd, iter_cgroup_order, iter_cgroup_fd;
	__u64 iter_cgroup_id;
	__u32 iter_task_tid, iter_task_pid, iter_task_pid_fd;
};

static void lco_read(const struct bpf_link_create_opts *o, struct lco_view *v)
{
	v->sz = o->sz;
	v->flags = o->flags;
	v->iter_info = o->iter_info;
	v->iter_info_len = o->iter_info_len;
	v->target_btf_id = o->target_btf_id;
	v->perf_event_bpf_cookie = o->perf_event.bpf_cookie;
	v->kprobe_flags = o->kprobe_multi.flags;
	v->kprobe_cnt = o->kprobe_multi.cnt;
	v->kprobe_syms = o->kprobe_multi.syms;
	v->kprobe_addrs = o->kprobe_multi.addrs;
	v->kprobe_cookies = o->kprobe_multi.cookies;
	v->uprobe_flags = o->uprobe_multi.flags;
	v->uprobe_cnt = o->uprobe_multi.cnt;
	v->uprobe_path = o->uprobe_multi.path;
	v->uprobe_offsets = o->uprobe_multi.offsets;
	v->uprobe_ref_ctr_offsets = o->uprobe_multi.ref_ctr_offsets;
	v->uprobe_cookies = o->uprobe_multi.cookies;
	v->uprobe_pid = o->uprobe_multi.pid;
	v->tracing_cookie = o->tracing.cookie;
	v->nf_pf = o->netfilter.pf;
	v->nf_hooknum = o->netfilter.hooknum;
	v->nf_priority = o->netfilter.priority;
	v->nf_flags = o->netfilter.flags;
	v->tcx_relative_fd = o->tcx.relative_fd;
	v->tcx_relative_id = o->tcx.relative_id;
	v->tcx_expected_revision = o->tcx.expected_revision;
	v->netkit_relative_fd = o->netkit.relative_fd;
	v->netkit_relative_id = o->netkit.relative_id;
	v->netkit_expected_revision = o->netkit.expected_revision;
	if (o->iter_info) {
		v->iter_map_fd = o->iter_info->map.map_fd;
		v->iter_cgroup_order = o->iter_info->cgroup.order;
		v->iter_cgroup_fd = o->iter_info->cgroup.cgroup_fd;
		v->iter_cgroup_id = o->iter_info->cgroup.cgroup_id;
		v->iter_task_tid = o->iter_info->task.tid;
		v->iter_task_pid = o->iter_info->task.pid;
		v->iter_task_pid_fd = o->iter_info->task.pid_fd;
	}
}
*/
import "C"

import (
	"unsafe"

	"github.com/golibbpf/golibbpf/opts"
)

// linkCreateReadback is what C sees in a struct bpf_link_create_opts, read
// field by field by C code and copied out. Only the tests use it.
type linkCreateReadback struct {
	Null                                    bool // the struct pointer was NULL
	Sz                                      uint64
	SizeofStruct                            uint64 // sizeof(struct bpf_link_create_opts)
	Flags                                   uint32
	IterInfoSet                             bool
	IterInfoLen                             uint32
	TargetBTFID                             uint32
	PerfEventBPFCookie                      uint64
	KprobeFlags, KprobeCnt                  uint32
	KprobeSyms                              []string
	KprobeAddrs, KprobeCookies              []uint64
	UprobeFlags, UprobeCnt                  uint32
	UprobePath                              *string
	UprobeOffsets, UprobeRefCtrOffs         []uint64
	UprobeCookies                           []uint64
	UprobePID                               uint32
	TracingCookie                           uint64
	NfPF, NfHooknum                         uint32
	NfPriority                              int32
	NfFlags                                 uint32
	TCXRelativeFD, TCXRelativeID            uint32
	TCXExpectedRevision                     uint64
	NetkitRelativeFD, NetkitRelID           uint32
	NetkitExpectedRevision                  uint64
	IterMapFD                               uint32
	IterCgroupOrder, IterCgroupFD           uint32
	IterCgroupID                            uint64
	IterTaskTID, IterTaskPID, IterTaskPIDFD uint32
}

// readBackLinkCreateOpts converts o to C as LinkCreate does, reads every
// field back through C, frees the C memory and returns what C saw. Of the
// union (and of the iter_info union) only the member o sets is copied out,
// read through that member's C names.
func readBackLinkCreateOpts(o *opts.LinkCreate) linkCreateReadback {
	var a arena
	defer a.free()
	c := linkCreateOptsToC(o, &a)
	if c == nil {
		return linkCreateReadback{Null: true}
	}
	r := linkCreateReadback{SizeofStruct: C.sizeof_struct_bpf_link_create_opts}
	var v C.struct_lco_view
	C.lco_read(c, &v)
	r.Sz = uint64(v.sz)
	r.Flags = uint32(v.flags)
	r.IterInfoSet = v.iter_info != nil
	r.IterInfoLen = uint32(v.iter_info_len)
	r.TargetBTFID = uint32(v.target_btf_id)
	switch {
	case o.PerfEvent != nil:
		r.PerfEventBPFCookie = uint64(v.perf_event_bpf_cookie)
	case o.KprobeMulti != nil:
		r.KprobeFlags, r.KprobeCnt = uint32(v.kprobe_flags), uint32(v.kprobe_cnt)
		if v.kprobe_syms != nil {
			for _, s := range unsafe.Slice(v.kprobe_syms, v.kprobe_cnt) {
				r.KprobeSyms = append(r.KprobeSyms, C.GoString(s))
			}
		}
		r.KprobeAddrs = u64s(unsafe.Pointer(v.kprobe_addrs), v.kprobe_cnt)
		r.KprobeCookies = u64s(unsafe.Pointer(v.kprobe_cookies), v.kprobe_cnt)
	case o.UprobeMulti != nil:
		r.UprobeFlags, r.UprobeCnt = uint32(v.uprobe_flags), uint32(v.uprobe_cnt)
		if v.uprobe_path != nil {
			s := C.GoString(v.uprobe_path)
			r.UprobePath = &s
		}
		r.UprobeOffsets = u64s(unsafe.Pointer(v.uprobe_offsets), v.uprobe_cnt)
		r.UprobeRefCtrOffs = u64s(unsafe.Pointer(v.uprobe_ref_ctr_offsets), v.uprobe_cnt)
		r.UprobeCookies = u64s(unsafe.Pointer(v.uprobe_cookies), v.uprobe_cnt)
		r.UprobePID = uint32(v.uprobe_pid)
	case o.Tracing != nil:
		r.TracingCookie = uint64(v.tracing_cookie)
	case o.Netfilter != nil:
		r.NfPF, r.NfHooknum = uint32(v.nf_pf), uint32(v.nf_hooknum)
		r.NfPriority, r.NfFlags = int32(v.nf_priority), uint32(v.nf_flags)
	case o.TCX != nil:
		r.TCXRelativeFD, r.TCXRelativeID = uint32(v.tcx_relative_fd), uint32(v.tcx_relative_id)
		r.TCXExpectedRevision = uint64(v.tcx_expected_revision)
	case o.Netkit != nil:
		r.NetkitRelativeFD, r.NetkitRelID = uint32(v.netkit_relative_fd), uint32(v.netkit_relative_id)
		r.NetkitExpectedRevision = uint64(v.netkit_expected_revision)
	}
	if i := o.IterInfo; i != nil {
		switch {
		case i.Map != nil:
			r.IterMapFD = uint32(v.iter_map_fd)
		case i.Cgroup != nil:
			r.IterCgroupOrder, r.IterCgroupFD = uint32(v.iter_cgroup_order), uint32(v.iter_cgroup_fd)
			r.IterCgroupID = uint64(v.iter_cgroup_id)
		case i.Task != nil:
			r.IterTaskTID, r.IterTaskPID, r.IterTaskPIDFD = uint32(v.iter_task_tid), uint32(v.iter_task_pid), uint32(v.iter_task_pid_fd)
		}
	}
	return r
}

func u64s(p unsafe.Pointer, n C.__u32) []uint64 {
	if p == nil {
		return nil
	}
	return append([]uint64(nil), unsafe.Slice((*uint64)(p), n)...)
}
