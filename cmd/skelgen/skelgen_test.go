package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/skel/section"
)

// runSkelgen runs the command line args and returns stdout, stderr and the
// exit status.
func runSkelgen(t *testing.T, input string, args ...string) (string, string, int) {
	t.Helper()
	old := stdin
	stdin = strings.NewReader(input)
	t.Cleanup(func() { stdin = old })
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

// checkLine fails t unless line is what libbpf says about name: its
// program type and attach type strings (libbpf_bpf_prog_type_str,
// libbpf_bpf_attach_type_str, "none" for libbpf's 0), or ERROR for a name
// libbpf_prog_type_by_name refuses with ESRCH.
func checkLine(t *testing.T, name, line string) {
	t.Helper()
	cols := strings.Split(line, "\t")
	pt, at, err := cgo.LibbpfProgTypeByName(name)
	if err != nil {
		if !errors.Is(err, unix.ESRCH) {
			t.Fatalf("libbpf_prog_type_by_name(%q): %v", name, err)
		}
		if len(cols) != 3 || cols[1] != "ERROR" || cols[2] != "unknown section name" {
			t.Errorf("%q: line %q, want ERROR (libbpf: ESRCH)", name, line)
		}
		return
	}
	if len(cols) != 4 || cols[1] != cgo.LibbpfBPFProgTypeStr(pt) {
		t.Errorf("%q: line %q, libbpf program type %q", name, line, cgo.LibbpfBPFProgTypeStr(pt))
		return
	}
	switch cols[2] {
	case "none":
		if at != 0 {
			t.Errorf("%q: attach type none, libbpf %q", name, cgo.LibbpfBPFAttachTypeStr(at))
		}
	case cgo.LibbpfBPFAttachTypeStr(at):
	default:
		t.Errorf("%q: attach type %q, libbpf %q", name, cols[2], cgo.LibbpfBPFAttachTypeStr(at))
	}
	s, _ := section.Resolve(name)
	if cols[3] != s.Definition.Flags.String() {
		t.Errorf("%q: flags %q, want %q", name, cols[3], s.Definition.Flags)
	}
}

var names = []string{
	"cgroup/connect4", "cgroup/getpeername4", "cgroup_skb/ingress", "cgroup/skb", "kprobe", "kprobe/x", "kprobe_x",
	"tc/ingress", "tc", "xdp.frags/devmap", "xdp", "sk_reuseport/migrate", "cgroup/sock", "uprobe.s//bin/x:f",
	"fentry.s/x", "usdt.s", "iter/task", "struct_ops.s/x", "raw_tp.w/x", "tp", "", "/", "unknown",
}

func TestResolveArgs(t *testing.T) {
	old := cgo.LibbpfSetPrint(nil)
	defer cgo.LibbpfSetPrint(old)
	out, errOut, code := runSkelgen(t, "", append([]string{"resolve"}, names...)...)
	if code != 1 || errOut != "" {
		t.Errorf("exit %d, stderr %q; want 1 (some names are unknown) and nothing", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(names) {
		t.Fatalf("%d lines for %d names:\n%s", len(lines), len(names), out)
	}
	for i, name := range names {
		want := name
		if name == "" {
			want = `""`
		}
		if got := strings.Split(lines[i], "\t")[0]; got != want {
			t.Errorf("line %d names %q, want %q", i, got, want)
		}
		checkLine(t, name, lines[i])
	}
	if !strings.Contains(out, "cgroup/connect4\tcgroup_sock_addr\tcgroup_inet4_connect\tattachable\n") ||
		!strings.Contains(out, "cgroup_skb/ingress\tcgroup_skb\tcgroup_inet_ingress\tattachable|exp_attach_opt\n") ||
		!strings.Contains(out, "cgroup/skb\tcgroup_skb\tnone\tnone\n") {
		t.Errorf("output:\n%s", out)
	}
}

func TestResolveStdin(t *testing.T) {
	out, _, code := runSkelgen(t, "xdp\r\n\nfentry.s/do_unlinkat\n", "resolve")
	want := "xdp\txdp\txdp\tattachable|exp_attach_opt\nfentry.s/do_unlinkat\ttracing\ttrace_fentry\tsleepable|attach_btf\n"
	if code != 0 || out != want {
		t.Errorf("exit %d, output %q; want 0, %q", code, out, want)
	}
	out, _, code = runSkelgen(t, "kprobe_x\n", "resolve")
	if code != 1 || out != "kprobe_x\tERROR\tunknown section name\n" {
		t.Errorf("exit %d, output %q", code, out)
	}
	out, _, code = runSkelgen(t, "", "resolve", "a\tb")
	if code != 1 || out != "\"a\\tb\"\tERROR\tunknown section name\n" {
		t.Errorf("a tab in a name: exit %d, output %q", code, out)
	}
}

func TestSections(t *testing.T) {
	old := cgo.LibbpfSetPrint(nil)
	defer cgo.LibbpfSetPrint(old)
	out, errOut, code := runSkelgen(t, "", "sections")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	defs := section.Definitions()
	if len(lines) != len(defs) || len(defs) != 101 {
		t.Fatalf("%d lines, %d definitions, want 101", len(lines), len(defs))
	}
	for i, d := range defs {
		prefix := strings.Split(lines[i], "\t")[0]
		if prefix != d.Prefix {
			t.Errorf("line %d is %q, want %q", i, prefix, d.Prefix)
		}
		// The bare name of each entry resolves to the entry itself.
		checkLine(t, strings.TrimRight(d.Prefix, "+/"), strings.Replace(lines[i], prefix, strings.TrimRight(prefix, "+/"), 1))
	}
}

func TestUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
	}{
		{nil, 2},
		{[]string{"nope"}, 2},
		{[]string{"sections", "extra"}, 2},
		{[]string{"help"}, 0},
	} {
		out, errOut, code := runSkelgen(t, "", c.args...)
		if code != c.code || !strings.Contains(out+errOut, "usage: skelgen") {
			t.Errorf("skelgen %q: exit %d, output %q %q", c.args, code, out, errOut)
		}
	}
}
