package section

import "strings"

// Target is the attach target a section name carries: one of the *Target
// types of this package.
type Target interface{ isTarget() }

// KprobeTarget is kprobe/FUNC[+OFFSET] or kretprobe/FUNC.
type KprobeTarget struct {
	Func   string // the kernel function
	Offset uint64 // the offset into it (libbpf reads a C long; negative values wrap)
	Return bool   // a kretprobe
}

// KsyscallTarget is ksyscall/NAME or kretsyscall/NAME.
type KsyscallTarget struct {
	Syscall string // the system call, without its arch prefix (e.g. "openat")
	Return  bool   // a kretsyscall
}

// KprobeMultiTarget is kprobe.multi/PATTERN, kretprobe.multi/PATTERN or
// kprobe.session/PATTERN.
type KprobeMultiTarget struct {
	Pattern string // a glob of kernel functions
	Return  bool   // kretprobe.multi
	Session bool   // kprobe.session: entry and return in one program
}

// UprobeTarget is uprobe/PATH:FUNC[+OFFSET], uretprobe/PATH:FUNC and their
// sleepable ".s" variants. An absolute PATH takes a second slash:
// uprobe//usr/bin/bash:readline.
type UprobeTarget struct {
	Path      string // the binary; libbpf looks up a name without "/" in $PATH
	Func      string // the function ("" to probe Offset in the file)
	Offset    uint64 // the offset from Func (libbpf reads a C long; negative values wrap)
	Return    bool   // a uretprobe
	Sleepable bool   // a ".s" section
}

// UprobeMultiTarget is uprobe.multi/PATH:PATTERN, uretprobe.multi/... and
// their sleepable ".s" variants.
type UprobeMultiTarget struct {
	Path      string // the binary
	Pattern   string // a glob of its functions
	Return    bool   // uretprobe.multi
	Sleepable bool   // a ".s" section
}

// USDTTarget is usdt/PATH:PROVIDER:NAME.
type USDTTarget struct {
	Path     string // the binary or library
	Provider string // the USDT provider
	Name     string // the probe name
}

// TracepointTarget is tp/CATEGORY/NAME or tracepoint/CATEGORY/NAME.
type TracepointTarget struct {
	Category string // e.g. "sched"
	Name     string // e.g. "sched_switch"
}

// RawTracepointTarget is raw_tp/NAME, raw_tracepoint/NAME and their
// writable ".w" variants.
type RawTracepointTarget struct {
	Name     string // the tracepoint
	Writable bool   // a ".w" section
}

// BTFTarget is the BTF name of a tp_btf/, fentry/, fexit/, fmod_ret/,
// freplace/, lsm/, lsm_cgroup/ section and their sleepable variants: the
// kernel function, hook or tracepoint (libbpf accepts "module:name" too).
type BTFTarget struct {
	Name string
}

// IterTarget is iter/NAME or iter.s/NAME; the kernel's BTF name is
// "bpf_iter_" + NAME.
type IterTarget struct {
	Name      string // e.g. "task"
	Sleepable bool   // an "iter.s" section
}

func (KprobeTarget) isTarget()        {}
func (KsyscallTarget) isTarget()      {}
func (KprobeMultiTarget) isTarget()   {}
func (UprobeTarget) isTarget()        {}
func (UprobeMultiTarget) isTarget()   {}
func (USDTTarget) isTarget()          {}
func (TracepointTarget) isTarget()    {}
func (RawTracepointTarget) isTarget() {}
func (BTFTarget) isTarget()           {}
func (IterTarget) isTarget()          {}

// Target parses the attach target in the section's extras with the grammar
// of libbpf 1.5.0's attach functions, so it names what libbpf would attach.
// It returns nil and no error when the section carries no target: its
// definition takes none (cgroup, xdp, tc, struct_ops, ...) or the name is
// one libbpf's attach function skips (AutoAttach is false).
//
// It returns an *Error wrapping ErrMalformed (and EINVAL) where libbpf's
// attach function rejects the extras, and also where a name it would pass
// on is empty ("raw_tp/", "fentry/", "tp//x") and the kernel would refuse
// it. Like libbpf's sscanf, it ignores what follows a complete target:
// "kprobe/f+8 junk" is function f at offset 8.
func (s Section) Target() (Target, error) {
	d := s.Definition
	if d == nil {
		return nil, nil
	}
	if d.AutoAttach == AttachIfTarget && !s.AutoAttach() {
		return nil, nil
	}
	x := s.Extras
	switch d.bare() {
	case "kprobe", "kretprobe":
		return s.kprobe(d.bare() == "kretprobe")
	case "ksyscall", "kretsyscall":
		if x == "" {
			return nil, malformed(s.Name, "no system call after \""+d.bare()+"/\"")
		}
		return KsyscallTarget{Syscall: x, Return: d.bare() == "kretsyscall"}, nil
	case "kprobe.multi", "kretprobe.multi", "kprobe.session":
		pattern, _ := scanSet(x, isKprobePattern)
		if pattern == "" {
			return nil, malformed(s.Name, "kprobe pattern must start with one of [a-zA-Z0-9_.*?]")
		}
		return KprobeMultiTarget{Pattern: pattern, Return: d.bare() == "kretprobe.multi",
			Session: d.bare() == "kprobe.session"}, nil
	case "uprobe", "uretprobe", "uprobe.s", "uretprobe.s":
		return s.uprobe(strings.HasPrefix(d.bare(), "uretprobe"), d.Flags&Sleepable != 0)
	case "uprobe.multi", "uretprobe.multi", "uprobe.multi.s", "uretprobe.multi.s":
		path, fn, ok := s.pathAndFunc()
		if !ok {
			return nil, malformed(s.Name, "want "+d.bare()+"/PATH:PATTERN")
		}
		return UprobeMultiTarget{Path: path, Pattern: fn, Return: strings.HasPrefix(d.bare(), "uretprobe"),
			Sleepable: d.Flags&Sleepable != 0}, nil
	case "usdt", "usdt.s":
		if s.Name == d.bare() {
			return nil, nil // "usdt.s": libbpf tries to attach it, and fails
		}
		return s.usdt()
	case "tp", "tracepoint":
		cat, name, ok := strings.Cut(x, "/")
		if !ok {
			return nil, malformed(s.Name, "want "+d.bare()+"/CATEGORY/NAME")
		}
		if cat == "" || name == "" {
			return nil, malformed(s.Name, "empty tracepoint category or name")
		}
		return TracepointTarget{Category: cat, Name: name}, nil
	case "raw_tp", "raw_tracepoint", "raw_tp.w", "raw_tracepoint.w":
		if x == "" {
			return nil, malformed(s.Name, "empty raw tracepoint name")
		}
		return RawTracepointTarget{Name: x, Writable: strings.HasSuffix(d.bare(), ".w")}, nil
	case "iter", "iter.s":
		if s.Name == d.bare() {
			return nil, nil
		}
		if x == "" {
			return nil, malformed(s.Name, "empty iterator name")
		}
		return IterTarget{Name: x, Sleepable: d.Flags&Sleepable != 0}, nil
	}
	if d.Flags&AttachBTF != 0 {
		if s.Name == d.bare() {
			return nil, nil // the target must be set with bpf_program__set_attach_target
		}
		if x == "" {
			return nil, malformed(s.Name, "empty BTF attach target")
		}
		return BTFTarget{Name: x}, nil
	}
	return nil, nil
}

// kprobe reads attach_kprobe's sscanf("%m[a-zA-Z0-9_.]+%li").
func (s Section) kprobe(ret bool) (Target, error) {
	fn, rest := scanSet(s.Extras, isKprobeFunc)
	if fn == "" {
		return nil, malformed(s.Name, "kprobe function must start with one of [a-zA-Z0-9_.]")
	}
	var off int64
	if len(rest) > 0 && rest[0] == '+' {
		if v, _, ok := scanLong(rest[1:]); ok {
			off = v
		}
	}
	if ret && off != 0 {
		return nil, malformed(s.Name, "kretprobes take no offset")
	}
	return KprobeTarget{Func: fn, Offset: uint64(off), Return: ret}, nil
}

// pathAndFunc reads sscanf("%m[^/]/%m[^:]:%m[^\n]") on the name, given that
// the first field converted (the section is not skipped): it returns the
// path and the function, and false when the function is missing.
func (s Section) pathAndFunc() (path, fn string, ok bool) {
	path, rest, found := strings.Cut(s.Extras, ":")
	if !found {
		return path, "", false
	}
	fn = cutLine(rest)
	return path, fn, fn != ""
}

// uprobe reads attach_uprobe's grammar: PATH:FUNC, where FUNC may end in
// "+OFFSET" (the last "+", followed by a number to the end of the line).
func (s Section) uprobe(ret, sleepable bool) (Target, error) {
	path, fn, ok := s.pathAndFunc()
	if !ok {
		return nil, malformed(s.Name, "missing \":FUNCTION[+OFFSET]\" after the path")
	}
	var off int64
	if i := strings.LastIndexByte(fn, '+'); i >= 0 {
		if v, rest, ok := scanLong(fn[i+1:]); ok && rest == "" {
			off, fn = v, fn[:i]
		}
	}
	if ret && off != 0 {
		return nil, malformed(s.Name, "uretprobes take no offset")
	}
	return UprobeTarget{Path: path, Func: fn, Offset: uint64(off), Return: ret, Sleepable: sleepable}, nil
}

// usdt reads attach_usdt's sscanf("usdt/%m[^:]:%m[^:]:%m[^:]"). libbpf
// 1.5.0 applies that format to "usdt.s/" names too, where it fails; this
// reads their extras with the same grammar, for callers that attach USDTs
// by hand.
func (s Section) usdt() (Target, error) {
	parts := strings.SplitN(s.Extras, ":", 4)
	if len(parts) < 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return nil, malformed(s.Name, "want usdt/PATH:PROVIDER:NAME")
	}
	return USDTTarget{Path: parts[0], Provider: parts[1], Name: parts[2]}, nil
}
