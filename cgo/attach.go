package cgo

/*
#include <stdlib.h>
#include <bpf/libbpf.h>
*/
import "C"

import (
	"unsafe"

	"github.com/golibbpf/golibbpf/opts"
	"golang.org/x/sys/unix"
)

// The bpf_program__attach_* calls of libbpf.h. Each validates its options,
// copies them (and every string and array) to C memory for the call, and
// returns the new link, which the caller destroys with LinkDestroy.

// cStrOrNil copies s to C memory kept in a; "" gives NULL.
func (a *arena) cStrOrNil(s string) *C.char {
	if s == "" {
		return nil
	}
	return (*C.char)(a.keep(unsafe.Pointer(cString(s))))
}

// cStrs copies strs into a C array of C strings kept in a; nil for none.
func (a *arena) cStrs(strs []string) **C.char {
	if len(strs) == 0 {
		return nil
	}
	ptrs := unsafe.Slice((**C.char)(a.keep(cAlloc(unsafe.Sizeof(uintptr(0))*uintptr(len(strs))))), len(strs))
	for i, s := range strs {
		ptrs[i] = (*C.char)(a.keep(unsafe.Pointer(cString(s))))
	}
	return &ptrs[0]
}

// attached wraps the result of an attach call.
func attached(l *C.struct_bpf_link, err error, fn string, p *Program, format string, args ...any) (*Link, error) {
	if l == nil {
		return nil, failNull(err, fn, "%q "+format, append([]any{ProgramName(p)}, args...)...)
	}
	return &Link{l}, nil
}

// ProgramAttachPerfEventOpts is bpf_program__attach_perf_event_opts: it
// attaches the program to the perf event pfd (which the caller keeps).
func ProgramAttachPerfEventOpts(p *Program, pfd int, o *opts.PerfEventAttach) (*Link, error) {
	var c *C.struct_bpf_perf_event_opts
	if o != nil {
		c = &C.struct_bpf_perf_event_opts{sz: C.sizeof_struct_bpf_perf_event_opts,
			bpf_cookie: C.__u64(o.BPFCookie), force_ioctl_attach: C.bool(o.ForceIoctlAttach)}
	}
	l, err := C.bpf_program__attach_perf_event_opts(p.p, C.int(pfd), c)
	return attached(l, err, "bpf_program__attach_perf_event_opts", p, "pfd=%d", pfd)
}

// ProgramAttachKprobeOpts is bpf_program__attach_kprobe_opts.
func ProgramAttachKprobeOpts(p *Program, funcName string, o *opts.KprobeAttach) (*Link, error) {
	if err := noNUL("bpf_program__attach_kprobe_opts", funcName); err != nil {
		return nil, err
	}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	var a arena
	defer a.free()
	var c *C.struct_bpf_kprobe_opts
	if o != nil {
		c = &C.struct_bpf_kprobe_opts{sz: C.sizeof_struct_bpf_kprobe_opts, bpf_cookie: C.__u64(o.BPFCookie),
			offset: C.size_t(o.Offset), retprobe: C.bool(o.Retprobe), attach_mode: uint32(o.AttachMode)}
	}
	l, err := C.bpf_program__attach_kprobe_opts(p.p, a.cStrOrNil(funcName), c)
	return attached(l, err, "bpf_program__attach_kprobe_opts", p, "func=%q", funcName)
}

// ProgramAttachKprobeMultiOpts is bpf_program__attach_kprobe_multi_opts:
// pattern (a glob) or o's Syms or Addrs name the functions.
func ProgramAttachKprobeMultiOpts(p *Program, pattern string, o *opts.KprobeMultiAttach) (*Link, error) {
	if err := noNUL("bpf_program__attach_kprobe_multi_opts", pattern); err != nil {
		return nil, err
	}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	var a arena
	defer a.free()
	var c *C.struct_bpf_kprobe_multi_opts
	if o != nil {
		c = (*C.struct_bpf_kprobe_multi_opts)(a.keep(cAlloc(C.sizeof_struct_bpf_kprobe_multi_opts)))
		c.sz = C.sizeof_struct_bpf_kprobe_multi_opts
		c.syms = a.cStrs(o.Syms)
		c.addrs = (*C.ulong)(a.keep(cArray(o.Addrs)))
		c.cookies = (*C.__u64)(a.keep(cArray(o.Cookies)))
		c.cnt = C.size_t(max(len(o.Syms), len(o.Addrs)))
		c.retprobe = C.bool(o.Retprobe)
		c.session = C.bool(o.Session)
	}
	l, err := C.bpf_program__attach_kprobe_multi_opts(p.p, a.cStrOrNil(pattern), c)
	return attached(l, err, "bpf_program__attach_kprobe_multi_opts", p, "pattern=%q", pattern)
}

// ProgramAttachUprobeMulti is bpf_program__attach_uprobe_multi: pid is -1
// for every process, 0 for this one; pattern (a glob) or o's Syms or Offsets
// name the probes in binaryPath.
func ProgramAttachUprobeMulti(p *Program, pid int, binaryPath, pattern string, o *opts.UprobeMultiAttach) (*Link, error) {
	if err := noNUL("bpf_program__attach_uprobe_multi", binaryPath, pattern); err != nil {
		return nil, err
	}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if err := opts.ValidateProbePID("bpf_program__attach_uprobe_multi", pid); err != nil {
		return nil, err
	}
	var a arena
	defer a.free()
	var c *C.struct_bpf_uprobe_multi_opts
	if o != nil {
		c = (*C.struct_bpf_uprobe_multi_opts)(a.keep(cAlloc(C.sizeof_struct_bpf_uprobe_multi_opts)))
		c.sz = C.sizeof_struct_bpf_uprobe_multi_opts
		c.syms = a.cStrs(o.Syms)
		c.offsets = (*C.ulong)(a.keep(cArray(o.Offsets)))
		c.ref_ctr_offsets = (*C.ulong)(a.keep(cArray(o.RefCtrOffsets)))
		c.cookies = (*C.__u64)(a.keep(cArray(o.Cookies)))
		c.cnt = C.size_t(max(len(o.Syms), len(o.Offsets)))
		c.retprobe = C.bool(o.Retprobe)
	}
	l, err := C.bpf_program__attach_uprobe_multi(p.p, C.pid_t(pid), a.cStrOrNil(binaryPath), a.cStrOrNil(pattern), c)
	return attached(l, err, "bpf_program__attach_uprobe_multi", p, "pid=%d path=%q pattern=%q", pid, binaryPath, pattern)
}

// ProgramAttachKsyscall is bpf_program__attach_ksyscall.
func ProgramAttachKsyscall(p *Program, syscallName string, o *opts.KsyscallAttach) (*Link, error) {
	if err := noNUL("bpf_program__attach_ksyscall", syscallName); err != nil {
		return nil, err
	}
	var a arena
	defer a.free()
	var c *C.struct_bpf_ksyscall_opts
	if o != nil {
		c = &C.struct_bpf_ksyscall_opts{sz: C.sizeof_struct_bpf_ksyscall_opts,
			bpf_cookie: C.__u64(o.BPFCookie), retprobe: C.bool(o.Retprobe)}
	}
	l, err := C.bpf_program__attach_ksyscall(p.p, a.cStrOrNil(syscallName), c)
	return attached(l, err, "bpf_program__attach_ksyscall", p, "syscall=%q", syscallName)
}

// ProgramAttachUprobeOpts is bpf_program__attach_uprobe_opts: pid is -1 for
// every process, 0 for this one; funcOffset is a file offset, or an offset
// into o.FuncName.
func ProgramAttachUprobeOpts(p *Program, pid int, binaryPath string, funcOffset uint64, o *opts.UprobeAttach) (*Link, error) {
	if err := noNUL("bpf_program__attach_uprobe_opts", binaryPath); err != nil {
		return nil, err
	}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if err := opts.ValidateProbePID("bpf_program__attach_uprobe_opts", pid); err != nil {
		return nil, err
	}
	var a arena
	defer a.free()
	var c *C.struct_bpf_uprobe_opts
	if o != nil {
		c = (*C.struct_bpf_uprobe_opts)(a.keep(cAlloc(C.sizeof_struct_bpf_uprobe_opts)))
		c.sz = C.sizeof_struct_bpf_uprobe_opts
		c.ref_ctr_offset = C.size_t(o.RefCtrOffset)
		c.bpf_cookie = C.__u64(o.BPFCookie)
		c.retprobe = C.bool(o.Retprobe)
		c.func_name = a.cStrOrNil(o.FuncName)
		c.attach_mode = uint32(o.AttachMode)
	}
	l, err := C.bpf_program__attach_uprobe_opts(p.p, C.pid_t(pid), a.cStrOrNil(binaryPath), C.size_t(funcOffset), c)
	return attached(l, err, "bpf_program__attach_uprobe_opts", p, "pid=%d path=%q offset=%#x", pid, binaryPath, funcOffset)
}

// ProgramAttachUSDT is bpf_program__attach_usdt. The link it returns is
// composite: LinkFD gives no usable fd for it.
func ProgramAttachUSDT(p *Program, pid int, binaryPath, provider, name string, o *opts.USDTAttach) (*Link, error) {
	if err := noNUL("bpf_program__attach_usdt", binaryPath, provider, name); err != nil {
		return nil, err
	}
	if err := opts.ValidateProbePID("bpf_program__attach_usdt", pid); err != nil {
		return nil, err
	}
	var a arena
	defer a.free()
	var c *C.struct_bpf_usdt_opts
	if o != nil {
		c = &C.struct_bpf_usdt_opts{sz: C.sizeof_struct_bpf_usdt_opts, usdt_cookie: C.__u64(o.USDTCookie)}
	}
	l, err := C.bpf_program__attach_usdt(p.p, C.pid_t(pid), a.cStrOrNil(binaryPath), a.cStrOrNil(provider), a.cStrOrNil(name), c)
	return attached(l, err, "bpf_program__attach_usdt", p, "pid=%d path=%q %s:%s", pid, binaryPath, provider, name)
}

// ProgramAttachTracepointOpts is bpf_program__attach_tracepoint_opts.
func ProgramAttachTracepointOpts(p *Program, category, name string, o *opts.TracepointAttach) (*Link, error) {
	if err := noNUL("bpf_program__attach_tracepoint_opts", category, name); err != nil {
		return nil, err
	}
	var a arena
	defer a.free()
	var c *C.struct_bpf_tracepoint_opts
	if o != nil {
		c = &C.struct_bpf_tracepoint_opts{sz: C.sizeof_struct_bpf_tracepoint_opts, bpf_cookie: C.__u64(o.BPFCookie)}
	}
	l, err := C.bpf_program__attach_tracepoint_opts(p.p, a.cStrOrNil(category), a.cStrOrNil(name), c)
	return attached(l, err, "bpf_program__attach_tracepoint_opts", p, "%s/%s", category, name)
}

// ProgramAttachRawTracepointOpts is bpf_program__attach_raw_tracepoint_opts.
func ProgramAttachRawTracepointOpts(p *Program, name string, o *opts.RawTracepointAttach) (*Link, error) {
	if err := noNUL("bpf_program__attach_raw_tracepoint_opts", name); err != nil {
		return nil, err
	}
	var a arena
	defer a.free()
	var c *C.struct_bpf_raw_tracepoint_opts
	if o != nil {
		c = (*C.struct_bpf_raw_tracepoint_opts)(a.keep(cAlloc(C.sizeof_struct_bpf_raw_tracepoint_opts)))
		c.sz = C.sizeof_struct_bpf_raw_tracepoint_opts
		c.cookie = C.__u64(o.Cookie)
	}
	l, err := C.bpf_program__attach_raw_tracepoint_opts(p.p, a.cStrOrNil(name), c)
	return attached(l, err, "bpf_program__attach_raw_tracepoint_opts", p, "%q", name)
}

// ProgramAttachTraceOpts is bpf_program__attach_trace_opts (tp_btf, fentry,
// fexit, fmod_ret: the target comes from the program's BTF attach target).
func ProgramAttachTraceOpts(p *Program, o *opts.TraceAttach) (*Link, error) {
	var c *C.struct_bpf_trace_opts
	if o != nil {
		c = &C.struct_bpf_trace_opts{sz: C.sizeof_struct_bpf_trace_opts, cookie: C.__u64(o.Cookie)}
	}
	l, err := C.bpf_program__attach_trace_opts(p.p, c)
	return attached(l, err, "bpf_program__attach_trace_opts", p, "")
}

// ProgramAttachLSM is bpf_program__attach_lsm.
func ProgramAttachLSM(p *Program) (*Link, error) {
	l, err := C.bpf_program__attach_lsm(p.p)
	return attached(l, err, "bpf_program__attach_lsm", p, "")
}

// ProgramAttachCgroup is bpf_program__attach_cgroup: a link to the cgroup
// v2 directory cgroupFD, for the program's expected attach type.
func ProgramAttachCgroup(p *Program, cgroupFD int) (*Link, error) {
	l, err := C.bpf_program__attach_cgroup(p.p, C.int(cgroupFD))
	return attached(l, err, "bpf_program__attach_cgroup", p, "cgroup_fd=%d", cgroupFD)
}

// ProgramAttachNetns is bpf_program__attach_netns (sk_lookup, flow_dissector):
// netnsFD is an open /proc/PID/ns/net or bind-mounted netns file.
func ProgramAttachNetns(p *Program, netnsFD int) (*Link, error) {
	l, err := C.bpf_program__attach_netns(p.p, C.int(netnsFD))
	return attached(l, err, "bpf_program__attach_netns", p, "netns_fd=%d", netnsFD)
}

// ProgramAttachSockmap is bpf_program__attach_sockmap (sk_skb, sk_msg).
func ProgramAttachSockmap(p *Program, mapFD int) (*Link, error) {
	l, err := C.bpf_program__attach_sockmap(p.p, C.int(mapFD))
	return attached(l, err, "bpf_program__attach_sockmap", p, "map_fd=%d", mapFD)
}

// ProgramAttachXDP is bpf_program__attach_xdp: an XDP link on ifindex. XDP
// flags go through LinkCreate (opts.LinkCreate.Flags) instead.
func ProgramAttachXDP(p *Program, ifindex int) (*Link, error) {
	l, err := C.bpf_program__attach_xdp(p.p, C.int(ifindex))
	return attached(l, err, "bpf_program__attach_xdp", p, "ifindex=%d", ifindex)
}

// ProgramAttachFreplace is bpf_program__attach_freplace.
func ProgramAttachFreplace(p *Program, targetFD int, attachFuncName string) (*Link, error) {
	if err := noNUL("bpf_program__attach_freplace", attachFuncName); err != nil {
		return nil, err
	}
	var a arena
	defer a.free()
	l, err := C.bpf_program__attach_freplace(p.p, C.int(targetFD), a.cStrOrNil(attachFuncName))
	return attached(l, err, "bpf_program__attach_freplace", p, "target_fd=%d func=%q", targetFD, attachFuncName)
}

// ProgramAttachNetfilter is bpf_program__attach_netfilter; o is required.
func ProgramAttachNetfilter(p *Program, o *opts.NetfilterAttach) (*Link, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	c := &C.struct_bpf_netfilter_opts{sz: C.sizeof_struct_bpf_netfilter_opts, pf: C.__u32(o.PF),
		hooknum: C.__u32(o.HookNum), priority: C.__s32(o.Priority), flags: C.__u32(o.Flags)}
	l, err := C.bpf_program__attach_netfilter(p.p, c)
	return attached(l, err, "bpf_program__attach_netfilter", p, "pf=%d hook=%d priority=%d", o.PF, o.HookNum, o.Priority)
}

// ProgramAttachTCX is bpf_program__attach_tcx: the program's expected attach
// type (tcx/ingress or tcx/egress) picks the direction.
func ProgramAttachTCX(p *Program, ifindex int, o *opts.TCXAttach) (*Link, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	var c *C.struct_bpf_tcx_opts
	if o != nil {
		c = &C.struct_bpf_tcx_opts{sz: C.sizeof_struct_bpf_tcx_opts, flags: C.__u32(o.Flags),
			relative_fd: C.__u32(o.RelativeFD), relative_id: C.__u32(o.RelativeID),
			expected_revision: C.__u64(o.ExpectedRevision)}
	}
	l, err := C.bpf_program__attach_tcx(p.p, C.int(ifindex), c)
	return attached(l, err, "bpf_program__attach_tcx", p, "ifindex=%d", ifindex)
}

// ProgramAttachNetkit is bpf_program__attach_netkit.
func ProgramAttachNetkit(p *Program, ifindex int, o *opts.NetkitAttach) (*Link, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	var c *C.struct_bpf_netkit_opts
	if o != nil {
		c = &C.struct_bpf_netkit_opts{sz: C.sizeof_struct_bpf_netkit_opts, flags: C.__u32(o.Flags),
			relative_fd: C.__u32(o.RelativeFD), relative_id: C.__u32(o.RelativeID),
			expected_revision: C.__u64(o.ExpectedRevision)}
	}
	l, err := C.bpf_program__attach_netkit(p.p, C.int(ifindex), c)
	return attached(l, err, "bpf_program__attach_netkit", p, "ifindex=%d", ifindex)
}

// ProgramAttachIter is bpf_program__attach_iter.
func ProgramAttachIter(p *Program, o *opts.IterAttach) (*Link, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	var a arena
	defer a.free()
	var c *C.struct_bpf_iter_attach_opts
	if o != nil {
		c = (*C.struct_bpf_iter_attach_opts)(a.keep(cAlloc(C.sizeof_struct_bpf_iter_attach_opts)))
		c.sz = C.sizeof_struct_bpf_iter_attach_opts
		if o.LinkInfo != nil {
			c.link_info = (*C.union_bpf_iter_link_info)(a.keep(iterLinkInfoToC(o.LinkInfo)))
			c.link_info_len = C.sizeof_union_bpf_iter_link_info
		}
	}
	l, err := C.bpf_program__attach_iter(p.p, c)
	return attached(l, err, "bpf_program__attach_iter", p, "")
}

// MapAttachStructOps is bpf_map__attach_struct_ops: it registers the
// struct_ops map with the kernel, as a link.
func MapAttachStructOps(m *Map) (*Link, error) {
	l, err := C.bpf_map__attach_struct_ops(m.p)
	if l == nil {
		return nil, failNull(err, "bpf_map__attach_struct_ops", "%q", MapName(m))
	}
	return &Link{l}, nil
}

// errNoLink is returned for a nil link handle.
var errNoLink = &Error{Func: "bpf_link", Args: "nil", Errno: unix.EINVAL}
