package section_test

import (
	"archive/tar"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/skel/section"
)

// libbpfSource returns src/libbpf.c from the pinned libbpf 1.5.0 orig
// tarball that scripts/build-libbpf.sh fetched (or LIBBPF_TARBALL names).
func libbpfSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv("LIBBPF_TARBALL")
	if path == "" {
		path = filepath.Join(testenv.Root(), "libbpf", ".apt", "libbpf_1.5.0.orig.tar.gz")
	}
	f, err := os.Open(path)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("libbpf source tarball: %v", err)
		}
		t.Skipf("libbpf source tarball not here (%v); scripts/build-libbpf.sh fetches it", err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err != nil {
			t.Fatalf("%s: no src/libbpf.c: %v", path, err)
		}
		if strings.HasSuffix(h.Name, "/src/libbpf.c") {
			b, err := io.ReadAll(tr)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
}

var (
	secDefRE   = regexp.MustCompile(`SEC_DEF\("([^"]+)",\s*(\w+),\s*(\w+),\s*([\w |]+?)\s*(?:,\s*(\w+))?\)`)
	flagEnumRE = regexp.MustCompile(`(?m)^\s*(SEC_\w+) = ([\w |]+),`)
)

// TestTableEqualsLibbpfSource reads section_defs from libbpf.c itself and
// compares every column, including what libbpf_prog_type_by_name cannot
// show: "none" against an explicit attach type 0 (cgroup_skb/ingress), the
// flags, and whether the entry has an attach function.
func TestTableEqualsLibbpfSource(t *testing.T) {
	src := libbpfSource(t)

	// enum sec_def_flags: the values of Flags are libbpf's.
	enumStart := strings.Index(src, "enum sec_def_flags {")
	if enumStart < 0 {
		t.Fatal("libbpf.c: no enum sec_def_flags")
	}
	enum := src[enumStart : enumStart+strings.Index(src[enumStart:], "\n};")]
	flagValue := map[string]section.Flags{}
	for _, m := range flagEnumRE.FindAllStringSubmatch(enum, -1) {
		var v section.Flags
		for _, part := range strings.Split(m[2], "|") {
			part = strings.TrimSpace(part)
			if n, err := strconv.ParseUint(part, 0, 32); err == nil {
				v |= section.Flags(n)
			} else if pv, ok := flagValue[part]; ok {
				v |= pv
			} else {
				t.Fatalf("enum sec_def_flags: cannot read %q", m[0])
			}
		}
		flagValue[m[1]] = v
	}
	wantFlags := map[string]section.Flags{
		"SEC_NONE": 0, "SEC_EXP_ATTACH_OPT": section.ExpectedAttachTypeOptional, "SEC_ATTACHABLE": section.Attachable,
		"SEC_ATTACHABLE_OPT": section.Attachable | section.ExpectedAttachTypeOptional, "SEC_ATTACH_BTF": section.AttachBTF,
		"SEC_SLEEPABLE": section.Sleepable, "SEC_XDP_FRAGS": section.XDPFrags, "SEC_USDT": section.USDT,
	}
	for name, want := range wantFlags {
		if got, ok := flagValue[name]; !ok || got != want {
			t.Errorf("libbpf.c: %s = %v (found %v), Go has %v", name, got, ok, want)
		}
	}
	if len(flagValue) != len(wantFlags) {
		t.Errorf("libbpf.c has %d SEC_* flags, Go knows %d", len(flagValue), len(wantFlags))
	}

	start := strings.Index(src, "static const struct bpf_sec_def section_defs[] = {")
	if start < 0 {
		t.Fatal("libbpf.c: no section_defs")
	}
	end := strings.Index(src[start:], "\n};")
	block := src[start : start+end]
	var lines []string
	for _, l := range strings.Split(block, "\n") {
		if strings.Contains(l, "SEC_DEF(") {
			lines = append(lines, l)
		}
	}
	defs := section.Definitions()
	if len(lines) != len(defs) {
		t.Errorf("libbpf.c has %d section_defs, Go %d", len(lines), len(defs))
	}
	for i, l := range lines {
		m := secDefRE.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("cannot read %q", l)
			continue
		}
		if i >= len(defs) {
			break
		}
		d := defs[i]
		prefix, ptype, atype, flags, attachFn := m[1], m[2], m[3], m[4], m[5]
		if d.Prefix != prefix {
			t.Errorf("entry %d: Go %q, libbpf %q", i, d.Prefix, prefix)
			continue
		}
		if got, want := d.ProgType.String(), strings.ToLower(ptype); got != want {
			t.Errorf("%q: program type %s, libbpf BPF_PROG_TYPE_%s", prefix, got, ptype)
		}
		switch {
		case atype == "0" && d.HasAttachType:
			t.Errorf("%q: attach type %s, libbpf has none", prefix, d.AttachType)
		case atype != "0" && !d.HasAttachType:
			t.Errorf("%q: no attach type, libbpf %s", prefix, atype)
		case atype != "0" && d.AttachType.String() != strings.ToLower(strings.TrimPrefix(atype, "BPF_")):
			t.Errorf("%q: attach type %s, libbpf %s", prefix, d.AttachType, atype)
		}
		var f section.Flags
		for _, part := range strings.Split(flags, "|") {
			v, ok := flagValue[strings.TrimSpace(part)]
			if !ok {
				t.Errorf("%q: unknown flag %q", prefix, part)
			}
			f |= v
		}
		if d.Flags != f {
			t.Errorf("%q: flags %v, libbpf %s (%v)", prefix, d.Flags, flags, f)
		}
		want := section.AttachIfTarget
		switch attachFn {
		case "":
			want = section.NoAutoAttach
		case "attach_trace", "attach_lsm", "attach_iter": // no skip path
			want = section.AlwaysAttach
		}
		if d.AutoAttach != want {
			t.Errorf("%q: auto-attach %v, libbpf's attach function %q means %v", prefix, d.AutoAttach, attachFn, want)
		}
	}
}
