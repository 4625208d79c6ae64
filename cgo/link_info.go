package cgo

/*
#include <string.h>
#include <bpf/bpf.h>

// lki_view is struct bpf_link_info with its unions spelled out.
struct lki_view {
	__u32 type, id, prog_id;
	__u32 rt_name_len;
	__u32 tr_attach_type, tr_target_obj_id, tr_target_btf_id;
	__u64 cg_cgroup_id; __u32 cg_attach_type;
	__u32 it_name_len, it_map_id; __u64 it_cgroup_id; __u32 it_cgroup_order, it_tid, it_pid;
	__u32 ns_ino, ns_attach_type;
	__u32 xdp_ifindex;
	__u32 so_map_id;
	__u32 nf_pf, nf_hooknum; __s32 nf_priority; __u32 nf_flags;
	__u32 km_count, km_flags; __u64 km_missed;
	__u32 um_path_size, um_count, um_flags, um_pid;
	__u32 pe_type, pe_name_len, pe_offset; __u64 pe_addr, pe_missed, pe_cookie, pe_config; __u32 pe_event_type;
	__u32 tcx_ifindex, tcx_attach_type;
	__u32 nk_ifindex, nk_attach_type;
	__u32 sm_map_id, sm_attach_type;
};

static void lki_read(const struct bpf_link_info *i, struct lki_view *v)
{
	memset(v, 0, sizeof(*v));
	v->type = i->type; v->id = i->id; v->prog_id = i->prog_id;
	switch (i->type) {
	case BPF_LINK_TYPE_RAW_TRACEPOINT:
		v->rt_name_len = i->raw_tracepoint.tp_name_len;
		break;
	case BPF_LINK_TYPE_TRACING:
		v->tr_attach_type = i->tracing.attach_type;
		v->tr_target_obj_id = i->tracing.target_obj_id;
		v->tr_target_btf_id = i->tracing.target_btf_id;
		break;
	case BPF_LINK_TYPE_CGROUP:
		v->cg_cgroup_id = i->cgroup.cgroup_id;
		v->cg_attach_type = i->cgroup.attach_type;
		break;
	case BPF_LINK_TYPE_ITER:
		v->it_name_len = i->iter.target_name_len;
		v->it_map_id = i->iter.map.map_id;
		v->it_cgroup_id = i->iter.cgroup.cgroup_id;
		v->it_cgroup_order = i->iter.cgroup.order;
		v->it_tid = i->iter.task.tid;
		v->it_pid = i->iter.task.pid;
		break;
	case BPF_LINK_TYPE_NETNS:
		v->ns_ino = i->netns.netns_ino;
		v->ns_attach_type = i->netns.attach_type;
		break;
	case BPF_LINK_TYPE_XDP:
		v->xdp_ifindex = i->xdp.ifindex;
		break;
	case BPF_LINK_TYPE_STRUCT_OPS:
		v->so_map_id = i->struct_ops.map_id;
		break;
	case BPF_LINK_TYPE_NETFILTER:
		v->nf_pf = i->netfilter.pf; v->nf_hooknum = i->netfilter.hooknum;
		v->nf_priority = i->netfilter.priority; v->nf_flags = i->netfilter.flags;
		break;
	case BPF_LINK_TYPE_KPROBE_MULTI:
		v->km_count = i->kprobe_multi.count; v->km_flags = i->kprobe_multi.flags;
		v->km_missed = i->kprobe_multi.missed;
		break;
	case BPF_LINK_TYPE_UPROBE_MULTI:
		v->um_path_size = i->uprobe_multi.path_size; v->um_count = i->uprobe_multi.count;
		v->um_flags = i->uprobe_multi.flags; v->um_pid = i->uprobe_multi.pid;
		break;
	case BPF_LINK_TYPE_PERF_EVENT:
		v->pe_type = i->perf_event.type;
		switch (i->perf_event.type) {
		case BPF_PERF_EVENT_UPROBE: case BPF_PERF_EVENT_URETPROBE:
			v->pe_name_len = i->perf_event.uprobe.name_len;
			v->pe_offset = i->perf_event.uprobe.offset;
			v->pe_cookie = i->perf_event.uprobe.cookie;
			break;
		case BPF_PERF_EVENT_KPROBE: case BPF_PERF_EVENT_KRETPROBE:
			v->pe_name_len = i->perf_event.kprobe.name_len;
			v->pe_offset = i->perf_event.kprobe.offset;
			v->pe_addr = i->perf_event.kprobe.addr;
			v->pe_missed = i->perf_event.kprobe.missed;
			v->pe_cookie = i->perf_event.kprobe.cookie;
			break;
		case BPF_PERF_EVENT_TRACEPOINT:
			v->pe_name_len = i->perf_event.tracepoint.name_len;
			v->pe_cookie = i->perf_event.tracepoint.cookie;
			break;
		case BPF_PERF_EVENT_EVENT:
			v->pe_config = i->perf_event.event.config;
			v->pe_event_type = i->perf_event.event.type;
			v->pe_cookie = i->perf_event.event.cookie;
			break;
		}
		break;
	case BPF_LINK_TYPE_TCX:
		v->tcx_ifindex = i->tcx.ifindex; v->tcx_attach_type = i->tcx.attach_type;
		break;
	case BPF_LINK_TYPE_NETKIT:
		v->nk_ifindex = i->netkit.ifindex; v->nk_attach_type = i->netkit.attach_type;
		break;
	case BPF_LINK_TYPE_SOCKMAP:
		v->sm_map_id = i->sockmap.map_id; v->sm_attach_type = i->sockmap.attach_type;
		break;
	}
}

// lki_ask prepares info for a second query of a link of type t, asking for
// the variable-length parts: a name (or path) of name_len bytes into name, and
// up to cnt entries into the arrays a, b and c, as the link type has them.
static void lki_ask(struct bpf_link_info *i, __u32 t, __u32 pe_type, char *name, __u32 name_len,
		    __u64 *a, __u64 *b, __u64 *c, __u32 cnt)
{
	memset(i, 0, sizeof(*i));
	switch (t) {
	case BPF_LINK_TYPE_RAW_TRACEPOINT:
		i->raw_tracepoint.tp_name = (__u64)(unsigned long)name;
		i->raw_tracepoint.tp_name_len = name_len;
		break;
	case BPF_LINK_TYPE_ITER:
		i->iter.target_name = (__u64)(unsigned long)name;
		i->iter.target_name_len = name_len;
		break;
	case BPF_LINK_TYPE_KPROBE_MULTI:
		i->kprobe_multi.addrs = (__u64)(unsigned long)a;
		i->kprobe_multi.cookies = (__u64)(unsigned long)c;
		i->kprobe_multi.count = cnt;
		break;
	case BPF_LINK_TYPE_UPROBE_MULTI:
		i->uprobe_multi.path = (__u64)(unsigned long)name;
		i->uprobe_multi.path_size = name_len;
		i->uprobe_multi.offsets = (__u64)(unsigned long)a;
		i->uprobe_multi.ref_ctr_offsets = (__u64)(unsigned long)b;
		i->uprobe_multi.cookies = (__u64)(unsigned long)c;
		i->uprobe_multi.count = cnt;
		break;
	case BPF_LINK_TYPE_PERF_EVENT:
		switch (pe_type) {
		case BPF_PERF_EVENT_UPROBE: case BPF_PERF_EVENT_URETPROBE:
			i->perf_event.uprobe.file_name = (__u64)(unsigned long)name;
			i->perf_event.uprobe.name_len = name_len;
			break;
		case BPF_PERF_EVENT_KPROBE: case BPF_PERF_EVENT_KRETPROBE:
			i->perf_event.kprobe.func_name = (__u64)(unsigned long)name;
			i->perf_event.kprobe.name_len = name_len;
			break;
		case BPF_PERF_EVENT_TRACEPOINT:
			i->perf_event.tracepoint.tp_name = (__u64)(unsigned long)name;
			i->perf_event.tracepoint.name_len = name_len;
			break;
		}
		break;
	}
}
*/
import "C"

import (
	"unsafe"

	"github.com/golibbpf/golibbpf/opts"
)

// LinkInfo is struct bpf_link_info, decoded: the common fields, and one
// non-nil pointer for the member of the union that Type selects.
type LinkInfo struct {
	Type   opts.LinkType
	ID     uint32
	ProgID uint32

	RawTracepoint *RawTracepointLinkInfo // BPF_LINK_TYPE_RAW_TRACEPOINT
	Tracing       *TracingLinkInfo       // BPF_LINK_TYPE_TRACING (tp_btf, fentry, ...)
	Cgroup        *CgroupLinkInfo        // BPF_LINK_TYPE_CGROUP
	Iter          *IterLinkInfo          // BPF_LINK_TYPE_ITER
	Netns         *NetnsLinkInfo         // BPF_LINK_TYPE_NETNS
	XDP           *XDPLinkInfo           // BPF_LINK_TYPE_XDP
	StructOps     *StructOpsLinkInfo     // BPF_LINK_TYPE_STRUCT_OPS
	Netfilter     *NetfilterLinkInfo     // BPF_LINK_TYPE_NETFILTER
	KprobeMulti   *KprobeMultiLinkInfo   // BPF_LINK_TYPE_KPROBE_MULTI
	UprobeMulti   *UprobeMultiLinkInfo   // BPF_LINK_TYPE_UPROBE_MULTI
	PerfEvent     *PerfEventLinkInfo     // BPF_LINK_TYPE_PERF_EVENT
	TCX           *TCXLinkInfo           // BPF_LINK_TYPE_TCX
	Netkit        *NetkitLinkInfo        // BPF_LINK_TYPE_NETKIT
	Sockmap       *SockmapLinkInfo       // BPF_LINK_TYPE_SOCKMAP
}

// RawTracepointLinkInfo is the raw_tracepoint member of bpf_link_info.
type RawTracepointLinkInfo struct{ TPName string }

// TracingLinkInfo is the tracing member of bpf_link_info.
type TracingLinkInfo struct {
	AttachType  opts.AttachType
	TargetObjID uint32 // the target program ID (freplace) or BTF object ID
	TargetBTFID uint32
}

// CgroupLinkInfo is the cgroup member of bpf_link_info. CgroupID is 0 once
// the link is detached.
type CgroupLinkInfo struct {
	CgroupID   uint64
	AttachType opts.AttachType
}

// IterLinkInfo is the iter member of bpf_link_info.
type IterLinkInfo struct {
	TargetName  string // "task", "bpf_map_elem", ...
	MapID       uint32 // for map iterators
	CgroupID    uint64 // for cgroup iterators
	CgroupOrder opts.CgroupIterOrder
	TID, PID    uint32 // for task iterators
}

// NetnsLinkInfo is the netns member of bpf_link_info.
type NetnsLinkInfo struct {
	NetnsIno   uint32
	AttachType opts.AttachType
}

// XDPLinkInfo is the xdp member of bpf_link_info.
type XDPLinkInfo struct{ Ifindex uint32 }

// StructOpsLinkInfo is the struct_ops member of bpf_link_info.
type StructOpsLinkInfo struct{ MapID uint32 }

// NetfilterLinkInfo is the netfilter member of bpf_link_info.
type NetfilterLinkInfo struct {
	PF, HookNum uint32
	Priority    int32
	Flags       uint32
}

// KprobeMultiLinkInfo is the kprobe_multi member of bpf_link_info.
type KprobeMultiLinkInfo struct {
	Addrs   []uint64
	Cookies []uint64
	Flags   uint32
	Missed  uint64
}

// UprobeMultiLinkInfo is the uprobe_multi member of bpf_link_info.
type UprobeMultiLinkInfo struct {
	Path          string
	Offsets       []uint64
	RefCtrOffsets []uint64
	Cookies       []uint64
	Flags         uint32
	PID           uint32
}

// PerfEventType is enum bpf_perf_event_type.
type PerfEventType uint32

// Values of PerfEventType.
const (
	PerfEventUnspec     PerfEventType = 0 // BPF_PERF_EVENT_UNSPEC
	PerfEventUprobe     PerfEventType = 1 // BPF_PERF_EVENT_UPROBE
	PerfEventUretprobe  PerfEventType = 2 // BPF_PERF_EVENT_URETPROBE
	PerfEventKprobe     PerfEventType = 3 // BPF_PERF_EVENT_KPROBE
	PerfEventKretprobe  PerfEventType = 4 // BPF_PERF_EVENT_KRETPROBE
	PerfEventTracepoint PerfEventType = 5 // BPF_PERF_EVENT_TRACEPOINT
	PerfEventEvent      PerfEventType = 6 // BPF_PERF_EVENT_EVENT
)

// PerfEventLinkInfo is the perf_event member of bpf_link_info. Which fields
// are filled depends on Type: Name and Offset for probes and tracepoints
// (the file, function or tracepoint name), Addr and Missed for kprobes,
// Config and EventType for plain perf events; Cookie for all.
type PerfEventLinkInfo struct {
	Type      PerfEventType
	Name      string
	Offset    uint32
	Addr      uint64
	Missed    uint64
	Config    uint64
	EventType uint32
	Cookie    uint64
}

// TCXLinkInfo is the tcx member of bpf_link_info. Ifindex is 0 once detached.
type TCXLinkInfo struct {
	Ifindex    uint32
	AttachType opts.AttachType
}

// NetkitLinkInfo is the netkit member of bpf_link_info.
type NetkitLinkInfo TCXLinkInfo

// SockmapLinkInfo is the sockmap member of bpf_link_info.
type SockmapLinkInfo struct {
	MapID      uint32
	AttachType opts.AttachType
}

// LinkGetInfoByFD is bpf_link_get_info_by_fd, decoded. Names, paths and
// arrays (iterator target, raw tracepoint, uprobe_multi offsets, ...) are
// fetched with a second call into C buffers sized by the first.
func LinkGetInfoByFD(linkFD int) (*LinkInfo, error) {
	var a arena
	defer a.free()
	info := (*C.struct_bpf_link_info)(a.keep(cAlloc(C.sizeof_struct_bpf_link_info)))
	infoLen := C.__u32(C.sizeof_struct_bpf_link_info)
	if ret := C.bpf_link_get_info_by_fd(C.int(linkFD), info, &infoLen); ret < 0 {
		return nil, fail(ret, "bpf_link_get_info_by_fd", "link_fd=%d", linkFD)
	}
	var v C.struct_lki_view
	C.lki_read(info, &v)

	// Second query for the variable-length parts.
	var nameLen, cnt C.__u32
	switch opts.LinkType(v._type) {
	case opts.LinkTypeRawTracepoint:
		nameLen = v.rt_name_len
	case opts.LinkTypeIter:
		nameLen = v.it_name_len
	case opts.LinkTypeKprobeMulti:
		cnt = v.km_count
	case opts.LinkTypeUprobeMulti:
		nameLen, cnt = v.um_path_size, v.um_count
	case opts.LinkTypePerfEvent:
		nameLen = v.pe_name_len
	}
	var name *C.char
	var arr [3]*C.__u64
	if nameLen > 0 || cnt > 0 {
		if nameLen > 0 {
			name = (*C.char)(a.keep(cAlloc(uintptr(nameLen))))
		}
		if cnt > 0 {
			for i := range arr {
				arr[i] = (*C.__u64)(a.keep(cAlloc(8 * uintptr(cnt))))
			}
		}
		C.lki_ask(info, v._type, v.pe_type, name, nameLen, arr[0], arr[1], arr[2], cnt)
		infoLen = C.sizeof_struct_bpf_link_info
		if ret := C.bpf_link_get_info_by_fd(C.int(linkFD), info, &infoLen); ret < 0 {
			return nil, fail(ret, "bpf_link_get_info_by_fd", "link_fd=%d (second query)", linkFD)
		}
		C.lki_read(info, &v)
	}
	goName := func() string {
		if name == nil {
			return ""
		}
		return C.GoString(name)
	}
	goArr := func(i int) []uint64 { return u64s(unsafe.Pointer(arr[i]), cnt) }

	li := &LinkInfo{Type: opts.LinkType(v._type), ID: uint32(v.id), ProgID: uint32(v.prog_id)}
	switch li.Type {
	case opts.LinkTypeRawTracepoint:
		li.RawTracepoint = &RawTracepointLinkInfo{TPName: goName()}
	case opts.LinkTypeTracing:
		li.Tracing = &TracingLinkInfo{AttachType: opts.AttachType(v.tr_attach_type),
			TargetObjID: uint32(v.tr_target_obj_id), TargetBTFID: uint32(v.tr_target_btf_id)}
	case opts.LinkTypeCgroup:
		li.Cgroup = &CgroupLinkInfo{CgroupID: uint64(v.cg_cgroup_id), AttachType: opts.AttachType(v.cg_attach_type)}
	case opts.LinkTypeIter:
		li.Iter = &IterLinkInfo{TargetName: goName(), MapID: uint32(v.it_map_id),
			CgroupID: uint64(v.it_cgroup_id), CgroupOrder: opts.CgroupIterOrder(v.it_cgroup_order),
			TID: uint32(v.it_tid), PID: uint32(v.it_pid)}
	case opts.LinkTypeNetns:
		li.Netns = &NetnsLinkInfo{NetnsIno: uint32(v.ns_ino), AttachType: opts.AttachType(v.ns_attach_type)}
	case opts.LinkTypeXDP:
		li.XDP = &XDPLinkInfo{Ifindex: uint32(v.xdp_ifindex)}
	case opts.LinkTypeStructOps:
		li.StructOps = &StructOpsLinkInfo{MapID: uint32(v.so_map_id)}
	case opts.LinkTypeNetfilter:
		li.Netfilter = &NetfilterLinkInfo{PF: uint32(v.nf_pf), HookNum: uint32(v.nf_hooknum),
			Priority: int32(v.nf_priority), Flags: uint32(v.nf_flags)}
	case opts.LinkTypeKprobeMulti:
		li.KprobeMulti = &KprobeMultiLinkInfo{Addrs: goArr(0), Cookies: goArr(2),
			Flags: uint32(v.km_flags), Missed: uint64(v.km_missed)}
	case opts.LinkTypeUprobeMulti:
		li.UprobeMulti = &UprobeMultiLinkInfo{Path: goName(), Offsets: goArr(0), RefCtrOffsets: goArr(1),
			Cookies: goArr(2), Flags: uint32(v.um_flags), PID: uint32(v.um_pid)}
	case opts.LinkTypePerfEvent:
		li.PerfEvent = &PerfEventLinkInfo{Type: PerfEventType(v.pe_type), Name: goName(),
			Offset: uint32(v.pe_offset), Addr: uint64(v.pe_addr), Missed: uint64(v.pe_missed),
			Config: uint64(v.pe_config), EventType: uint32(v.pe_event_type), Cookie: uint64(v.pe_cookie)}
	case opts.LinkTypeTCX:
		li.TCX = &TCXLinkInfo{Ifindex: uint32(v.tcx_ifindex), AttachType: opts.AttachType(v.tcx_attach_type)}
	case opts.LinkTypeNetkit:
		li.Netkit = &NetkitLinkInfo{Ifindex: uint32(v.nk_ifindex), AttachType: opts.AttachType(v.nk_attach_type)}
	case opts.LinkTypeSockMap:
		li.Sockmap = &SockmapLinkInfo{MapID: uint32(v.sm_map_id), AttachType: opts.AttachType(v.sm_attach_type)}
	}
	return li, nil
}
