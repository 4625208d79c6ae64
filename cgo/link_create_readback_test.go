package cgo

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/golibbpf/golibbpf/opts"
)

func strp(s string) *string { return &s }

// Each opts.LinkCreate is converted to struct bpf_link_create_opts and every
// field is read back by C code, by its C name: what C sees is exactly what
// Go asked for, union member by union member.
func TestLinkCreateOptsReachC(t *testing.T) {
	base := func(r linkCreateReadback) linkCreateReadback {
		r.SizeofStruct = readBackLinkCreateOpts(&opts.LinkCreate{}).SizeofStruct
		r.Sz = r.SizeofStruct
		return r
	}
	tests := []struct {
		name string
		in   *opts.LinkCreate
		want linkCreateReadback
	}{
		{"nil", nil, linkCreateReadback{Null: true}},
		{"top-level", &opts.LinkCreate{Flags: 0x1234, TargetBTFID: 77},
			base(linkCreateReadback{Flags: 0x1234, TargetBTFID: 77})},
		{"perf_event", &opts.LinkCreate{PerfEvent: &opts.PerfEvent{BPFCookie: 0xdeadbeefcafe}},
			base(linkCreateReadback{PerfEventBPFCookie: 0xdeadbeefcafe})},
		{"kprobe_multi syms", &opts.LinkCreate{KprobeMulti: &opts.KprobeMulti{
			Flags: opts.BPF_F_KPROBE_MULTI_RETURN, Syms: []string{"vfs_read", "vfs_write"}, Cookies: []uint64{1, 2}}},
			base(linkCreateReadback{KprobeFlags: 1, KprobeCnt: 2, KprobeSyms: []string{"vfs_read", "vfs_write"},
				KprobeCookies: []uint64{1, 2}})},
		{"kprobe_multi addrs", &opts.LinkCreate{KprobeMulti: &opts.KprobeMulti{
			Addrs: []uint64{0xffffffff81000000, 0xffffffff81000010, 0xffffffff81000020}}},
			base(linkCreateReadback{KprobeCnt: 3, KprobeAddrs: []uint64{0xffffffff81000000, 0xffffffff81000010, 0xffffffff81000020}})},
		{"uprobe_multi", &opts.LinkCreate{UprobeMulti: &opts.UprobeMulti{
			Flags: opts.BPF_F_UPROBE_MULTI_RETURN, Path: "/usr/bin/true", Offsets: []uint64{0x10, 0x20},
			RefCtrOffsets: []uint64{0x30, 0x40}, Cookies: []uint64{5, 6}, PID: 4242}},
			base(linkCreateReadback{UprobeFlags: 1, UprobeCnt: 2, UprobePath: strp("/usr/bin/true"),
				UprobeOffsets: []uint64{0x10, 0x20}, UprobeRefCtrOffs: []uint64{0x30, 0x40},
				UprobeCookies: []uint64{5, 6}, UprobePID: 4242})},
		{"uprobe_multi minimal", &opts.LinkCreate{UprobeMulti: &opts.UprobeMulti{Path: "/bin/sh", Offsets: []uint64{8}}},
			base(linkCreateReadback{UprobeCnt: 1, UprobePath: strp("/bin/sh"), UprobeOffsets: []uint64{8}})},
		{"tracing", &opts.LinkCreate{Tracing: &opts.Tracing{Cookie: 99}},
			base(linkCreateReadback{TracingCookie: 99})},
		{"netfilter", &opts.LinkCreate{Netfilter: &opts.Netfilter{PF: opts.NFPROTO_IPV6, HookNum: opts.NF_INET_LOCAL_OUT,
			Priority: -123, Flags: opts.BPF_F_NETFILTER_IP_DEFRAG}},
			base(linkCreateReadback{NfPF: 10, NfHooknum: 3, NfPriority: -123, NfFlags: 1})},
		{"tcx", &opts.LinkCreate{Flags: opts.BPF_F_BEFORE, TCX: &opts.TCX{RelativeFD: 7, ExpectedRevision: 1 << 40}},
			base(linkCreateReadback{Flags: opts.BPF_F_BEFORE, TCXRelativeFD: 7, TCXExpectedRevision: 1 << 40})},
		{"tcx by id", &opts.LinkCreate{Flags: opts.BPF_F_AFTER, TCX: &opts.TCX{RelativeID: 31}},
			base(linkCreateReadback{Flags: opts.BPF_F_AFTER, TCXRelativeID: 31})},
		{"netkit", &opts.LinkCreate{Netkit: &opts.Netkit{RelativeID: 12, ExpectedRevision: 3}},
			base(linkCreateReadback{NetkitRelID: 12, NetkitExpectedRevision: 3})},
		{"iter map", &opts.LinkCreate{IterInfo: &opts.IterLinkInfo{Map: &opts.IterMap{MapFD: 9}}},
			base(linkCreateReadback{IterInfoSet: true, IterInfoLen: opts.IterLinkInfoSize, IterMapFD: 9})},
		{"iter cgroup", &opts.LinkCreate{IterInfo: &opts.IterLinkInfo{Cgroup: &opts.IterCgroup{
			Order: opts.CgroupIterDescendantsPost, CgroupID: 1 << 33}}},
			base(linkCreateReadback{IterInfoSet: true, IterInfoLen: opts.IterLinkInfoSize,
				IterCgroupOrder: 3, IterCgroupID: 1 << 33})},
		{"iter cgroup fd", &opts.LinkCreate{IterInfo: &opts.IterLinkInfo{Cgroup: &opts.IterCgroup{
			Order: opts.CgroupIterSelfOnly, CgroupFD: 5}}},
			base(linkCreateReadback{IterInfoSet: true, IterInfoLen: opts.IterLinkInfoSize,
				IterCgroupOrder: 1, IterCgroupFD: 5})},
		{"iter task", &opts.LinkCreate{IterInfo: &opts.IterLinkInfo{Task: &opts.IterTask{PIDFD: 11}}},
			base(linkCreateReadback{IterInfoSet: true, IterInfoLen: opts.IterLinkInfoSize, IterTaskPIDFD: 11})},
		{"iter task tid", &opts.LinkCreate{IterInfo: &opts.IterLinkInfo{Task: &opts.IterTask{TID: 21}}},
			base(linkCreateReadback{IterInfoSet: true, IterInfoLen: opts.IterLinkInfoSize, IterTaskTID: 21})},
		{"iter task pid", &opts.LinkCreate{IterInfo: &opts.IterLinkInfo{Task: &opts.IterTask{PID: 22}}},
			base(linkCreateReadback{IterInfoSet: true, IterInfoLen: opts.IterLinkInfoSize, IterTaskPID: 22})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := OutstandingAllocations()
			got := readBackLinkCreateOpts(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("C sees (-want +got):\n%s", diff)
			}
			if after := OutstandingAllocations(); after != before {
				t.Errorf("C allocations: %d before, %d after", before, after)
			}
		})
	}
}

// sz is sizeof(struct bpf_link_create_opts) of the linked libbpf, and the
// union's size and offsets are what libbpf 1.5.0's header says (x86-64).
func TestLinkCreateOptsSize(t *testing.T) {
	r := readBackLinkCreateOpts(&opts.LinkCreate{})
	if r.Sz != r.SizeofStruct || r.Sz != 80 {
		t.Fatalf("sz = %d, sizeof = %d, want 80 for libbpf 1.5.0 on x86-64", r.Sz, r.SizeofStruct)
	}
}
