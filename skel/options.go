package skel

import (
	"log/slog"

	"github.com/golibbpf/golibbpf/opts"
)

// OpenOptions are the options of Open and OpenMem (struct
// bpf_object_open_opts). A nil *OpenOptions means the defaults.
type OpenOptions struct {
	// ObjectName overrides the object name taken from the file name.
	ObjectName string
	// BTFCustomPath is kernel BTF to use for CO-RE relocations instead of
	// /sys/kernel/btf/vmlinux.
	BTFCustomPath string
	// Kconfig adds CONFIG_XXX=value lines for __kconfig externs.
	Kconfig string
	// PinRootPath is where maps declared with LIBBPF_PIN_BY_NAME are pinned.
	PinRootPath string
	// KernelLogLevel is the verifier log level of every program (1, 2, 4 or
	// a mix); the logs are then kept even for programs that load
	// (Program.VerifierLog) and logged at debug level.
	KernelLogLevel uint32
	// Logger receives libbpf's messages about this object (default
	// slog.Default()), with attributes object=<name> and source=libbpf.
	Logger *slog.Logger
}

// AttachOptions name the targets that libbpf cannot guess from a SEC()
// name. Object.Attach attaches a program whose kind needs a target only
// when its target is given here; the others are skipped. A nil
// *AttachOptions gives no targets.
type AttachOptions struct {
	// Cgroup is a cgroup v2 directory, for cgroup_* programs (cgroup/connect4,
	// cgroup_skb/ingress, sockops, cgroup/sysctl, ...).
	Cgroup string
	// Ifindex is a network interface, for xdp and tcx/ingress, tcx/egress
	// programs.
	Ifindex int
	// XDPFlags are XDP_FLAGS_* for xdp links (0: the kernel's choice).
	XDPFlags uint32
	// Netns is a network namespace file (/proc/self/ns/net, /run/netns/x),
	// for sk_lookup and flow_dissector programs.
	Netns string
	// Netfilter is the hook of netfilter programs.
	Netfilter *opts.NetfilterAttach
	// SockMap is a sockmap or sockhash, for sk_skb and sk_msg programs.
	SockMap *Map
	// PerfEventFD is an open perf event, for perf_event programs (0: none).
	// Object.Attach dups it; the caller keeps its own fd.
	PerfEventFD int
}
