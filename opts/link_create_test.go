package opts_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/golibbpf/golibbpf/opts"
	"golang.org/x/sys/unix"
)

const lco = "bpf_link_create_opts"

// member is one union member of bpf_link_create_opts: its Go field name, a
// function setting it to a valid value, and the attach types that read it.
type member struct {
	name  string
	set   func(o *opts.LinkCreate)
	types []opts.AttachType
}

// members lists the union in declaration order, each set to a valid value.
var members = []member{
	{"PerfEvent", func(o *opts.LinkCreate) { o.PerfEvent = &opts.PerfEvent{BPFCookie: 0xc00c1e} },
		[]opts.AttachType{opts.AttachPerfEvent}},
	{"KprobeMulti", func(o *opts.LinkCreate) {
		o.KprobeMulti = &opts.KprobeMulti{Flags: opts.BPF_F_KPROBE_MULTI_RETURN, Syms: []string{"vfs_read", "vfs_write"}, Cookies: []uint64{1, 2}}
	}, []opts.AttachType{opts.AttachTraceKprobeMulti, opts.AttachTraceKprobeSession}},
	{"UprobeMulti", func(o *opts.LinkCreate) {
		o.UprobeMulti = &opts.UprobeMulti{Flags: opts.BPF_F_UPROBE_MULTI_RETURN, Path: "/bin/true",
			Offsets: []uint64{0x1000, 0x1040}, RefCtrOffsets: []uint64{0x10, 0x12}, Cookies: []uint64{7, 8}, PID: 1}
	}, []opts.AttachType{opts.AttachTraceUprobeMulti}},
	{"Tracing", func(o *opts.LinkCreate) { o.Tracing = &opts.Tracing{Cookie: 42} },
		[]opts.AttachType{opts.AttachTraceRawTP, opts.AttachTraceFentry, opts.AttachTraceFexit, opts.AttachModifyReturn, opts.AttachLSMMac}},
	{"Netfilter", func(o *opts.LinkCreate) {
		o.Netfilter = &opts.Netfilter{PF: opts.NFPROTO_IPV6, HookNum: opts.NF_INET_LOCAL_OUT, Priority: -399, Flags: opts.BPF_F_NETFILTER_IP_DEFRAG}
	}, []opts.AttachType{opts.AttachNetfilter}},
	{"TCX", func(o *opts.LinkCreate) {
		o.Flags = opts.BPF_F_BEFORE | opts.BPF_F_LINK
		o.TCX = &opts.TCX{RelativeFD: 5, ExpectedRevision: 3}
	}, []opts.AttachType{opts.AttachTCXIngress, opts.AttachTCXEgress}},
	{"Netkit", func(o *opts.LinkCreate) {
		o.Flags = opts.BPF_F_AFTER | opts.BPF_F_ID
		o.Netkit = &opts.Netkit{RelativeID: 17, ExpectedRevision: 1}
	}, []opts.AttachType{opts.AttachNetkitPrimary, opts.AttachNetkitPeer}},
}

// iterMember is IterInfo, which ValidateFor treats like a union member.
var iterMember = member{"IterInfo", func(o *opts.LinkCreate) {
	o.IterInfo = &opts.IterLinkInfo{Map: &opts.IterMap{MapFD: 3}}
}, []opts.AttachType{opts.AttachTraceIter}}

// lastAttachType is the highest attach type libbpf 1.5.0 knows.
const lastAttachType = opts.AttachTraceKprobeSession

func with(sets ...func(o *opts.LinkCreate)) *opts.LinkCreate {
	o := &opts.LinkCreate{}
	for _, s := range sets {
		s(o)
	}
	return o
}

func lcReject(name string, o *opts.LinkCreate, field string, errno unix.Errno) rejection {
	return rejection{name, o, lco, field, errno}
}

func TestLinkCreateUnionPairsRejected(t *testing.T) {
	var cases []rejection
	for i := range members {
		for j := i + 1; j < len(members); j++ {
			a, b := members[i], members[j]
			cases = append(cases, lcReject(a.name+"+"+b.name, with(a.set, b.set), a.name+", "+b.name, unix.EINVAL))
			// Order of assignment must not matter.
			cases = append(cases, lcReject(b.name+"+"+a.name+"/reversed", with(b.set, a.set), a.name+", "+b.name, unix.EINVAL))
		}
	}
	if want := 2 * len(members) * (len(members) - 1) / 2; len(cases) != want {
		t.Fatalf("generated %d pair cases, want %d", len(cases), want)
	}
	runRejections(t, cases)
}

func TestLinkCreateExclusiveFieldsRejected(t *testing.T) {
	cases := []rejection{
		lcReject("IterInfo+TargetBTFID", with(iterMember.set, func(o *opts.LinkCreate) { o.TargetBTFID = 100 }),
			"IterInfo, TargetBTFID", unix.EINVAL),
	}
	for _, m := range members {
		cases = append(cases,
			lcReject("TargetBTFID+"+m.name, with(m.set, func(o *opts.LinkCreate) { o.TargetBTFID = 100 }),
				"TargetBTFID, "+m.name, unix.EINVAL),
			lcReject("IterInfo+"+m.name, with(m.set, iterMember.set), "IterInfo, "+m.name, unix.EINVAL),
		)
	}
	runRejections(t, cases)
}

func TestIterLinkInfoRejected(t *testing.T) {
	iter := func(i *opts.IterLinkInfo) *opts.LinkCreate { return &opts.LinkCreate{IterInfo: i} }
	mp := &opts.IterMap{MapFD: 3}
	cg := &opts.IterCgroup{Order: opts.CgroupIterDescendantsPre}
	tk := &opts.IterTask{PID: 1}
	cases := []rejection{
		lcReject("no member", iter(&opts.IterLinkInfo{}), "IterInfo", unix.EINVAL),
		lcReject("map+cgroup", iter(&opts.IterLinkInfo{Map: mp, Cgroup: cg}), "IterInfo", unix.EINVAL),
		lcReject("map+task", iter(&opts.IterLinkInfo{Map: mp, Task: tk}), "IterInfo", unix.EINVAL),
		lcReject("cgroup+task", iter(&opts.IterLinkInfo{Cgroup: cg, Task: tk}), "IterInfo", unix.EINVAL),
		lcReject("all three", iter(&opts.IterLinkInfo{Map: mp, Cgroup: cg, Task: tk}), "IterInfo", unix.EINVAL),
		// The kernel's map iterator answers EBADF for map_fd 0.
		lcReject("map fd 0", iter(&opts.IterLinkInfo{Map: &opts.IterMap{}}), "IterInfo.Map.MapFD", unix.EBADF),
		lcReject("cgroup fd+id", iter(&opts.IterLinkInfo{Cgroup: &opts.IterCgroup{Order: opts.CgroupIterSelfOnly, CgroupFD: 4, CgroupID: 1}}),
			"IterInfo.Cgroup", unix.EINVAL),
		lcReject("cgroup order 5", iter(&opts.IterLinkInfo{Cgroup: &opts.IterCgroup{Order: opts.CgroupIterAncestorsUp + 1}}),
			"IterInfo.Cgroup.Order", unix.EINVAL),
		lcReject("cgroup order unspec", iter(&opts.IterLinkInfo{Cgroup: &opts.IterCgroup{CgroupFD: 4}}),
			"IterInfo.Cgroup.Order", unix.EINVAL),
		lcReject("flags with iter", &opts.LinkCreate{Flags: 1, IterInfo: &opts.IterLinkInfo{Map: mp}}, "Flags", unix.EINVAL),
		lcReject("cgroup order max", iter(&opts.IterLinkInfo{Cgroup: &opts.IterCgroup{Order: math.MaxUint32}}),
			"IterInfo.Cgroup.Order", unix.EINVAL),
		lcReject("task tid+pid", iter(&opts.IterLinkInfo{Task: &opts.IterTask{TID: 1, PID: 1}}), "IterInfo.Task", unix.EINVAL),
		lcReject("task tid+pidfd", iter(&opts.IterLinkInfo{Task: &opts.IterTask{TID: 1, PIDFD: 3}}), "IterInfo.Task", unix.EINVAL),
		lcReject("task pid+pidfd", iter(&opts.IterLinkInfo{Task: &opts.IterTask{PID: 1, PIDFD: 3}}), "IterInfo.Task", unix.EINVAL),
		lcReject("task all three", iter(&opts.IterLinkInfo{Task: &opts.IterTask{TID: 1, PID: 1, PIDFD: 3}}), "IterInfo.Task", unix.EINVAL),
	}
	runRejections(t, cases)
}

func TestKprobeMultiRejected(t *testing.T) {
	kp := func(k opts.KprobeMulti) *opts.LinkCreate { return &opts.LinkCreate{KprobeMulti: &k} }
	cases := []rejection{
		lcReject("flags 2", kp(opts.KprobeMulti{Flags: 2, Syms: []string{"a"}}), "KprobeMulti.Flags", unix.EINVAL),
		lcReject("flags return|1<<31", kp(opts.KprobeMulti{Flags: opts.BPF_F_KPROBE_MULTI_RETURN | 1<<31, Addrs: []uint64{1}}), "KprobeMulti.Flags", unix.EINVAL),
		lcReject("syms+addrs", kp(opts.KprobeMulti{Syms: []string{"a"}, Addrs: []uint64{1}}), "KprobeMulti.Syms, KprobeMulti.Addrs", unix.EINVAL),
		lcReject("neither", kp(opts.KprobeMulti{}), "KprobeMulti.Syms", unix.EINVAL),
		lcReject("neither, empty non-nil slices", kp(opts.KprobeMulti{Syms: []string{}, Addrs: []uint64{}, Cookies: []uint64{1}}), "KprobeMulti.Syms", unix.EINVAL),
		lcReject("too many syms", kp(opts.KprobeMulti{Syms: make([]string, opts.MaxMultiCount+1)}), "KprobeMulti.Syms", unix.E2BIG),
		lcReject("too many addrs", kp(opts.KprobeMulti{Addrs: make([]uint64, opts.MaxMultiCount+1)}), "KprobeMulti.Syms", unix.E2BIG),
		lcReject("fewer cookies than syms", kp(opts.KprobeMulti{Syms: []string{"a", "b"}, Cookies: []uint64{1}}), "KprobeMulti.Cookies", unix.EINVAL),
		lcReject("more cookies than syms", kp(opts.KprobeMulti{Syms: []string{"a"}, Cookies: []uint64{1, 2}}), "KprobeMulti.Cookies", unix.EINVAL),
		lcReject("fewer cookies than addrs", kp(opts.KprobeMulti{Addrs: []uint64{1, 2, 3}, Cookies: []uint64{1, 2}}), "KprobeMulti.Cookies", unix.EINVAL),
		lcReject("empty sym", kp(opts.KprobeMulti{Syms: []string{"a", ""}}), "KprobeMulti.Syms", unix.EINVAL),
		lcReject("sym with NUL", kp(opts.KprobeMulti{Syms: []string{"vfs_\x00read"}}), "KprobeMulti.Syms", unix.EINVAL),
		lcReject("sym ending in NUL", kp(opts.KprobeMulti{Syms: []string{"vfs_read\x00"}}), "KprobeMulti.Syms", unix.EINVAL),
	}
	runRejections(t, cases)
}

func TestUprobeMultiRejected(t *testing.T) {
	up := func(u opts.UprobeMulti) *opts.LinkCreate { return &opts.LinkCreate{UprobeMulti: &u} }
	off := []uint64{0x10, 0x20}
	cases := []rejection{
		lcReject("flags 2", up(opts.UprobeMulti{Flags: 2, Path: "/bin/true", Offsets: off}), "UprobeMulti.Flags", unix.EINVAL),
		lcReject("flags return|1<<31", up(opts.UprobeMulti{Flags: opts.BPF_F_UPROBE_MULTI_RETURN | 1<<31, Path: "/bin/true", Offsets: off}), "UprobeMulti.Flags", unix.EINVAL),
		lcReject("empty path", up(opts.UprobeMulti{Offsets: off}), "UprobeMulti.Path", unix.EINVAL),
		lcReject("NUL in path", up(opts.UprobeMulti{Path: "/bin/\x00true", Offsets: off}), "UprobeMulti.Path", unix.EINVAL),
		lcReject("no offsets", up(opts.UprobeMulti{Path: "/bin/true"}), "UprobeMulti.Offsets", unix.EINVAL),
		lcReject("negative pid", up(opts.UprobeMulti{Path: "/bin/true", Offsets: off, PID: 1 << 31}), "UprobeMulti.PID", unix.EINVAL),
		lcReject("top-level flags", &opts.LinkCreate{Flags: opts.BPF_F_UPROBE_MULTI_RETURN, UprobeMulti: &opts.UprobeMulti{Path: "/bin/true", Offsets: off}}, "Flags", unix.EINVAL),
		lcReject("no offsets, empty slice", up(opts.UprobeMulti{Path: "/bin/true", Offsets: []uint64{}, Cookies: []uint64{1}}), "UprobeMulti.Offsets", unix.EINVAL),
		lcReject("too many offsets", up(opts.UprobeMulti{Path: "/bin/true", Offsets: make([]uint64, opts.MaxMultiCount+1)}), "UprobeMulti.Offsets", unix.E2BIG),
		lcReject("fewer ref ctrs", up(opts.UprobeMulti{Path: "/bin/true", Offsets: off, RefCtrOffsets: []uint64{1}}), "UprobeMulti.RefCtrOffsets", unix.EINVAL),
		lcReject("more ref ctrs", up(opts.UprobeMulti{Path: "/bin/true", Offsets: off, RefCtrOffsets: []uint64{1, 2, 3}}), "UprobeMulti.RefCtrOffsets", unix.EINVAL),
		lcReject("fewer cookies", up(opts.UprobeMulti{Path: "/bin/true", Offsets: off, Cookies: []uint64{1}}), "UprobeMulti.Cookies", unix.EINVAL),
		lcReject("more cookies", up(opts.UprobeMulti{Path: "/bin/true", Offsets: off, Cookies: []uint64{1, 2, 3}}), "UprobeMulti.Cookies", unix.EINVAL),
	}
	runRejections(t, cases)
}

func TestNetfilterRejected(t *testing.T) {
	nf := func(n opts.Netfilter) *opts.LinkCreate { return &opts.LinkCreate{Netfilter: &n} }
	v4, v6, in := opts.NFPROTO_IPV4, opts.NFPROTO_IPV6, opts.NF_INET_LOCAL_IN
	defrag := opts.BPF_F_NETFILTER_IP_DEFRAG
	// The errnos are the kernel's (bpf_nf_check_pf_and_hooks), checked
	// against the running kernel: EAFNOSUPPORT for pf, EPROTO for hooknum,
	// EOPNOTSUPP for flags, ERANGE for priority.
	cases := []rejection{
		lcReject("pf 0", nf(opts.Netfilter{PF: 0, HookNum: in}), "Netfilter.PF", unix.EAFNOSUPPORT),
		lcReject("pf NFPROTO_ARP", nf(opts.Netfilter{PF: 3, HookNum: in}), "Netfilter.PF", unix.EAFNOSUPPORT),
		lcReject("pf NFPROTO_BRIDGE", nf(opts.Netfilter{PF: 7, HookNum: in}), "Netfilter.PF", unix.EAFNOSUPPORT),
		lcReject("ipv4 hook 5", nf(opts.Netfilter{PF: v4, HookNum: opts.NF_INET_POST_ROUTING + 1}), "Netfilter.HookNum", unix.EPROTO),
		lcReject("ipv6 hook max", nf(opts.Netfilter{PF: v6, HookNum: math.MaxUint32}), "Netfilter.HookNum", unix.EPROTO),
		lcReject("flags 2", nf(opts.Netfilter{PF: v4, HookNum: in, Flags: 2}), "Netfilter.Flags", unix.EOPNOTSUPP),
		lcReject("flags defrag|1<<31", nf(opts.Netfilter{PF: v6, HookNum: in, Flags: defrag | 1<<31, Priority: 10}), "Netfilter.Flags", unix.EOPNOTSUPP),
		lcReject("priority MinInt32", nf(opts.Netfilter{PF: v4, HookNum: in, Priority: math.MinInt32}), "Netfilter.Priority", unix.ERANGE),
		lcReject("priority MaxInt32", nf(opts.Netfilter{PF: v4, HookNum: in, Priority: math.MaxInt32}), "Netfilter.Priority", unix.ERANGE),
		lcReject("defrag priority MaxInt32", nf(opts.Netfilter{PF: v4, HookNum: in, Priority: math.MaxInt32, Flags: defrag}), "Netfilter.Priority", unix.ERANGE),
		lcReject("defrag priority -400", nf(opts.Netfilter{PF: v4, HookNum: in, Priority: -400, Flags: defrag}), "Netfilter.Priority", unix.ERANGE),
		lcReject("defrag priority -1000", nf(opts.Netfilter{PF: v6, HookNum: in, Priority: -1000, Flags: defrag}), "Netfilter.Priority", unix.ERANGE),
	}
	runRejections(t, cases)
}

func TestMprogRejected(t *testing.T) {
	type mk func(flags uint32, fd, id uint32) *opts.LinkCreate
	kinds := []struct {
		name string
		mk   mk
	}{
		{"TCX", func(flags, fd, id uint32) *opts.LinkCreate {
			return &opts.LinkCreate{Flags: flags, TCX: &opts.TCX{RelativeFD: fd, RelativeID: id}}
		}},
		{"Netkit", func(flags, fd, id uint32) *opts.LinkCreate {
			return &opts.LinkCreate{Flags: flags, Netkit: &opts.Netkit{RelativeFD: fd, RelativeID: id}}
		}},
	}
	var cases []rejection
	for _, k := range kinds {
		n := k.name
		cases = append(cases,
			lcReject(n+" fd+id", k.mk(0, 3, 4), n+".RelativeFD, "+n+".RelativeID", unix.EINVAL),
			lcReject(n+" fd+id before", k.mk(opts.BPF_F_BEFORE, 3, 4), n+".RelativeFD, "+n+".RelativeID", unix.EINVAL),
			lcReject(n+" ALLOW_OVERRIDE", k.mk(opts.BPF_F_ALLOW_OVERRIDE, 0, 0), "Flags", unix.EINVAL),
			lcReject(n+" ALLOW_MULTI", k.mk(opts.BPF_F_ALLOW_MULTI, 0, 0), "Flags", unix.EINVAL),
			lcReject(n+" 1<<6", k.mk(1<<6, 0, 0), "Flags", unix.EINVAL),
			lcReject(n+" BEFORE|1<<31", k.mk(opts.BPF_F_BEFORE|1<<31, 3, 0), "Flags", unix.EINVAL),
			lcReject(n+" ID with RelativeFD", k.mk(opts.BPF_F_ID, 3, 0), "Flags", unix.EINVAL),
			lcReject(n+" AFTER|ID|LINK with RelativeFD", k.mk(opts.BPF_F_AFTER|opts.BPF_F_ID|opts.BPF_F_LINK, 3, 0), "Flags", unix.EINVAL),
		)
	}
	runRejections(t, cases)
}

func TestLinkCreateAccepted(t *testing.T) {
	cases := []acceptance{
		{"nil", (*opts.LinkCreate)(nil)},
		{"zero", &opts.LinkCreate{}},
		{"flags only", &opts.LinkCreate{Flags: 1}},
		{"TargetBTFID only", &opts.LinkCreate{TargetBTFID: 1234}},
		{"kprobe addrs", &opts.LinkCreate{KprobeMulti: &opts.KprobeMulti{Addrs: []uint64{0xffffffff81000000, 0xffffffff81000010}, Cookies: []uint64{1, 2}}}},
		{"kprobe syms, no cookies", &opts.LinkCreate{KprobeMulti: &opts.KprobeMulti{Syms: []string{"vfs_read"}}}},
		{"kprobe MaxMultiCount addrs", &opts.LinkCreate{KprobeMulti: &opts.KprobeMulti{Addrs: make([]uint64, opts.MaxMultiCount)}}},
		{"uprobe minimal", &opts.LinkCreate{UprobeMulti: &opts.UprobeMulti{Path: "/bin/true", Offsets: []uint64{0}}}},
		{"uprobe MaxMultiCount offsets", &opts.LinkCreate{UprobeMulti: &opts.UprobeMulti{Path: "x", Offsets: make([]uint64, opts.MaxMultiCount)}}},
		{"netfilter ipv4 pre_routing MinInt32+1", &opts.LinkCreate{Netfilter: &opts.Netfilter{PF: opts.NFPROTO_IPV4, HookNum: opts.NF_INET_PRE_ROUTING, Priority: math.MinInt32 + 1}}},
		{"netfilter ipv4 post_routing MaxInt32-1", &opts.LinkCreate{Netfilter: &opts.Netfilter{PF: opts.NFPROTO_IPV4, HookNum: opts.NF_INET_POST_ROUTING, Priority: math.MaxInt32 - 1}}},
		{"netfilter no defrag -400", &opts.LinkCreate{Netfilter: &opts.Netfilter{PF: opts.NFPROTO_IPV6, HookNum: opts.NF_INET_FORWARD, Priority: -400}}},
		{"netfilter defrag -399", &opts.LinkCreate{Netfilter: &opts.Netfilter{PF: opts.NFPROTO_IPV4, HookNum: opts.NF_INET_LOCAL_IN, Priority: -399, Flags: opts.BPF_F_NETFILTER_IP_DEFRAG}}},
		{"tcx zero", &opts.LinkCreate{TCX: &opts.TCX{}}},
		{"tcx all mprog flags with id", &opts.LinkCreate{Flags: opts.BPF_F_REPLACE | opts.BPF_F_BEFORE | opts.BPF_F_AFTER | opts.BPF_F_ID | opts.BPF_F_LINK, TCX: &opts.TCX{RelativeID: 9}}},
		{"tcx id without BPF_F_ID", &opts.LinkCreate{Flags: opts.BPF_F_AFTER, TCX: &opts.TCX{RelativeID: 9}}},
		{"netkit before fd", &opts.LinkCreate{Flags: opts.BPF_F_BEFORE, Netkit: &opts.Netkit{RelativeFD: 3, ExpectedRevision: 2}}},
		{"iter map", &opts.LinkCreate{IterInfo: &opts.IterLinkInfo{Map: &opts.IterMap{MapFD: 1}}}},
		{"iter cgroup root", &opts.LinkCreate{IterInfo: &opts.IterLinkInfo{Cgroup: &opts.IterCgroup{Order: opts.CgroupIterDescendantsPre}}}},
		{"iter cgroup fd", &opts.LinkCreate{IterInfo: &opts.IterLinkInfo{Cgroup: &opts.IterCgroup{Order: opts.CgroupIterDescendantsPost, CgroupFD: 5}}}},
		{"iter cgroup id", &opts.LinkCreate{IterInfo: &opts.IterLinkInfo{Cgroup: &opts.IterCgroup{Order: opts.CgroupIterAncestorsUp, CgroupID: 1}}}},
		{"iter task all", &opts.LinkCreate{IterInfo: &opts.IterLinkInfo{Task: &opts.IterTask{}}}},
		{"iter task tid", &opts.LinkCreate{IterInfo: &opts.IterLinkInfo{Task: &opts.IterTask{TID: 1}}}},
		{"iter task pid", &opts.LinkCreate{IterInfo: &opts.IterLinkInfo{Task: &opts.IterTask{PID: 1}}}},
		{"iter task pidfd", &opts.LinkCreate{IterInfo: &opts.IterLinkInfo{Task: &opts.IterTask{PIDFD: 3}}}},
	}
	for _, m := range append([]member{iterMember}, members...) {
		cases = append(cases, acceptance{"populated " + m.name, with(m.set)})
	}
	runAcceptances(t, cases)
}

func TestLinkCreateValidateFor(t *testing.T) {
	for _, m := range append([]member{iterMember}, members...) {
		right := map[opts.AttachType]bool{}
		for _, at := range m.types {
			right[at] = true
		}
		names := make([]string, len(m.types))
		for i, at := range m.types {
			names[i] = at.String()
		}
		for at := opts.AttachType(0); at <= lastAttachType+1; at++ {
			t.Run(fmt.Sprintf("%s/%s", m.name, at), func(t *testing.T) {
				o := with(m.set)
				err := o.ValidateFor(at)
				if right[at] {
					if err != nil {
						t.Fatalf("rejected for its own attach type: %v", err)
					}
					return
				}
				wantFieldError(t, err, lco, m.name, unix.EINVAL)
				want := fmt.Sprintf("%s: %s: is read only for attach type %s, not %s", lco, m.name, strings.Join(names, " or "), at)
				if err.Error() != want {
					t.Errorf("got %q\nwant %q", err.Error(), want)
				}
			})
		}
	}
}

func TestLinkCreateValidateForNoMember(t *testing.T) {
	for at := opts.AttachType(0); at <= lastAttachType+1; at++ {
		for _, o := range []*opts.LinkCreate{nil, {}, {Flags: opts.BPF_F_BEFORE}, {TargetBTFID: 77}} {
			if err := o.ValidateFor(at); err != nil {
				t.Errorf("ValidateFor(%s) of %+v: %v", at, o, err)
			}
		}
	}
}

// ValidateFor runs Validate first: a broken member is reported as such even
// for its own attach type, and before the attach type mismatch.
func TestLinkCreateValidateForRunsValidate(t *testing.T) {
	bad := &opts.LinkCreate{Netfilter: &opts.Netfilter{PF: opts.NFPROTO_IPV4, Priority: math.MaxInt32}}
	wantFieldError(t, bad.ValidateFor(opts.AttachNetfilter), lco, "Netfilter.Priority", unix.ERANGE)
	wantFieldError(t, bad.ValidateFor(opts.AttachXDP), lco, "Netfilter.Priority", unix.ERANGE)
	two := with(members[0].set, members[3].set)
	wantFieldError(t, two.ValidateFor(opts.AttachPerfEvent), lco, "PerfEvent, Tracing", unix.EINVAL)
}

func TestLinkCreateErrorText(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{(&opts.LinkCreate{TCX: &opts.TCX{RelativeFD: 1, RelativeID: 2}}).Validate(),
			"bpf_link_create_opts: TCX.RelativeFD, TCX.RelativeID: only one of them may be set"},
		{(&opts.LinkCreate{UprobeMulti: &opts.UprobeMulti{Path: "/bin/true", Offsets: []uint64{1, 2}, Cookies: []uint64{1}}}).Validate(),
			"bpf_link_create_opts: UprobeMulti.Cookies: has 1 cookies for 2 offsets"},
		{(&opts.LinkCreate{TCX: &opts.TCX{}}).ValidateFor(opts.AttachXDP),
			"bpf_link_create_opts: TCX: is read only for attach type tcx_ingress or tcx_egress, not xdp"},
		{(&opts.LinkCreate{PerfEvent: &opts.PerfEvent{}}).ValidateFor(opts.AttachType(999)),
			"bpf_link_create_opts: PerfEvent: is read only for attach type perf_event, not AttachType(999)"},
	}
	for _, c := range cases {
		if c.err == nil {
			t.Errorf("no error, want %q", c.want)
			continue
		}
		if c.err.Error() != c.want {
			t.Errorf("got %q\nwant %q", c.err.Error(), c.want)
		}
	}
}
