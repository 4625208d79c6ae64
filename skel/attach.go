package skel

import (
	"fmt"
	"os"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/opts"
)

// Attach attaches every program with autoload and autoattach on that has
// no link yet, and every struct_ops map with autoattach on:
//
//   - programs libbpf attaches by section (tracepoint, raw_tp, tp_btf, iter,
//     uprobe/uretprobe with a path, usdt, kprobe and ksyscall with a target,
//     ...) through bpf_program__attach;
//   - beyond libbpf, programs whose target o names: cgroup programs
//     (o.Cgroup), xdp and tcx/ingress|egress (o.Ifindex), netfilter
//     (o.Netfilter), sk_lookup and flow_dissector (o.Netns), sk_skb and
//     sk_msg (o.SockMap), perf_event (o.PerfEventFD).
//
// A program whose target is not given is skipped, as libbpf skips a bare
// SEC("kprobe"). If one attachment fails, every link this call made is
// destroyed again and the *AttachError names the program and its section.
func (o *Object) Attach(ao *AttachOptions) error {
	if ao == nil {
		ao = &AttachOptions{}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if err := o.phase("attach", stateLoaded); err != nil {
		return err
	}
	var made []*Link
	fail := func(err error) error {
		o.destroyLinks(made)
		return err
	}
	t := &targets{ao: ao}
	defer t.close()
	for _, p := range o.progs {
		if p.fd < 0 || !cgo.ProgramAutoattach(p.c) || o.hasLink(p) {
			continue
		}
		l, err := p.autoAttach(t)
		if err != nil {
			return fail(err)
		}
		if l != nil {
			l.auto = true
			made = append(made, l)
		}
	}
	for _, m := range o.maps {
		if m.fd < 0 || m.typ != opts.MapTypeStructOps || !cgo.MapAutoattach(m.c) || o.hasMapLink(m) {
			continue
		}
		var c *cgo.Link
		var err error
		o.route(func() { c, err = cgo.MapAttachStructOps(m.c) })
		if err != nil {
			return fail(&AttachError{Program: m.name, Section: ".struct_ops", Err: err})
		}
		l := o.addLink(nil, c, 0)
		l.mapName, l.auto = m.name, true
		made = append(made, l)
	}
	return nil
}

func (o *Object) hasLink(p *Program) bool {
	for _, l := range o.links {
		if l.prog == p {
			return true
		}
	}
	return false
}

func (o *Object) hasMapLink(m *Map) bool {
	for _, l := range o.links {
		if l.prog == nil && l.mapName == m.name {
			return true
		}
	}
	return false
}

// targets opens the files AttachOptions names once per Attach call.
type targets struct {
	ao               *AttachOptions
	cgroup, netns    *os.File
	cgroupErr, nsErr error
}

func (t *targets) cgroupFD() (int, error) {
	if t.cgroup == nil && t.cgroupErr == nil {
		t.cgroup, t.cgroupErr = os.Open(t.ao.Cgroup)
	}
	if t.cgroupErr != nil {
		return -1, fmt.Errorf("cgroup %s: %w", t.ao.Cgroup, t.cgroupErr)
	}
	return int(t.cgroup.Fd()), nil
}

func (t *targets) netnsFD() (int, error) {
	if t.netns == nil && t.nsErr == nil {
		t.netns, t.nsErr = os.Open(t.ao.Netns)
	}
	if t.nsErr != nil {
		return -1, fmt.Errorf("netns %s: %w", t.ao.Netns, t.nsErr)
	}
	return int(t.netns.Fd()), nil
}

func (t *targets) close() {
	if t.cgroup != nil {
		t.cgroup.Close()
	}
	if t.netns != nil {
		t.netns.Close()
	}
}

// autoAttach attaches p for Object.Attach: by section when libbpf would,
// else by program and attach type when t names the target. It returns a
// nil link for a program it skips. The caller holds the object's lock.
func (p *Program) autoAttach(t *targets) (*Link, error) {
	if p.sec.AutoAttach() {
		return p.attachLocked(func() (*cgo.Link, error) { return cgo.ProgramAttach(p.c) })
	}
	ao := t.ao
	pt := cgo.ProgramType(p.c)
	at := cgo.ProgramExpectedAttachType(p.c)
	switch {
	case isCgroupProgram(pt, at):
		if ao.Cgroup == "" {
			return nil, nil
		}
		fd, err := t.cgroupFD()
		if err != nil {
			return nil, p.attachError(err)
		}
		return p.attachLocked(func() (*cgo.Link, error) { return cgo.ProgramAttachCgroup(p.c, fd) })
	case pt == opts.ProgTypeXDP && at != opts.AttachXDPDevMap && at != opts.AttachXDPCPUMap:
		if ao.Ifindex <= 0 {
			return nil, nil
		}
		if ao.XDPFlags != 0 {
			return p.attachLinkLocked(ao.Ifindex, opts.AttachXDP, &opts.LinkCreate{Flags: ao.XDPFlags})
		}
		return p.attachLocked(func() (*cgo.Link, error) { return cgo.ProgramAttachXDP(p.c, ao.Ifindex) })
	case pt == opts.ProgTypeSchedCls && (at == opts.AttachTCXIngress || at == opts.AttachTCXEgress):
		if ao.Ifindex <= 0 {
			return nil, nil
		}
		return p.attachLocked(func() (*cgo.Link, error) { return cgo.ProgramAttachTCX(p.c, ao.Ifindex, nil) })
	case pt == opts.ProgTypeNetfilter:
		if ao.Netfilter == nil {
			return nil, nil
		}
		return p.attachLocked(func() (*cgo.Link, error) { return cgo.ProgramAttachNetfilter(p.c, ao.Netfilter) })
	case pt == opts.ProgTypeSKLookup || pt == opts.ProgTypeFlowDissector:
		if ao.Netns == "" {
			return nil, nil
		}
		fd, err := t.netnsFD()
		if err != nil {
			return nil, p.attachError(err)
		}
		return p.attachLocked(func() (*cgo.Link, error) { return cgo.ProgramAttachNetns(p.c, fd) })
	case pt == opts.ProgTypeSKSKB || pt == opts.ProgTypeSKMsg:
		if ao.SockMap == nil {
			return nil, nil
		}
		fd, err := ao.SockMap.FD()
		if err != nil {
			return nil, p.attachError(err)
		}
		return p.attachLocked(func() (*cgo.Link, error) { return cgo.ProgramAttachSockmap(p.c, fd) })
	case pt == opts.ProgTypePerfEvent:
		if ao.PerfEventFD <= 0 {
			return nil, nil
		}
		return p.attachPerfEventLocked(ao.PerfEventFD, nil)
	}
	return nil, nil
}

// isCgroupProgram reports whether programs of type pt (and expected attach
// type at) attach to a cgroup.
func isCgroupProgram(pt opts.ProgType, at opts.AttachType) bool {
	switch pt {
	case opts.ProgTypeCgroupSKB, opts.ProgTypeCgroupSock, opts.ProgTypeCgroupSockAddr, opts.ProgTypeSockOps,
		opts.ProgTypeCgroupDevice, opts.ProgTypeCgroupSysctl, opts.ProgTypeCgroupSockOpt:
		return true
	case opts.ProgTypeLSM:
		return at == opts.AttachLSMCgroup
	}
	return false
}
