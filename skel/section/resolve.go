package section

import "strings"

// Section is a resolved SEC() name.
type Section struct {
	Name       string      // the full SEC() name
	Definition *Definition // the matching entry (a copy; changing it changes nothing else)
	Extras     string      // what follows the prefix and its "/" ("" for a bare name), e.g. "sched/sched_switch" for "tp/sched/sched_switch"
}

// Resolve matches name against the table like libbpf's find_sec_def
// (without custom handlers): an entry "x" matches only "x"; "x+" matches
// "x" and "x/..."; "x/" matches any name starting with "x/". The first
// matching entry wins, so "sk_reuseport/migrate" is found before
// "sk_reuseport" and "kprobe.multi/f" is not a "kprobe+" name.
//
// The error is an *Error wrapping ErrUnknown (and ESRCH, as
// libbpf_prog_type_by_name reports) when no entry matches, or ErrMalformed
// when name holds a NUL byte, which no ELF section name can.
func Resolve(name string) (Section, error) {
	if strings.IndexByte(name, 0) >= 0 {
		return Section{}, malformed(name, "NUL byte in name")
	}
	for i := range table {
		if extras, ok := match(table[i].Prefix, name); ok {
			def := table[i]
			return Section{Name: name, Definition: &def, Extras: extras}, nil
		}
	}
	return Section{}, unknown(name)
}

// match reports whether name matches the table pattern prefix and returns
// the extras after it.
func match(prefix, name string) (extras string, ok bool) {
	switch {
	case prefix == "":
		return "", false
	case strings.HasSuffix(prefix, "/"):
		if strings.HasPrefix(name, prefix) {
			return name[len(prefix):], true
		}
		return "", false
	case strings.HasSuffix(prefix, "+"):
		base := prefix[:len(prefix)-1]
		if name == base {
			return "", true
		}
		if strings.HasPrefix(name, base) && name[len(base)] == '/' {
			return name[len(base)+1:], true
		}
		return "", false
	default:
		return "", name == prefix
	}
}

// bare returns the definition's prefix without its trailing "+" or "/".
func (d *Definition) bare() string {
	return strings.TrimRight(d.Prefix, "+/")
}

// AutoAttach reports whether bpf_object__attach_skeleton would call the
// definition's attach function for this name and keep its result: true for
// AlwaysAttach entries, and for AttachIfTarget entries unless the attach
// function skips the name (a bare "kprobe", "tp", "raw_tp.w", "usdt", ...;
// for uprobes also "uprobe/" and "uprobe/:x", which libbpf's sscanf reads as
// bare). A true result means libbpf tries; it can still fail (Target says
// whether the extras parse). Note that libbpf 1.5.0's attach_usdt accepts
// only "usdt" and "usdt/...", so it tries and fails for every "usdt.s" name.
func (s Section) AutoAttach() bool {
	d := s.Definition
	if d == nil {
		return false
	}
	switch d.AutoAttach {
	case AlwaysAttach:
		return true
	case AttachIfTarget:
		return !s.skipped()
	}
	return false
}

// skipped reports whether an AttachIfTarget definition's attach function
// returns "no link, no error" for this name.
func (s Section) skipped() bool {
	d := s.Definition
	switch d.bare() {
	case "uprobe", "uretprobe", "uprobe.s", "uretprobe.s",
		"uprobe.multi", "uretprobe.multi", "uprobe.multi.s", "uretprobe.multi.s":
		// sscanf("%m[^/]/%m[^:]:...") converting one field only.
		return s.Extras == "" || s.Extras[0] == ':'
	case "usdt.s":
		// attach_usdt compares with "usdt" only.
		return false
	}
	return s.Name == d.bare()
}
