package opts

import (
	"math"
	"strings"

	"golang.org/x/sys/unix"
)

const linkCreateStruct = "bpf_link_create_opts"

// MaxMultiCount is the most symbols, addresses or offsets one kprobe_multi or
// uprobe_multi link may name (the kernel's MAX_KPROBE_MULTI_CNT and
// MAX_UPROBE_MULTI_CNT).
const MaxMultiCount = 1 << 20

// LinkCreate is struct bpf_link_create_opts, field for field. The C union
// becomes one pointer per member, of which at most one may be set; counts
// (cnt) come from slice lengths. The zero value is valid and means "no
// options", like passing NULL.
type LinkCreate struct {
	// Flags is flags: attach flags whose meaning depends on the attach type
	// (BPF_F_BEFORE etc. for tcx and netkit, XDP_FLAGS_* for xdp).
	Flags uint32
	// IterInfo is iter_info and iter_info_len, for BPF_TRACE_ITER links.
	IterInfo *IterLinkInfo
	// TargetBTFID is target_btf_id: the BTF ID of the attach target, for
	// tracing links created against a target program or BTF object.
	TargetBTFID uint32

	// The union: set at most one.

	PerfEvent   *PerfEvent   // perf_event, for BPF_PERF_EVENT
	KprobeMulti *KprobeMulti // kprobe_multi, for BPF_TRACE_KPROBE_MULTI and BPF_TRACE_KPROBE_SESSION
	UprobeMulti *UprobeMulti // uprobe_multi, for BPF_TRACE_UPROBE_MULTI
	Tracing     *Tracing     // tracing, for BPF_TRACE_RAW_TP, fentry, fexit, fmod_ret and lsm
	Netfilter   *Netfilter   // netfilter, for BPF_NETFILTER
	TCX         *TCX         // tcx, for BPF_TCX_INGRESS and BPF_TCX_EGRESS
	Netkit      *Netkit      // netkit, for BPF_NETKIT_PRIMARY and BPF_NETKIT_PEER
}

// PerfEvent is the perf_event member of bpf_link_create_opts.
type PerfEvent struct {
	// BPFCookie is bpf_cookie, returned to the program by bpf_get_attach_cookie.
	BPFCookie uint64
}

// KprobeMulti is the kprobe_multi member of bpf_link_create_opts. Exactly one
// of Syms and Addrs names the functions; cnt is their length.
type KprobeMulti struct {
	Flags   uint32   // flags: 0 or BPF_F_KPROBE_MULTI_RETURN
	Syms    []string // syms: kernel function names
	Addrs   []uint64 // addrs: kernel function addresses
	Cookies []uint64 // cookies: one per symbol or address, or none
}

// UprobeMulti is the uprobe_multi member of bpf_link_create_opts: one link
// probing several offsets of one binary.
type UprobeMulti struct {
	Flags         uint32   // flags: 0 or BPF_F_UPROBE_MULTI_RETURN
	Path          string   // path: the binary or library to probe
	Offsets       []uint64 // offsets: file offsets of the probed instructions; cnt is their length
	RefCtrOffsets []uint64 // ref_ctr_offsets: USDT semaphore offsets, one per offset, or none
	Cookies       []uint64 // cookies: one per offset, or none
	PID           uint32   // pid: only this process triggers the probes; 0 for every process
}

// Tracing is the tracing member of bpf_link_create_opts.
type Tracing struct {
	// Cookie is cookie, returned to the program by bpf_get_attach_cookie.
	Cookie uint64
}

// Netfilter is the netfilter member of bpf_link_create_opts.
type Netfilter struct {
	PF       uint32 // pf: NFPROTO_IPV4 or NFPROTO_IPV6
	HookNum  uint32 // hooknum: NF_INET_PRE_ROUTING ... NF_INET_POST_ROUTING
	Priority int32  // priority: neither math.MinInt32 nor math.MaxInt32
	Flags    uint32 // flags: 0 or BPF_F_NETFILTER_IP_DEFRAG
}

// TCX is the tcx member of bpf_link_create_opts: where the new program goes
// among those already attached. At most one of RelativeFD and RelativeID may
// be set; libbpf adds BPF_F_ID to the flags when RelativeID is used.
type TCX struct {
	RelativeFD       uint32 // relative_fd: a program or link (BPF_F_LINK) fd
	RelativeID       uint32 // relative_id: a program or link (BPF_F_LINK) ID
	ExpectedRevision uint64 // expected_revision: fail with ESTALE if the attach point changed; 0 to skip the check
}

// Netkit is the netkit member of bpf_link_create_opts. Its fields mean what
// TCX's do.
type Netkit TCX

// Validate reports the first problem libbpf or the kernel would reject in o
// for a reason visible without a system call, as a *FieldError naming the
// field. A nil o is valid.
func (o *LinkCreate) Validate() error {
	if o == nil {
		return nil
	}
	set := o.unionMembers()
	if len(set) > 1 {
		return invalid(linkCreateStruct, set[0]+", "+set[1],
			"only one member of the union may be set")
	}
	if o.IterInfo != nil && o.TargetBTFID != 0 {
		return invalid(linkCreateStruct, "IterInfo, TargetBTFID", "only one of them may be set")
	}
	if o.TargetBTFID != 0 && len(set) > 0 {
		return invalid(linkCreateStruct, "TargetBTFID, "+set[0],
			"libbpf rejects the union when TargetBTFID is set; set only one")
	}
	if o.IterInfo != nil && len(set) > 0 {
		return invalid(linkCreateStruct, "IterInfo, "+set[0], "only one of them may be set")
	}
	if err := o.IterInfo.validate(); err != nil {
		return err
	}
	if err := o.KprobeMulti.validate(); err != nil {
		return err
	}
	if err := o.UprobeMulti.validate(); err != nil {
		return err
	}
	if o.Flags != 0 && (o.IterInfo != nil || o.KprobeMulti != nil || o.UprobeMulti != nil || o.Netfilter != nil) {
		field, _ := o.member()
		return invalid(linkCreateStruct, "Flags", "must be 0 with %s (the member has flags of its own)", field)
	}
	if err := o.Netfilter.validate(); err != nil {
		return err
	}
	if o.TCX != nil {
		if err := (*mprog)(o.TCX).validate("TCX", o.Flags); err != nil {
			return err
		}
	}
	if o.Netkit != nil {
		if err := (*mprog)(o.Netkit).validate("Netkit", o.Flags); err != nil {
			return err
		}
	}
	return nil
}

// ValidateFor is Validate, and also checks that the set union member (or
// IterInfo) is the one attachType reads. libbpf reads the union through the
// member of the attach type, so a member meant for another type would be
// misread or rejected.
func (o *LinkCreate) ValidateFor(attachType AttachType) error {
	if err := o.Validate(); err != nil {
		return err
	}
	if o == nil {
		return nil
	}
	field, want := o.member()
	if field == "" {
		return nil
	}
	for _, t := range want {
		if t == attachType {
			return nil
		}
	}
	names := make([]string, len(want))
	for i, t := range want {
		names[i] = t.String()
	}
	return invalid(linkCreateStruct, field, "is read only for attach type %s, not %s",
		strings.Join(names, " or "), attachType)
}

// member returns the set union member (or IterInfo) and the attach types
// that read it.
func (o *LinkCreate) member() (string, []AttachType) {
	switch {
	case o.IterInfo != nil:
		return "IterInfo", []AttachType{AttachTraceIter}
	case o.PerfEvent != nil:
		return "PerfEvent", []AttachType{AttachPerfEvent}
	case o.KprobeMulti != nil:
		return "KprobeMulti", []AttachType{AttachTraceKprobeMulti, AttachTraceKprobeSession}
	case o.UprobeMulti != nil:
		return "UprobeMulti", []AttachType{AttachTraceUprobeMulti}
	case o.Tracing != nil:
		return "Tracing", []AttachType{AttachTraceRawTP, AttachTraceFentry, AttachTraceFexit, AttachModifyReturn, AttachLSMMac}
	case o.Netfilter != nil:
		return "Netfilter", []AttachType{AttachNetfilter}
	case o.TCX != nil:
		return "TCX", []AttachType{AttachTCXIngress, AttachTCXEgress}
	case o.Netkit != nil:
		return "Netkit", []AttachType{AttachNetkitPrimary, AttachNetkitPeer}
	}
	return "", nil
}

func (o *LinkCreate) unionMembers() []string {
	var set []string
	add := func(isSet bool, name string) {
		if isSet {
			set = append(set, name)
		}
	}
	add(o.PerfEvent != nil, "PerfEvent")
	add(o.KprobeMulti != nil, "KprobeMulti")
	add(o.UprobeMulti != nil, "UprobeMulti")
	add(o.Tracing != nil, "Tracing")
	add(o.Netfilter != nil, "Netfilter")
	add(o.TCX != nil, "TCX")
	add(o.Netkit != nil, "Netkit")
	return set
}

func (k *KprobeMulti) validate() error {
	if k == nil {
		return nil
	}
	const s = linkCreateStruct
	if k.Flags&^BPF_F_KPROBE_MULTI_RETURN != 0 {
		return invalid(s, "KprobeMulti.Flags", "unknown flags %#x (only BPF_F_KPROBE_MULTI_RETURN)", k.Flags&^BPF_F_KPROBE_MULTI_RETURN)
	}
	if len(k.Syms) > 0 && len(k.Addrs) > 0 {
		return invalid(s, "KprobeMulti.Syms, KprobeMulti.Addrs", "only one of them may be set")
	}
	n := max(len(k.Syms), len(k.Addrs))
	if n == 0 {
		return invalid(s, "KprobeMulti.Syms", "no symbols or addresses to probe")
	}
	if n > MaxMultiCount {
		return &FieldError{Struct: s, Field: "KprobeMulti.Syms", Errno: unix.E2BIG,
			Reason: "more than 1<<20 symbols or addresses"}
	}
	for i, sym := range k.Syms {
		if sym == "" || strings.IndexByte(sym, 0) >= 0 {
			return invalid(s, "KprobeMulti.Syms", "symbol %d is empty or contains NUL", i)
		}
	}
	if len(k.Cookies) != 0 && len(k.Cookies) != n {
		return invalid(s, "KprobeMulti.Cookies", "has %d cookies for %d probes", len(k.Cookies), n)
	}
	return nil
}

func (u *UprobeMulti) validate() error {
	if u == nil {
		return nil
	}
	const s = linkCreateStruct
	if u.Flags&^BPF_F_UPROBE_MULTI_RETURN != 0 {
		return invalid(s, "UprobeMulti.Flags", "unknown flags %#x (only BPF_F_UPROBE_MULTI_RETURN)", u.Flags&^BPF_F_UPROBE_MULTI_RETURN)
	}
	if u.Path == "" {
		return invalid(s, "UprobeMulti.Path", "is empty")
	}
	if strings.IndexByte(u.Path, 0) >= 0 {
		return invalid(s, "UprobeMulti.Path", "contains NUL")
	}
	n := len(u.Offsets)
	if n == 0 {
		return invalid(s, "UprobeMulti.Offsets", "no offsets to probe")
	}
	if n > MaxMultiCount {
		return &FieldError{Struct: s, Field: "UprobeMulti.Offsets", Errno: unix.E2BIG,
			Reason: "more than 1<<20 offsets"}
	}
	if u.PID > math.MaxInt32 {
		return invalid(s, "UprobeMulti.PID", "%d is not a pid", u.PID)
	}
	if len(u.RefCtrOffsets) != 0 && len(u.RefCtrOffsets) != n {
		return invalid(s, "UprobeMulti.RefCtrOffsets", "has %d entries for %d offsets", len(u.RefCtrOffsets), n)
	}
	if len(u.Cookies) != 0 && len(u.Cookies) != n {
		return invalid(s, "UprobeMulti.Cookies", "has %d cookies for %d offsets", len(u.Cookies), n)
	}
	return nil
}

func (n *Netfilter) validate() error {
	if n == nil {
		return nil
	}
	const s = linkCreateStruct
	if n.PF != NFPROTO_IPV4 && n.PF != NFPROTO_IPV6 {
		e := invalid(s, "Netfilter.PF", "%d is neither NFPROTO_IPV4 nor NFPROTO_IPV6", n.PF)
		e.Errno = unix.EAFNOSUPPORT // what the kernel returns for it
		return e
	}
	if n.HookNum > NF_INET_POST_ROUTING {
		e := invalid(s, "Netfilter.HookNum", "%d is not a hook between NF_INET_PRE_ROUTING and NF_INET_POST_ROUTING", n.HookNum)
		e.Errno = unix.EPROTO // what the kernel returns for it
		return e
	}
	if n.Flags&^BPF_F_NETFILTER_IP_DEFRAG != 0 {
		e := invalid(s, "Netfilter.Flags", "unknown flags %#x (only BPF_F_NETFILTER_IP_DEFRAG)", n.Flags&^BPF_F_NETFILTER_IP_DEFRAG)
		e.Errno = unix.EOPNOTSUPP // what the kernel returns for it
		return e
	}
	if n.Priority == math.MinInt32 || n.Priority == math.MaxInt32 {
		return &FieldError{Struct: s, Field: "Netfilter.Priority", Errno: unix.ERANGE,
			Reason: "INT_MIN and INT_MAX are reserved"}
	}
	if n.Flags&BPF_F_NETFILTER_IP_DEFRAG != 0 && n.Priority <= NF_IP_PRI_CONNTRACK_DEFRAG {
		return &FieldError{Struct: s, Field: "Netfilter.Priority", Errno: unix.ERANGE,
			Reason: "with BPF_F_NETFILTER_IP_DEFRAG it must be above NF_IP_PRI_CONNTRACK_DEFRAG (-400)"}
	}
	return nil
}

// mprog is the shape shared by the tcx and netkit members.
type mprog TCX

func (m *mprog) validate(name string, flags uint32) error {
	const s = linkCreateStruct
	if m.RelativeFD != 0 && m.RelativeID != 0 {
		return invalid(s, name+".RelativeFD, "+name+".RelativeID", "only one of them may be set")
	}
	if flags&^mprogAttachFlags != 0 {
		return invalid(s, "Flags", "%#x are not tcx/netkit attach flags", flags&^mprogAttachFlags)
	}
	if flags&BPF_F_ID != 0 && m.RelativeFD != 0 {
		return invalid(s, "Flags", "BPF_F_ID reads RelativeID, but RelativeFD is set")
	}
	return nil
}
