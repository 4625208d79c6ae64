package opts_test

import (
	"math"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/opts"
)

func TestAttachOptsRejections(t *testing.T) {
	runRejections(t, []rejection{
		{"kprobe mode", &opts.KprobeAttach{AttachMode: 9}, "bpf_kprobe_opts", "AttachMode", unix.EINVAL},
		{"kretprobe offset", &opts.KprobeAttach{Retprobe: true, Offset: 4}, "bpf_kprobe_opts", "Offset", unix.EINVAL},
		{"kprobe_multi both", &opts.KprobeMultiAttach{Syms: []string{"a"}, Addrs: []uint64{1}}, "bpf_kprobe_multi_opts", "Syms, Addrs", unix.EINVAL},
		{"kprobe_multi empty sym", &opts.KprobeMultiAttach{Syms: []string{""}}, "bpf_kprobe_multi_opts", "Syms", unix.EINVAL},
		{"kprobe_multi cookies", &opts.KprobeMultiAttach{Syms: []string{"a"}, Cookies: []uint64{1, 2}}, "bpf_kprobe_multi_opts", "Cookies", unix.EINVAL},
		{"kprobe_multi session", &opts.KprobeMultiAttach{Retprobe: true, Session: true}, "bpf_kprobe_multi_opts", "Retprobe, Session", unix.EINVAL},
		{"uprobe_multi both", &opts.UprobeMultiAttach{Syms: []string{"a"}, Offsets: []uint64{1}}, "bpf_uprobe_multi_opts", "Syms, Offsets", unix.EINVAL},
		{"uprobe_multi ref ctr", &opts.UprobeMultiAttach{Offsets: []uint64{1}, RefCtrOffsets: []uint64{1, 2}}, "bpf_uprobe_multi_opts", "RefCtrOffsets", unix.EINVAL},
		{"uprobe_multi cookies", &opts.UprobeMultiAttach{Offsets: []uint64{1}, Cookies: []uint64{1, 2}}, "bpf_uprobe_multi_opts", "Cookies", unix.EINVAL},
		{"kprobe_multi too many addrs", &opts.KprobeMultiAttach{Addrs: make([]uint64, opts.MaxMultiCount+1)}, "bpf_kprobe_multi_opts", "Addrs", unix.E2BIG},
		{"uprobe_multi too many offsets", &opts.UprobeMultiAttach{Offsets: make([]uint64, opts.MaxMultiCount+1)}, "bpf_uprobe_multi_opts", "Offsets", unix.E2BIG},
		{"uprobe_multi too many syms", &opts.UprobeMultiAttach{Syms: make([]string, opts.MaxMultiCount+1)}, "bpf_uprobe_multi_opts", "Syms", unix.E2BIG},
		{"uprobe func NUL", &opts.UprobeAttach{FuncName: "a\x00b"}, "bpf_uprobe_opts", "FuncName", unix.EINVAL},
		{"uprobe mode", &opts.UprobeAttach{AttachMode: 4}, "bpf_uprobe_opts", "AttachMode", unix.EINVAL},
		{"netfilter nil", (*opts.NetfilterAttach)(nil), "bpf_netfilter_opts", "NetfilterAttach", unix.EINVAL},
		{"netfilter pf", &opts.NetfilterAttach{PF: 3}, "bpf_netfilter_opts", "PF", unix.EAFNOSUPPORT},
		{"netfilter hook", &opts.NetfilterAttach{PF: opts.NFPROTO_IPV4, HookNum: 5}, "bpf_netfilter_opts", "HookNum", unix.EPROTO},
		{"netfilter priority", &opts.NetfilterAttach{PF: opts.NFPROTO_IPV4, Priority: math.MaxInt32}, "bpf_netfilter_opts", "Priority", unix.ERANGE},
		{"netfilter defrag", &opts.NetfilterAttach{PF: opts.NFPROTO_IPV4, Flags: opts.BPF_F_NETFILTER_IP_DEFRAG, Priority: -400}, "bpf_netfilter_opts", "Priority", unix.ERANGE},
		{"tcx relative", &opts.TCXAttach{RelativeFD: 1, RelativeID: 2}, "bpf_tcx_opts", "RelativeFD, RelativeID", unix.EINVAL},
		{"tcx flags", &opts.TCXAttach{Flags: 1 << 20}, "bpf_tcx_opts", "Flags", unix.EINVAL},
		{"tcx id with fd", &opts.TCXAttach{Flags: opts.BPF_F_ID, RelativeFD: 3}, "bpf_tcx_opts", "Flags", unix.EINVAL},
		{"netkit relative", &opts.NetkitAttach{RelativeFD: 1, RelativeID: 2}, "bpf_netkit_opts", "RelativeFD, RelativeID", unix.EINVAL},
		{"iter two members", &opts.IterAttach{LinkInfo: &opts.IterLinkInfo{Map: &opts.IterMap{MapFD: 3}, Task: &opts.IterTask{}}}, "bpf_iter_attach_opts", "LinkInfo", unix.EINVAL},
		{"iter map fd", &opts.IterAttach{LinkInfo: &opts.IterLinkInfo{Map: &opts.IterMap{}}}, "bpf_iter_attach_opts", "LinkInfo.Map.MapFD", unix.EBADF},
	})
}

func TestAttachOptsAcceptances(t *testing.T) {
	runAcceptances(t, []acceptance{
		{"nil kprobe", (*opts.KprobeAttach)(nil)},
		{"kprobe", &opts.KprobeAttach{BPFCookie: 1, Offset: 8, AttachMode: opts.ProbeAttachModeLink}},
		{"kprobe_multi pattern only", &opts.KprobeMultiAttach{Retprobe: true}},
		{"kprobe_multi syms", &opts.KprobeMultiAttach{Syms: []string{"a", "b"}, Cookies: []uint64{1, 2}}},
		{"uprobe_multi offsets", &opts.UprobeMultiAttach{Offsets: []uint64{1, 2}, RefCtrOffsets: []uint64{0, 0}, Cookies: []uint64{3, 4}}},
		{"uprobe", &opts.UprobeAttach{FuncName: "malloc@LIBC", Retprobe: true}},
		{"netfilter", &opts.NetfilterAttach{PF: opts.NFPROTO_IPV6, HookNum: opts.NF_INET_LOCAL_OUT, Priority: -100, Flags: opts.BPF_F_NETFILTER_IP_DEFRAG}},
		{"tcx", &opts.TCXAttach{Flags: opts.BPF_F_BEFORE | opts.BPF_F_ID, RelativeID: 9, ExpectedRevision: 3}},
		{"netkit nil", (*opts.NetkitAttach)(nil)},
		{"iter task", &opts.IterAttach{LinkInfo: &opts.IterLinkInfo{Task: &opts.IterTask{PID: 1}}}},
		{"iter none", &opts.IterAttach{}},
		{"perf event", &opts.PerfEventAttach{BPFCookie: 1, ForceIoctlAttach: true}},
		{"ksyscall", &opts.KsyscallAttach{Retprobe: true}},
		{"usdt", &opts.USDTAttach{USDTCookie: 5}},
		{"tracepoint", &opts.TracepointAttach{BPFCookie: 5}},
		{"raw tracepoint", &opts.RawTracepointAttach{Cookie: 5}},
		{"trace", &opts.TraceAttach{Cookie: 5}},
	})
	if err := opts.ValidateProbePID("x", -2); err == nil {
		t.Error("pid -2 accepted")
	}
	for _, pid := range []int{-1, 0, 1, math.MaxInt32} {
		if err := opts.ValidateProbePID("x", pid); err != nil {
			t.Errorf("pid %d: %v", pid, err)
		}
	}
}
