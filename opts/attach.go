package opts

import (
	"fmt"
	"math"
	"strings"

	"golang.org/x/sys/unix"
)

// The options of libbpf's bpf_program__attach_* calls (libbpf.h). Each is
// the C struct field for field, minus sz; a nil pointer means "no options",
// like passing NULL.

// ProbeAttachMode is enum probe_attach_mode: how libbpf attaches a kprobe or
// uprobe.
type ProbeAttachMode uint32

// Values of ProbeAttachMode.
const (
	ProbeAttachModeDefault ProbeAttachMode = 0 // PROBE_ATTACH_MODE_DEFAULT: the newest mode the kernel has
	ProbeAttachModeLegacy  ProbeAttachMode = 1 // PROBE_ATTACH_MODE_LEGACY: through tracefs probe events
	ProbeAttachModePerf    ProbeAttachMode = 2 // PROBE_ATTACH_MODE_PERF: a perf event, attached by ioctl
	ProbeAttachModeLink    ProbeAttachMode = 3 // PROBE_ATTACH_MODE_LINK: a perf event, attached by a BPF link
)

// PerfEventAttach is struct bpf_perf_event_opts.
type PerfEventAttach struct {
	BPFCookie        uint64 // bpf_cookie: returned to the program by bpf_get_attach_cookie
	ForceIoctlAttach bool   // force_ioctl_attach: attach with PERF_EVENT_IOC_SET_BPF, not a BPF link
}

// Validate reports a problem libbpf would reject in o; there is none.
func (o *PerfEventAttach) Validate() error { return nil }

// KprobeAttach is struct bpf_kprobe_opts.
type KprobeAttach struct {
	BPFCookie  uint64          // bpf_cookie
	Offset     uint64          // offset: into the function
	Retprobe   bool            // retprobe: probe the function's return
	AttachMode ProbeAttachMode // attach_mode
}

// Validate reports a problem libbpf would reject in o.
func (o *KprobeAttach) Validate() error {
	if o == nil {
		return nil
	}
	if o.AttachMode > ProbeAttachModeLink {
		return invalid("bpf_kprobe_opts", "AttachMode", "%d is not a probe_attach_mode", o.AttachMode)
	}
	if o.Retprobe && o.Offset != 0 {
		return invalid("bpf_kprobe_opts", "Offset", "a return probe has no offset")
	}
	return nil
}

// KprobeMultiAttach is struct bpf_kprobe_multi_opts. With a pattern given to
// the attach call, Syms and Addrs stay empty; otherwise exactly one of them
// names the functions (cnt is their length).
type KprobeMultiAttach struct {
	Syms     []string // syms
	Addrs    []uint64 // addrs
	Cookies  []uint64 // cookies: one per symbol or address, or none
	Retprobe bool     // retprobe: return probes
	Session  bool     // session: session probes (entry and return)
}

// Validate reports a problem libbpf would reject in o.
func (o *KprobeMultiAttach) Validate() error {
	if o == nil {
		return nil
	}
	const s = "bpf_kprobe_multi_opts"
	if _, err := checkMultiTargets(s, o.Syms, "Addrs", len(o.Addrs), o.Cookies); err != nil {
		return err
	}
	if o.Retprobe && o.Session {
		return invalid(s, "Retprobe, Session", "only one of them may be set")
	}
	return nil
}

// UprobeMultiAttach is struct bpf_uprobe_multi_opts. With a pattern given to
// the attach call, Syms and Offsets stay empty; otherwise exactly one of them
// names the probes (cnt is their length).
type UprobeMultiAttach struct {
	Syms          []string // syms: function names in the binary
	Offsets       []uint64 // offsets: file offsets
	RefCtrOffsets []uint64 // ref_ctr_offsets: one per probe, or none
	Cookies       []uint64 // cookies: one per probe, or none
	Retprobe      bool     // retprobe: return probes
}

// Validate reports a problem libbpf would reject in o.
func (o *UprobeMultiAttach) Validate() error {
	if o == nil {
		return nil
	}
	const s = "bpf_uprobe_multi_opts"
	n, err := checkMultiTargets(s, o.Syms, "Offsets", len(o.Offsets), o.Cookies)
	if err != nil {
		return err
	}
	if len(o.RefCtrOffsets) != 0 && len(o.RefCtrOffsets) != n {
		return invalid(s, "RefCtrOffsets", "has %d entries for %d probes", len(o.RefCtrOffsets), n)
	}
	return nil
}

// checkMultiTargets checks what bpf_kprobe_multi_opts and
// bpf_uprobe_multi_opts (struct s) have in common: the probes are named by
// syms or by the other list (field other, nOther entries), not both; there
// are at most MaxMultiCount of them (more is E2BIG, reported on the list
// that is set); no symbol is empty or contains NUL; and cookies has one
// cookie per probe, or none. It returns the number of probes.
func checkMultiTargets(s string, syms []string, other string, nOther int, cookies []uint64) (int, error) {
	if len(syms) > 0 && nOther > 0 {
		return 0, invalid(s, "Syms, "+other, "only one of them may be set")
	}
	n, field := nOther, other
	if len(syms) > 0 {
		n, field = len(syms), "Syms"
	}
	if n > MaxMultiCount {
		return 0, &FieldError{Struct: s, Field: field, Errno: unix.E2BIG, Reason: fmt.Sprintf("%d probes, more than 1<<20", n)}
	}
	for i, sym := range syms {
		if sym == "" || strings.IndexByte(sym, 0) >= 0 {
			return 0, invalid(s, "Syms", "symbol %d is empty or contains NUL", i)
		}
	}
	if len(cookies) != 0 && len(cookies) != n {
		return 0, invalid(s, "Cookies", "has %d cookies for %d probes", len(cookies), n)
	}
	return n, nil
}

// KsyscallAttach is struct bpf_ksyscall_opts.
type KsyscallAttach struct {
	BPFCookie uint64 // bpf_cookie
	Retprobe  bool   // retprobe: probe the system call's return
}

// Validate reports a problem libbpf would reject in o; there is none.
func (o *KsyscallAttach) Validate() error { return nil }

// UprobeAttach is struct bpf_uprobe_opts.
type UprobeAttach struct {
	RefCtrOffset uint64          // ref_ctr_offset: the USDT semaphore's offset, 0 for none
	BPFCookie    uint64          // bpf_cookie
	Retprobe     bool            // retprobe: probe the function's return
	FuncName     string          // func_name: "fn" or "fn@LIB"; the attach call's offset is then into it
	AttachMode   ProbeAttachMode // attach_mode
}

// Validate reports a problem libbpf would reject in o.
func (o *UprobeAttach) Validate() error {
	if o == nil {
		return nil
	}
	if strings.IndexByte(o.FuncName, 0) >= 0 {
		return invalid("bpf_uprobe_opts", "FuncName", "contains NUL")
	}
	if o.AttachMode > ProbeAttachModeLink {
		return invalid("bpf_uprobe_opts", "AttachMode", "%d is not a probe_attach_mode", o.AttachMode)
	}
	return nil
}

// USDTAttach is struct bpf_usdt_opts.
type USDTAttach struct {
	USDTCookie uint64 // usdt_cookie: returned to the program by bpf_usdt_cookie
}

// Validate reports a problem libbpf would reject in o; there is none.
func (o *USDTAttach) Validate() error { return nil }

// TracepointAttach is struct bpf_tracepoint_opts.
type TracepointAttach struct {
	BPFCookie uint64 // bpf_cookie
}

// Validate reports a problem libbpf would reject in o; there is none.
func (o *TracepointAttach) Validate() error { return nil }

// RawTracepointAttach is struct bpf_raw_tracepoint_opts.
type RawTracepointAttach struct {
	Cookie uint64 // cookie
}

// Validate reports a problem libbpf would reject in o; there is none.
func (o *RawTracepointAttach) Validate() error { return nil }

// TraceAttach is struct bpf_trace_opts (tp_btf, fentry, fexit, fmod_ret).
type TraceAttach struct {
	Cookie uint64 // cookie
}

// Validate reports a problem libbpf would reject in o; there is none.
func (o *TraceAttach) Validate() error { return nil }

// NetfilterAttach is struct bpf_netfilter_opts.
type NetfilterAttach struct {
	PF       uint32 // pf: NFPROTO_IPV4 or NFPROTO_IPV6
	HookNum  uint32 // hooknum: NF_INET_PRE_ROUTING ... NF_INET_POST_ROUTING
	Priority int32  // priority: neither math.MinInt32 nor math.MaxInt32
	Flags    uint32 // flags: 0 or BPF_F_NETFILTER_IP_DEFRAG
}

// Validate reports what the kernel would reject in o, as Netfilter does for
// bpf_link_create_opts. libbpf needs options here: a nil o is rejected.
func (o *NetfilterAttach) Validate() error {
	if o == nil {
		return invalid("bpf_netfilter_opts", "NetfilterAttach", "is required (pf, hook and priority)")
	}
	if err := (*Netfilter)(o).validate(); err != nil {
		fe := err.(*FieldError)
		fe.Struct = "bpf_netfilter_opts"
		fe.Field = strings.TrimPrefix(fe.Field, "Netfilter.")
		return fe
	}
	return nil
}

// TCXAttach is struct bpf_tcx_opts: where the program goes among those
// already attached.
type TCXAttach struct {
	Flags            uint32 // flags: BPF_F_BEFORE, BPF_F_AFTER, BPF_F_REPLACE, BPF_F_ID, BPF_F_LINK
	RelativeFD       uint32 // relative_fd
	RelativeID       uint32 // relative_id
	ExpectedRevision uint64 // expected_revision: 0 to skip the check
}

// Validate reports a problem libbpf or the kernel would reject in o.
func (o *TCXAttach) Validate() error {
	if o == nil {
		return nil
	}
	return validateMprogAttach("bpf_tcx_opts", o.Flags, o.RelativeFD, o.RelativeID)
}

// NetkitAttach is struct bpf_netkit_opts; its fields mean what TCXAttach's do.
type NetkitAttach TCXAttach

// Validate reports a problem libbpf or the kernel would reject in o.
func (o *NetkitAttach) Validate() error {
	if o == nil {
		return nil
	}
	return validateMprogAttach("bpf_netkit_opts", o.Flags, o.RelativeFD, o.RelativeID)
}

func validateMprogAttach(s string, flags, relFD, relID uint32) error {
	if relFD != 0 && relID != 0 {
		return invalid(s, "RelativeFD, RelativeID", "only one of them may be set")
	}
	if flags&^mprogAttachFlags != 0 {
		return invalid(s, "Flags", "%#x are not tcx/netkit attach flags", flags&^mprogAttachFlags)
	}
	if flags&BPF_F_ID != 0 && relFD != 0 {
		return invalid(s, "Flags", "BPF_F_ID reads RelativeID, but RelativeFD is set")
	}
	return nil
}

// IterAttach is struct bpf_iter_attach_opts: link_info and its length.
type IterAttach struct {
	LinkInfo *IterLinkInfo // link_info; nil for an iterator that needs none (task, ...)
}

// Validate reports a problem the kernel would reject in o.
func (o *IterAttach) Validate() error {
	if o == nil {
		return nil
	}
	if err := o.LinkInfo.validate(); err != nil {
		fe := err.(*FieldError)
		fe.Struct = "bpf_iter_attach_opts"
		fe.Field = "LinkInfo" + strings.TrimPrefix(fe.Field, "IterInfo")
		return fe
	}
	return nil
}

// validPID reports whether pid is a pid libbpf's attach calls accept: -1
// for every process, 0 for this one, or a pid.
func validPID(pid int) bool { return pid >= -1 && pid <= math.MaxInt32 }

// ValidateProbePID checks the pid argument of the uprobe, uprobe_multi and
// usdt attach calls: -1 (every process), 0 (this process) or a pid. It
// names strct in the error.
func ValidateProbePID(strct string, pid int) error {
	if !validPID(pid) {
		return invalid(strct, "pid", "%d is not -1, 0 or a pid", pid)
	}
	return nil
}
