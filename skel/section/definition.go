package section

import (
	"strconv"
	"strings"

	"github.com/golibbpf/golibbpf/opts"
)

// Flags are libbpf's SEC_* flags that change how a program of a section is
// loaded (enum sec_def_flags in libbpf.c); the values equal libbpf's.
type Flags uint32

// Values of Flags.
const (
	ExpectedAttachTypeOptional Flags = 1 << iota // SEC_EXP_ATTACH_OPT: the expected attach type is dropped on kernels that refuse one
	Attachable                                   // SEC_ATTACHABLE: legacy marker for programs attached with BPF_PROG_ATTACH
	AttachBTF                                    // SEC_ATTACH_BTF: the attach target is a BTF name, resolved at load
	Sleepable                                    // SEC_SLEEPABLE: loaded with BPF_F_SLEEPABLE
	XDPFrags                                     // SEC_XDP_FRAGS: loaded with BPF_F_XDP_HAS_FRAGS
	USDT                                         // SEC_USDT: a USDT probe, attached through libbpf's USDT manager
)

// flagNames is in the order String prints them: highest bit first.
var flagNames = []struct {
	flag Flags
	name string
}{
	{USDT, "usdt"},
	{XDPFrags, "xdp_frags"},
	{Sleepable, "sleepable"},
	{AttachBTF, "attach_btf"},
	{Attachable, "attachable"},
	{ExpectedAttachTypeOptional, "exp_attach_opt"},
}

// String returns the set flags joined by "|", highest bit first
// ("sleepable|attach_btf"), or "none" for 0. Unknown bits are printed in hex.
func (f Flags) String() string {
	if f == 0 {
		return "none"
	}
	var parts []string
	for _, n := range flagNames {
		if f&n.flag != 0 {
			parts = append(parts, n.name)
			f &^= n.flag
		}
	}
	if f != 0 {
		parts = append(parts, "0x"+strconv.FormatUint(uint64(f), 16))
	}
	return strings.Join(parts, "|")
}

// AutoAttach says what libbpf's bpf_program__attach does for a section.
type AutoAttach int

// Values of AutoAttach.
const (
	// NoAutoAttach: the definition has no attach function, so libbpf
	// never auto-attaches it (cgroup, xdp, tc, perf_event, struct_ops, ...).
	NoAutoAttach AutoAttach = iota
	// AlwaysAttach: libbpf always tries to attach it by section alone
	// (tp_btf, fentry, fexit, fmod_ret, freplace, lsm, iter and their
	// sleepable variants).
	AlwaysAttach
	// AttachIfTarget: there is an attach function, but a name without a
	// target (SEC("kprobe"), SEC("uprobe"), SEC("tp"), SEC("raw_tp"),
	// SEC("usdt"), ...) is skipped by bpf_object__attach_skeleton.
	AttachIfTarget
)

// String returns "none", "always" or "if_target".
func (a AutoAttach) String() string {
	switch a {
	case NoAutoAttach:
		return "none"
	case AlwaysAttach:
		return "always"
	case AttachIfTarget:
		return "if_target"
	}
	return "AutoAttach(" + strconv.Itoa(int(a)) + ")"
}

// Definition is one entry of libbpf 1.5.0's section_defs table (libbpf.c).
type Definition struct {
	// Prefix is the entry's pattern: an exact name ("cgroup/connect4"),
	// a name followed by "+" that matches the name itself or the name
	// followed by "/" and extras ("kprobe+"), or a prefix ending in "/".
	Prefix string
	// ProgType is the program type.
	ProgType opts.ProgType
	// AttachType is the expected attach type; meaningful only when
	// HasAttachType is true.
	AttachType opts.AttachType
	// HasAttachType is false when the entry has no expected attach type.
	// libbpf then reports 0, which is also BPF_CGROUP_INET_INGRESS.
	HasAttachType bool
	// Flags are the entry's SEC_* flags.
	Flags Flags
	// AutoAttach says whether libbpf attaches programs of this entry by
	// section; Section.AutoAttach decides for a concrete name.
	AutoAttach AutoAttach
}

// Definitions returns a copy of the whole table, in libbpf's order.
func Definitions() []Definition {
	out := make([]Definition, len(table))
	copy(out, table)
	return out
}
