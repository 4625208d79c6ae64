package section_test

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/opts"
	"github.com/golibbpf/golibbpf/skel/section"
)

// quietLibbpf silences libbpf's debug messages about unknown names for the
// rest of the test.
func quietLibbpf(t testing.TB) {
	old := cgo.LibbpfSetPrint(nil)
	t.Cleanup(func() { cgo.LibbpfSetPrint(old) })
}

// sameAsLibbpf resolves name with Resolve and with libbpf's
// libbpf_prog_type_by_name and libbpf_attach_type_by_name, and fails t
// unless the answers agree: the same error (ESRCH for an unknown name), or
// the same program type and expected attach type ("none" is libbpf's 0),
// and libbpf calls the name attachable exactly when Flags has Attachable.
func sameAsLibbpf(t testing.TB, name string) {
	t.Helper()
	s, err := section.Resolve(name)
	if strings.IndexByte(name, 0) >= 0 {
		// libbpf would read the C string up to the NUL; no ELF section
		// name holds one, and Resolve refuses it.
		if !errors.Is(err, section.ErrMalformed) {
			t.Errorf("Resolve(%q) = %v, want ErrMalformed", name, err)
		}
		return
	}
	pt, at, cerr := cgo.LibbpfProgTypeByName(name)
	if cerr != nil {
		if !errors.Is(cerr, unix.ESRCH) {
			t.Fatalf("libbpf_prog_type_by_name(%q): %v, want ESRCH", name, cerr)
		}
		if !errors.Is(err, section.ErrUnknown) || !errors.Is(err, unix.ESRCH) {
			t.Errorf("Resolve(%q) = %q, %v; libbpf says unknown (ESRCH)", name, prefixOf(s), err)
		}
		if _, aerr := cgo.LibbpfAttachTypeByName(name); !errors.Is(aerr, unix.EINVAL) {
			t.Errorf("libbpf_attach_type_by_name(%q) = %v, want EINVAL", name, aerr)
		}
		return
	}
	if err != nil {
		t.Errorf("Resolve(%q): %v; libbpf gives %s/%s", name, err, pt, at)
		return
	}
	d := s.Definition
	var want opts.AttachType // libbpf's 0 for "none"
	if d.HasAttachType {
		want = d.AttachType
	}
	if d.ProgType != pt || want != at {
		t.Errorf("Resolve(%q) = %q: %s/%s (has attach type %v); libbpf: %s/%s", name, d.Prefix, d.ProgType, want, d.HasAttachType, pt, at)
	}
	aat, aerr := cgo.LibbpfAttachTypeByName(name)
	switch {
	case d.Flags&section.Attachable != 0 && aerr != nil:
		t.Errorf("%q (%q) is attachable in Go, libbpf_attach_type_by_name: %v", name, d.Prefix, aerr)
	case d.Flags&section.Attachable != 0 && aat != want:
		t.Errorf("libbpf_attach_type_by_name(%q) = %s, want %s", name, aat, want)
	case d.Flags&section.Attachable == 0 && !errors.Is(aerr, unix.EINVAL):
		t.Errorf("%q (%q) is not attachable in Go, libbpf_attach_type_by_name = %s, %v", name, d.Prefix, aat, aerr)
	}
}

// prefixOf returns the prefix of s's definition, or "" when it has none.
func prefixOf(s section.Section) string {
	if s.Definition == nil {
		return ""
	}
	return s.Definition.Prefix
}

// samples returns names that an entry matches: its bare name, and for "+"
// and "/" entries names with extras.
func samples(d section.Definition) []string {
	switch {
	case strings.HasSuffix(d.Prefix, "+"):
		bare := strings.TrimSuffix(d.Prefix, "+")
		return []string{bare, bare + "/", bare + "/x", bare + "/a/b:c+1"}
	case strings.HasSuffix(d.Prefix, "/"):
		return []string{d.Prefix, d.Prefix + "x"}
	}
	return []string{d.Prefix}
}

func TestEveryDefinitionAgainstLibbpf(t *testing.T) {
	quietLibbpf(t)
	defs := section.Definitions()
	if len(defs) != 101 {
		t.Errorf("%d definitions, libbpf 1.5.0 has 101", len(defs))
	}
	for i, d := range defs {
		for _, name := range samples(d) {
			sameAsLibbpf(t, name)
			// Each entry's own names reach it: no earlier entry shadows it.
			s, err := section.Resolve(name)
			if err != nil || s.Definition.Prefix != d.Prefix {
				t.Errorf("Resolve(%q) = %q, %v; want entry %d %q", name, prefixOf(s), err, i, d.Prefix)
			}
		}
	}
}

// edgeCases are names around the matching rules.
var edgeCases = []string{
	"", "/", "//", "+", "x", "unknown", "socket/", "socket+", "socketx",
	"kprobe", "kprobe/", "kprobe/x", "kprobe_x", "kprobe+", "kprobe+x", "kprobex", "kprobe.", "kprobe.multi", "kprobe.multix",
	"kretprobe/x+8", "kprobe.session", "kprobe.session/f*",
	"tc", "tc/", "tc/ingress", "tc/ingressx", "tc/egress", "tcx", "tcx/ingress", "tc/ingress/", "classifier/x", "action",
	"xdp", "xdp/", "xdp.frags", "xdp.frags/devmap", "xdp.frags/cpumap", "xdp/devmap", "xdp/cpumap", "xdp.frags/x", "xdp/x",
	"sk_reuseport", "sk_reuseport/", "sk_reuseport/migrate", "sk_reuseport/migratex", "sk_reuseport/select",
	"cgroup", "cgroup/", "cgroup/sock", "cgroup/sock_create", "cgroup/sock_release", "cgroup/sockx", "cgroup/skb", "cgroup_skb",
	"cgroup_skb/ingress", "cgroup_skb/egress", "cgroup/connect4", "cgroup/connect4/x", "cgroup/dev",
	"uprobe", "uprobe/", "uprobe.s", "uprobe.s/", "uprobe.s/bin:f", "uprobe.s//usr/bin/x:f+0x10", "uretprobe.s/x:y",
	"uprobe.multi", "uprobe.multi.s/x:y", "uretprobe.multi.s", "uprobe.multi.sx",
	"usdt", "usdt/", "usdt.s", "usdt.s/p:a:b", "usdt.x",
	"tp", "tp/", "tp/sched/sched_switch", "tracepoint", "tracepoint/a/b", "tp_btf", "tp_btf/x", "tpx",
	"raw_tp", "raw_tp/", "raw_tp/x", "raw_tp.w", "raw_tp.w/x", "raw_tp.wx", "raw_tracepoint.w/x", "raw_tracepoint",
	"fentry", "fentry/x", "fentry.s/x", "fexit.s", "fmod_ret/x", "freplace/x", "lsm/x", "lsm.s/x", "lsm_cgroup/x", "lsm_cgroup",
	"iter", "iter/task", "iter.s/task", "iter/bpf_map_elem",
	"struct_ops", "struct_ops/x", "struct_ops.s", "struct_ops.s/x", "struct_ops.x",
	"syscall", "syscall/x", "perf_event", "perf_event/x", "sk_lookup", "sk_lookup/x", "netfilter", "netfilter/x",
	"netkit/primary", "netkit/peer", "netkit", "sk_skb", "sk_skb/x", "sk_skb/verdict", "sk_msg", "sockops", "flow_dissector",
	"lirc_mode2", "lwt_in", "lwt_seg6local", "ksyscall", "ksyscall/openat", "kretsyscall/x",
	"KPROBE/x", " kprobe", "kprobe ", "kprobe\n", "kprobe\x00/x", "\x00", "tc\x00",
}

func TestEdgeCasesAgainstLibbpf(t *testing.T) {
	quietLibbpf(t)
	for _, name := range edgeCases {
		sameAsLibbpf(t, name)
	}
}

func FuzzResolve(f *testing.F) {
	for _, d := range section.Definitions() {
		for _, name := range samples(d) {
			f.Add(name)
		}
	}
	for _, name := range edgeCases {
		f.Add(name)
	}
	f.Fuzz(func(t *testing.T, name string) {
		quietLibbpf(t)
		sameAsLibbpf(t, name)
		if s, err := section.Resolve(name); err == nil {
			_ = s.AutoAttach()
			_, _ = s.Target()
		}
	})
}
