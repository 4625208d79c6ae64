package skel

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/opts"
)

// The Attach methods of a Program each make one link, owned by the object
// (Object.Detach and Object.Destroy destroy it). They need a loaded object
// (ErrNotLoaded) and a loaded program. A failure is an *AttachError naming
// the program and its section.

// attachError wraps err from attaching p.
func (p *Program) attachError(err error) *AttachError {
	return &AttachError{Program: p.name, Section: p.section, Err: err, unsupported: kernelLacks(err, p.sec)}
}

// attachWith makes a link with fn under the object's lock.
func (p *Program) attachWith(fn func() (*cgo.Link, error)) (*Link, error) {
	p.obj.mu.Lock()
	defer p.obj.mu.Unlock()
	return p.attachLocked(fn)
}

// attachLocked is attachWith for a caller holding the lock.
func (p *Program) attachLocked(fn func() (*cgo.Link, error)) (*Link, error) {
	if _, err := p.FD(); err != nil {
		return nil, err
	}
	var l *cgo.Link
	var err error
	p.obj.route(func() { l, err = fn() })
	if err != nil {
		return nil, p.attachError(err)
	}
	return p.obj.addLink(p, l, 0), nil
}

// Attach attaches the program the way its section says
// (bpf_program__attach): tracepoints, raw tracepoints, tp_btf, iterators,
// uprobes and USDTs with a target, kprobes, ... A section that carries no
// target (SEC("kprobe"), SEC("xdp"), ...) cannot be attached this way:
// use a typed method.
func (p *Program) Attach() (*Link, error) {
	return p.attachWith(func() (*cgo.Link, error) { return cgo.ProgramAttach(p.c) })
}

// AttachCgroup attaches the program to the cgroup v2 directory cgroupFD, for
// its expected attach type (bpf_program__attach_cgroup). The caller keeps
// cgroupFD.
func (p *Program) AttachCgroup(cgroupFD int) (*Link, error) {
	return p.attachWith(func() (*cgo.Link, error) { return cgo.ProgramAttachCgroup(p.c, cgroupFD) })
}

// AttachNetns attaches an sk_lookup or flow_dissector program to the
// network namespace netnsFD (bpf_program__attach_netns).
func (p *Program) AttachNetns(netnsFD int) (*Link, error) {
	return p.attachWith(func() (*cgo.Link, error) { return cgo.ProgramAttachNetns(p.c, netnsFD) })
}

// AttachSockmap attaches an sk_skb or sk_msg program to the sockmap or
// sockhash mapFD (bpf_program__attach_sockmap).
func (p *Program) AttachSockmap(mapFD int) (*Link, error) {
	return p.attachWith(func() (*cgo.Link, error) { return cgo.ProgramAttachSockmap(p.c, mapFD) })
}

// AttachXDP attaches an XDP program to the interface ifindex with XDP_FLAGS_*
// flags (0: the kernel's choice of mode), as an XDP link.
func (p *Program) AttachXDP(ifindex int, flags uint32) (*Link, error) {
	if flags == 0 {
		return p.attachWith(func() (*cgo.Link, error) { return cgo.ProgramAttachXDP(p.c, ifindex) })
	}
	return p.AttachLink(ifindex, opts.AttachXDP, &opts.LinkCreate{Flags: flags})
}

// AttachTCX attaches a tcx/ingress or tcx/egress program to the interface
// ifindex (bpf_program__attach_tcx); o places it among the programs there.
func (p *Program) AttachTCX(ifindex int, o *opts.TCXAttach) (*Link, error) {
	return p.attachWith(func() (*cgo.Link, error) { return cgo.ProgramAttachTCX(p.c, ifindex, o) })
}

// AttachNetkit attaches the program to the netkit device ifindex
// (bpf_program__attach_netkit).
func (p *Program) AttachNetkit(ifindex int, o *opts.NetkitAttach) (*Link, error) {
	return p.attachWith(func() (*cgo.Link, error) { return cgo.ProgramAttachNetkit(p.c, ifindex, o) })
}

// AttachNetfilter attaches a netfilter program to the hook o names
// (bpf_program__attach_netfilter).
func (p *Program) AttachNetfilter(o *opts.NetfilterAttach) (*Link, error) {
	return p.attachWith(func() (*cgo.Link, error) { return cgo.ProgramAttachNetfilter(p.c, o) })
}

// AttachTracepoint attaches the program to the tracepoint category/name
// (bpf_program__attach_tracepoint_opts).
func (p *Program) AttachTracepoint(category, name string, o *opts.TracepointAttach) (*Link, error) {
	return p.attachWith(func() (*cgo.Link, error) { return cgo.ProgramAttachTracepointOpts(p.c, category, name, o) })
}

// AttachRawTracepoint attaches the program to the raw tracepoint name
// (bpf_program__attach_raw_tracepoint_opts).
func (p *Program) AttachRawTracepoint(name string, o *opts.RawTracepointAttach) (*Link, error) {
	return p.attachWith(func() (*cgo.Link, error) { return cgo.ProgramAttachRawTracepointOpts(p.c, name, o) })
}

// AttachTrace attaches a tp_btf, fentry, fexit or fmod_ret program to its
// BTF target (bpf_program__attach_trace_opts).
func (p *Program) AttachTrace(o *opts.TraceAttach) (*Link, error) {
	return p.attachWith(func() (*cgo.Link, error) { return cgo.ProgramAttachTraceOpts(p.c, o) })
}

// AttachLSM attaches an LSM program to its hook (bpf_program__attach_lsm).
func (p *Program) AttachLSM() (*Link, error) {
	return p.attachWith(func() (*cgo.Link, error) { return cgo.ProgramAttachLSM(p.c) })
}

// AttachKprobe attaches the program to the kernel function fn, at its
// return when retprobe is set (bpf_program__attach_kprobe_opts). On a
// kernel without kprobes the error matches ErrNotSupported.
func (p *Program) AttachKprobe(retprobe bool, fn string, o *opts.KprobeAttach) (*Link, error) {
	var c opts.KprobeAttach
	if o != nil {
		c = *o
	}
	c.Retprobe = c.Retprobe || retprobe
	return p.attachWith(func() (*cgo.Link, error) { return cgo.ProgramAttachKprobeOpts(p.c, fn, &c) })
}

// AttachKsyscall attaches the program to the system call syscall
// (bpf_program__attach_ksyscall).
func (p *Program) AttachKsyscall(syscall string, o *opts.KsyscallAttach) (*Link, error) {
	return p.attachWith(func() (*cgo.Link, error) { return cgo.ProgramAttachKsyscall(p.c, syscall, o) })
}

// AttachKprobeMulti attaches the program to the kernel functions matching
// pattern, or those o names (bpf_program__attach_kprobe_multi_opts).
func (p *Program) AttachKprobeMulti(pattern string, o *opts.KprobeMultiAttach) (*Link, error) {
	return p.attachWith(func() (*cgo.Link, error) { return cgo.ProgramAttachKprobeMultiOpts(p.c, pattern, o) })
}

// AttachUprobe attaches the program at offset off of the binary path (or
// into o.FuncName), for process pid (-1: every process, 0: this one), at the
// function's return when retprobe is set (bpf_program__attach_uprobe_opts).
func (p *Program) AttachUprobe(retprobe bool, pid int, path string, off uint64, o *opts.UprobeAttach) (*Link, error) {
	var c opts.UprobeAttach
	if o != nil {
		c = *o
	}
	c.Retprobe = c.Retprobe || retprobe
	return p.attachWith(func() (*cgo.Link, error) { return cgo.ProgramAttachUprobeOpts(p.c, pid, path, off, &c) })
}

// AttachUprobeMulti attaches the program to the functions of path matching
// pattern, or those o names, as one uprobe_multi link
// (bpf_program__attach_uprobe_multi).
func (p *Program) AttachUprobeMulti(pid int, path, pattern string, o *opts.UprobeMultiAttach) (*Link, error) {
	return p.attachWith(func() (*cgo.Link, error) { return cgo.ProgramAttachUprobeMulti(p.c, pid, path, pattern, o) })
}

// AttachUSDT attaches the program to the USDT provider:name of path
// (bpf_program__attach_usdt). The link is composite: it has no fd of its
// own, and cannot be pinned or queried.
func (p *Program) AttachUSDT(pid int, path, provider, name string, o *opts.USDTAttach) (*Link, error) {
	return p.attachWith(func() (*cgo.Link, error) { return cgo.ProgramAttachUSDT(p.c, pid, path, provider, name, o) })
}

// AttachPerfEvent attaches the program to the perf event fd
// (bpf_program__attach_perf_event_opts). The link gets a dup of fd and
// closes it; the caller keeps fd.
func (p *Program) AttachPerfEvent(fd int, o *opts.PerfEventAttach) (*Link, error) {
	p.obj.mu.Lock()
	defer p.obj.mu.Unlock()
	return p.attachPerfEventLocked(fd, o)
}

func (p *Program) attachPerfEventLocked(fd int, o *opts.PerfEventAttach) (*Link, error) {
	if _, err := p.FD(); err != nil {
		return nil, err
	}
	dup, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return nil, p.attachError(fmt.Errorf("dup perf event fd %d: %w", fd, err))
	}
	l, err := p.attachLocked(func() (*cgo.Link, error) { return cgo.ProgramAttachPerfEventOpts(p.c, dup, o) })
	if err != nil {
		unix.Close(dup)
	}
	return l, err
}

// AttachIter attaches an iterator program (bpf_program__attach_iter); o
// says what it walks (a map, a cgroup, a task), nil for the default. Read
// the iterator with Link.OpenIter.
func (p *Program) AttachIter(o *opts.IterAttach) (*Link, error) {
	return p.attachWith(func() (*cgo.Link, error) { return cgo.ProgramAttachIter(p.c, o) })
}
