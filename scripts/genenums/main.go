// Command genenums writes opts/enums.go and cgo/enums_table.go from the
// pinned libbpf: the enum members come from libbpf's copy of the kernel UAPI
// header (libbpf/include/linux/bpf.h), and each member's string comes from
// libbpf itself (libbpf_bpf_*_type_str), read by compiling and running a
// small C program against libbpf.a. Run it from the module root with
// `go run ./scripts/genenums` (the Makefile's `generate` target).
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// An enum is one C enum mirrored as a Go type.
type enum struct {
	cName    string // "bpf_attach_type"
	goType   string // "AttachType"
	cPrefix  string // stripped from member names: "BPF_"
	goPrefix string // prepended to Go names: "Attach"
	strFunc  string // libbpf's string function
	doc      string
	members  []member
}

type member struct {
	cName string
	alias string // non-empty when the member is "= OTHER"
	value uint32
	str   string // libbpf's string, "" when libbpf has none
}

var enums = []*enum{
	{cName: "bpf_prog_type", goType: "ProgType", cPrefix: "BPF_PROG_TYPE_", goPrefix: "ProgType",
		strFunc: "libbpf_bpf_prog_type_str",
		doc:     "ProgType is enum bpf_prog_type: the kind of a BPF program."},
	{cName: "bpf_attach_type", goType: "AttachType", cPrefix: "BPF_", goPrefix: "Attach",
		strFunc: "libbpf_bpf_attach_type_str",
		doc: "AttachType is enum bpf_attach_type: where a program attaches. Its zero value is\n" +
			"AttachCgroupInetIngress, so code that means \"no attach type\" must say so separately."},
	{cName: "bpf_link_type", goType: "LinkType", cPrefix: "BPF_LINK_TYPE_", goPrefix: "LinkType",
		strFunc: "libbpf_bpf_link_type_str",
		doc:     "LinkType is enum bpf_link_type: the kind of a BPF link, as reported by link info."},
	{cName: "bpf_map_type", goType: "MapType", cPrefix: "BPF_MAP_TYPE_", goPrefix: "MapType",
		strFunc: "libbpf_bpf_map_type_str",
		doc:     "MapType is enum bpf_map_type: the kind of a BPF map."},
}

// Words written in capitals in Go names.
var initialisms = map[string]string{
	"XDP": "XDP", "SKB": "SKB", "TCX": "TCX", "LSM": "LSM", "LIRC": "LIRC", "BTF": "BTF",
	"ID": "ID", "CPU": "CPU", "LRU": "LRU", "LPM": "LPM", "UDP4": "UDP4", "UDP6": "UDP6",
	"TP": "TP", "SK": "SK", "LWT": "LWT", "INET": "Inet", "INET4": "Inet4", "INET6": "Inet6",
	"PERCPU": "PerCPU", "XSKMAP": "XSKMap", "DEVMAP": "DevMap", "CPUMAP": "CPUMap",
	"SOCKMAP": "SockMap", "SOCKHASH": "SockHash", "RINGBUF": "RingBuf", "CGRP": "Cgrp",
	"SEG6LOCAL": "Seg6Local", "MODE2": "Mode2", "SOCKARRAY": "SockArray",
	"SOCKOPT": "SockOpt", "GETSOCKOPT": "GetSockOpt", "SETSOCKOPT": "SetSockOpt",
	"GETPEERNAME": "GetPeerName", "GETSOCKNAME": "GetSockName", "SENDMSG": "SendMsg",
	"RECVMSG": "RecvMsg", "SYSCTL": "Sysctl", "KPROBE": "Kprobe", "UPROBE": "Uprobe",
}

func goName(prefix, rest string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for _, w := range strings.Split(rest, "_") {
		if w == "" {
			continue
		}
		if s, ok := initialisms[w]; ok {
			b.WriteString(s)
			continue
		}
		b.WriteString(w[:1] + strings.ToLower(w[1:]))
	}
	return b.String()
}

var memberRE = regexp.MustCompile(`^\s*([A-Z_][A-Z0-9_]*)\s*(?:=\s*([A-Za-z0-9_]+))?\s*,?`)

func parse(header []byte) error {
	for _, e := range enums {
		start := bytes.Index(header, []byte("enum "+e.cName+" {"))
		if start < 0 {
			return fmt.Errorf("enum %s not found", e.cName)
		}
		body := header[start:]
		body = body[:bytes.Index(body, []byte("};"))]
		sc := bufio.NewScanner(bytes.NewReader(body))
		sc.Scan() // the "enum x {" line
		inComment := false
		for sc.Scan() {
			line := sc.Text()
			if inComment {
				if strings.Contains(line, "*/") {
					inComment = false
				}
				continue
			}
			if t := strings.TrimSpace(line); strings.HasPrefix(t, "/*") {
				inComment = !strings.Contains(t, "*/")
				continue
			}
			m := memberRE.FindStringSubmatch(line)
			if m == nil || strings.HasPrefix(m[1], "__MAX") {
				continue
			}
			mem := member{cName: m[1]}
			if m[2] != "" && !regexp.MustCompile(`^[0-9]+$`).MatchString(m[2]) {
				mem.alias = m[2]
			}
			e.members = append(e.members, mem)
		}
	}
	return nil
}

// probe compiles a C program against the pinned libbpf that prints, for each
// member, its value and libbpf's string for it.
func probe(root string) error {
	var c strings.Builder
	c.WriteString("#include <stdio.h>\n#include <bpf/libbpf.h>\nint main(void) {\n\tconst char *s;\n")
	for _, e := range enums {
		for _, m := range e.members {
			fmt.Fprintf(&c, "\ts = %s(%s); printf(\"%s %%u %%s\\n\", (unsigned)%s, s ? s : \"-\");\n",
				e.strFunc, m.cName, m.cName, m.cName)
		}
	}
	c.WriteString("\treturn 0;\n}\n")
	dir, err := os.MkdirTemp("", "genenums")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	src, bin := filepath.Join(dir, "p.c"), filepath.Join(dir, "p")
	if err := os.WriteFile(src, []byte(c.String()), 0o644); err != nil {
		return err
	}
	lib := filepath.Join(root, "libbpf")
	cc := exec.Command("gcc", "-o", bin, "-I"+filepath.Join(lib, "include"), src,
		filepath.Join(lib, "lib", "libbpf.a"), "-lelf", "-lz")
	cc.Stderr = os.Stderr
	if err := cc.Run(); err != nil {
		return fmt.Errorf("compiling the probe: %w", err)
	}
	out, err := exec.Command(bin).Output()
	if err != nil {
		return err
	}
	got := map[string]member{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var m member
		if _, err := fmt.Sscanf(l, "%s %d %s", &m.cName, &m.value, &m.str); err != nil {
			return fmt.Errorf("probe line %q: %w", l, err)
		}
		if m.str == "-" {
			m.str = ""
		}
		got[m.cName] = m
	}
	for _, e := range enums {
		for i := range e.members {
			g := got[e.members[i].cName]
			e.members[i].value, e.members[i].str = g.value, g.str
		}
	}
	return nil
}

func goOf(e *enum, m member) string {
	return goName(e.goPrefix, strings.TrimPrefix(m.cName, e.cPrefix))
}

func writeOpts(root string) error {
	var b bytes.Buffer
	b.WriteString("// Code generated by scripts/genenums from libbpf 1.5.0. DO NOT EDIT.\n\npackage opts\n\nimport \"strconv\"\n\n")
	for _, e := range enums {
		fmt.Fprintf(&b, "// %s\ntype %s uint32\n\n", strings.ReplaceAll(e.doc, "\n", "\n// "), e.goType)
		fmt.Fprintf(&b, "// Values of %s, equal to the C constants of enum %s.\nconst (\n", e.goType, e.cName)
		for _, m := range e.members {
			if m.alias != "" {
				fmt.Fprintf(&b, "\t%s = %s // %s, an alias\n", goOf(e, m), goName(e.goPrefix, strings.TrimPrefix(m.alias, e.cPrefix)), m.cName)
				continue
			}
			fmt.Fprintf(&b, "\t%s %s = %d // %s\n", goOf(e, m), e.goType, m.value, m.cName)
		}
		b.WriteString(")\n\n")
		fmt.Fprintf(&b, "var %sNames = [...]string{\n", lowerFirst(e.goType))
		for _, m := range e.members {
			if m.alias == "" && m.str != "" {
				fmt.Fprintf(&b, "\t%s: %q,\n", goOf(e, m), m.str)
			}
		}
		b.WriteString("}\n\n")
		fmt.Fprintf(&b, "// String returns libbpf's name for t (what %s returns),\n// or %s(N) for a value libbpf 1.5.0 does not know.\n", e.strFunc, e.goType)
		fmt.Fprintf(&b, "func (t %s) String() string {\n\tif int(t) < len(%sNames) && %sNames[t] != \"\" {\n\t\treturn %sNames[t]\n\t}\n\treturn \"%s(\" + strconv.FormatUint(uint64(t), 10) + \")\"\n}\n\n",
			e.goType, lowerFirst(e.goType), lowerFirst(e.goType), lowerFirst(e.goType), e.goType)
		fmt.Fprintf(&b, "// Known reports whether libbpf 1.5.0 knows t, that is whether\n// %s returns a name for it.\n", e.strFunc)
		fmt.Fprintf(&b, "func (t %s) Known() bool { return int(t) < len(%sNames) && %sNames[t] != \"\" }\n\n",
			e.goType, lowerFirst(e.goType), lowerFirst(e.goType))
	}
	return writeGo(filepath.Join(root, "opts", "enums.go"), b.Bytes())
}

func writeTable(root string) error {
	var b bytes.Buffer
	b.WriteString("// Code generated by scripts/genenums from libbpf 1.5.0. DO NOT EDIT.\n\npackage cgo\n\n")
	b.WriteString("/*\n#include <bpf/libbpf.h>\n*/\nimport \"C\"\n\nimport \"github.com/golibbpf/golibbpf/opts\"\n\n")
	b.WriteString("// enumValue pairs a C enum member with the Go constant that mirrors it;\n// the tests check that both are equal and that libbpf names them alike.\n")
	b.WriteString("type enumValue struct {\n\tcName string\n\tc     uint32\n\tgo_   uint32\n\tstr   func() string\n}\n\n")
	b.WriteString("var enumTable = map[string][]enumValue{\n")
	for _, e := range enums {
		fmt.Fprintf(&b, "\t%q: {\n", e.cName)
		for _, m := range e.members {
			fmt.Fprintf(&b, "\t\t{%q, uint32(C.%s), uint32(opts.%s), opts.%s.String},\n", m.cName, m.cName, goOf(e, m), goOf(e, m))
		}
		b.WriteString("\t},\n")
	}
	b.WriteString("}\n")
	return writeGo(filepath.Join(root, "cgo", "enums_table.go"), b.Bytes())
}

func writeGo(path string, src []byte) error {
	out, err := format.Source(src)
	if err != nil {
		return fmt.Errorf("%s: %w\n%s", path, err, src)
	}
	return os.WriteFile(path, out, 0o644)
}

func lowerFirst(s string) string { return strings.ToLower(s[:1]) + s[1:] }

func main() {
	root, _ := os.Getwd()
	header, err := os.ReadFile(filepath.Join(root, "libbpf", "include", "linux", "bpf.h"))
	if err == nil {
		err = parse(header)
	}
	if err == nil {
		err = probe(root)
	}
	if err == nil {
		err = writeOpts(root)
	}
	if err == nil {
		err = writeTable(root)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genenums:", err)
		os.Exit(1)
	}
}
