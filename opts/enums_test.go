package opts_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/golibbpf/golibbpf/opts"
)

func TestEnumStrings(t *testing.T) {
	cases := []struct {
		v     fmt.Stringer
		want  string
		known bool
	}{
		{opts.AttachCgroupInetIngress, "cgroup_inet_ingress", true},
		{opts.AttachCgroupInet4Connect, "cgroup_inet4_connect", true},
		{opts.AttachTCXEgress, "tcx_egress", true},
		{opts.AttachTraceKprobeSession, "trace_kprobe_session", true},
		{opts.AttachType(57), "AttachType(57)", false},
		{opts.AttachType(999), "AttachType(999)", false},
		{opts.ProgTypeUnspec, "unspec", true},
		{opts.ProgTypeCgroupSockAddr, "cgroup_sock_addr", true},
		{opts.ProgTypeSchedCls, "sched_cls", true},
		{opts.ProgTypeNetfilter, "netfilter", true},
		{opts.ProgType(33), "ProgType(33)", false},
		{opts.LinkTypeUprobeMulti, "uprobe_multi", true},
		{opts.LinkTypeTCX, "tcx", true},
		{opts.LinkTypeSockMap, "sockmap", true},
		{opts.LinkType(15), "LinkType(15)", false},
		{opts.MapTypeSKStorage, "sk_storage", true},
		{opts.MapTypeCgroupStorage, "cgroup_storage", true},
		{opts.MapTypePerCPUCgroupStorage, "percpu_cgroup_storage", true},
		{opts.MapTypeArena, "arena", true},
		{opts.MapType(34), "MapType(34)", false},
		{opts.MapType(1 << 31), "MapType(2147483648)", false},
	}
	for _, c := range cases {
		if got := c.v.String(); got != c.want {
			t.Errorf("%T(%v).String() = %q, want %q", c.v, c.v, got, c.want)
		}
		if got := c.v.(interface{ Known() bool }).Known(); got != c.known {
			t.Errorf("%T %q Known() = %v, want %v", c.v, c.want, got, c.known)
		}
	}
}

// Every value up to the last one libbpf 1.5.0 knows has a name, and none
// beyond it does.
func TestEnumsKnownRange(t *testing.T) {
	for v := uint32(0); v < 100; v++ {
		if got, want := opts.AttachType(v).Known(), v <= uint32(opts.AttachTraceKprobeSession); got != want {
			t.Errorf("AttachType(%d).Known() = %v", v, got)
		}
		if got, want := opts.ProgType(v).Known(), v <= uint32(opts.ProgTypeNetfilter); got != want {
			t.Errorf("ProgType(%d).Known() = %v", v, got)
		}
		if got, want := opts.LinkType(v).Known(), v <= uint32(opts.LinkTypeSockMap); got != want {
			t.Errorf("LinkType(%d).Known() = %v", v, got)
		}
		if got, want := opts.MapType(v).Known(), v <= uint32(opts.MapTypeArena); got != want {
			t.Errorf("MapType(%d).Known() = %v", v, got)
		}
	}
}

func TestMapTypePerCPU(t *testing.T) {
	var perCPU []string
	for typ := opts.MapType(0); typ < 64; typ++ {
		if typ.PerCPU() {
			perCPU = append(perCPU, typ.String())
		}
	}
	want := []string{"percpu_hash", "percpu_array", "lru_percpu_hash", "percpu_cgroup_storage"}
	if !slices.Equal(perCPU, want) {
		t.Errorf("per-CPU map types %v, want %v", perCPU, want)
	}
}
