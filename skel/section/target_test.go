package section_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/skel/section"
)

func TestTarget(t *testing.T) {
	const minus1 = ^uint64(0)
	for _, c := range []struct {
		name string
		auto bool
		want section.Target // nil: no target
		bad  string         // a substring of the error, when malformed
	}{
		// kprobe: sscanf("%m[a-zA-Z0-9_.]+%li"); trailing text is ignored.
		{"kprobe", false, nil, ""},
		{"kretprobe", false, nil, ""},
		{"kprobe/do_unlinkat", true, section.KprobeTarget{Func: "do_unlinkat"}, ""},
		{"kprobe/do_unlinkat+8", true, section.KprobeTarget{Func: "do_unlinkat", Offset: 8}, ""},
		{"kprobe/f+0x10", true, section.KprobeTarget{Func: "f", Offset: 16}, ""},
		{"kprobe/f+010", true, section.KprobeTarget{Func: "f", Offset: 8}, ""},
		{"kprobe/f+-1", true, section.KprobeTarget{Func: "f", Offset: minus1}, ""},
		{"kprobe/f+", true, section.KprobeTarget{Func: "f"}, ""},
		{"kprobe/f+x", true, section.KprobeTarget{Func: "f"}, ""},
		{"kprobe/f.isra.0", true, section.KprobeTarget{Func: "f.isra.0"}, ""},
		{"kprobe/f-g", true, section.KprobeTarget{Func: "f"}, ""},
		{"kprobe/f+8 junk", true, section.KprobeTarget{Func: "f", Offset: 8}, ""},
		{"kprobe/", true, nil, "kprobe function"},
		{"kprobe/+8", true, nil, "kprobe function"},
		{"kprobe/:x", true, nil, "kprobe function"},
		{"kretprobe/do_exit", true, section.KprobeTarget{Func: "do_exit", Return: true}, ""},
		{"kretprobe/f+0", true, section.KprobeTarget{Func: "f", Return: true}, ""},
		{"kretprobe/f+4", true, nil, "offset"},

		{"ksyscall", false, nil, ""},
		{"ksyscall/openat", true, section.KsyscallTarget{Syscall: "openat"}, ""},
		{"kretsyscall/openat", true, section.KsyscallTarget{Syscall: "openat", Return: true}, ""},
		{"ksyscall/", true, nil, "no system call"},

		{"kprobe.multi", false, nil, ""},
		{"kprobe.multi/tcp_*", true, section.KprobeMultiTarget{Pattern: "tcp_*"}, ""},
		{"kretprobe.multi/?x.y z", true, section.KprobeMultiTarget{Pattern: "?x.y", Return: true}, ""},
		{"kprobe.session/f*", true, section.KprobeMultiTarget{Pattern: "f*", Session: true}, ""},
		{"kprobe.session", false, nil, ""},
		{"kprobe.multi/", true, nil, "pattern"},
		{"kprobe.multi/-x", true, nil, "pattern"},

		// uprobe: sscanf("%m[^/]/%m[^:]:%m[^\n]"), then "+OFFSET" at the end.
		{"uprobe", false, nil, ""},
		{"uprobe/", false, nil, ""},
		{"uprobe/:f", false, nil, ""},
		{"uprobe.s", false, nil, ""},
		{"uprobe//usr/bin/bash:readline", true, section.UprobeTarget{Path: "/usr/bin/bash", Func: "readline"}, ""},
		{"uprobe/libc.so.6:malloc", true, section.UprobeTarget{Path: "libc.so.6", Func: "malloc"}, ""},
		{"uprobe/usr/bin/x:f", true, section.UprobeTarget{Path: "usr/bin/x", Func: "f"}, ""},
		{"uprobe//bin/x:f+0x10", true, section.UprobeTarget{Path: "/bin/x", Func: "f", Offset: 16}, ""},
		{"uprobe//bin/x:+0x10", true, section.UprobeTarget{Path: "/bin/x", Offset: 16}, ""},
		{"uprobe//bin/x:f++5", true, section.UprobeTarget{Path: "/bin/x", Func: "f+", Offset: 5}, ""},
		{"uprobe//bin/x:f+5 ", true, section.UprobeTarget{Path: "/bin/x", Func: "f+5 "}, ""},
		{"uprobe//bin/x:f+", true, section.UprobeTarget{Path: "/bin/x", Func: "f+"}, ""},
		{"uprobe//bin/x:f+0xg", true, section.UprobeTarget{Path: "/bin/x", Func: "f+0xg"}, ""},
		{"uprobe//bin/x:a:b", true, section.UprobeTarget{Path: "/bin/x", Func: "a:b"}, ""},
		{"uprobe//bin/x:f\nrest", true, section.UprobeTarget{Path: "/bin/x", Func: "f"}, ""},
		{"uprobe.s//bin/x:f", true, section.UprobeTarget{Path: "/bin/x", Func: "f", Sleepable: true}, ""},
		{"uretprobe//bin/x:f", true, section.UprobeTarget{Path: "/bin/x", Func: "f", Return: true}, ""},
		{"uretprobe.s//bin/x:f+0", true, section.UprobeTarget{Path: "/bin/x", Func: "f", Return: true, Sleepable: true}, ""},
		{"uretprobe//bin/x:f+4", true, nil, "offset"},
		{"uprobe//bin/x", true, nil, "missing"},
		{"uprobe//bin/x:", true, nil, "missing"},
		{"uprobe//bin/x:\nf", true, nil, "missing"},

		{"uprobe.multi", false, nil, ""},
		{"uprobe.multi//bin/x:f*", true, section.UprobeMultiTarget{Path: "/bin/x", Pattern: "f*"}, ""},
		{"uretprobe.multi.s//bin/x:f*", true, section.UprobeMultiTarget{Path: "/bin/x", Pattern: "f*", Return: true, Sleepable: true}, ""},
		{"uprobe.multi.s/:f", false, nil, ""},
		{"uprobe.multi//bin/x", true, nil, "PATTERN"},

		// usdt: sscanf("usdt/%m[^:]:%m[^:]:%m[^:]").
		{"usdt", false, nil, ""},
		{"usdt//bin/x:prov:name", true, section.USDTTarget{Path: "/bin/x", Provider: "prov", Name: "name"}, ""},
		{"usdt/libc.so.6:libc:setjmp:extra", true, section.USDTTarget{Path: "libc.so.6", Provider: "libc", Name: "setjmp"}, ""},
		{"usdt.s//bin/x:prov:name", true, section.USDTTarget{Path: "/bin/x", Provider: "prov", Name: "name"}, ""},
		{"usdt.s", true, nil, ""}, // libbpf 1.5.0 tries, and fails
		{"usdt/", true, nil, "PROVIDER"},
		{"usdt//bin/x:prov", true, nil, "PROVIDER"},
		{"usdt//bin/x::name", true, nil, "PROVIDER"},
		{"usdt/:p:n", true, nil, "PROVIDER"},

		{"tp", false, nil, ""},
		{"tracepoint", false, nil, ""},
		{"tp/sched/sched_switch", true, section.TracepointTarget{Category: "sched", Name: "sched_switch"}, ""},
		{"tracepoint/syscalls/sys_enter_openat", true, section.TracepointTarget{Category: "syscalls", Name: "sys_enter_openat"}, ""},
		{"tp/a/b/c", true, section.TracepointTarget{Category: "a", Name: "b/c"}, ""},
		{"tp/sched", true, nil, "CATEGORY"},
		{"tp/", true, nil, "CATEGORY"},
		{"tp//x", true, nil, "empty"},
		{"tp/x/", true, nil, "empty"},

		{"raw_tp", false, nil, ""},
		{"raw_tp.w", false, nil, ""},
		{"raw_tp/sched_switch", true, section.RawTracepointTarget{Name: "sched_switch"}, ""},
		{"raw_tracepoint/x", true, section.RawTracepointTarget{Name: "x"}, ""},
		{"raw_tp.w/x", true, section.RawTracepointTarget{Name: "x", Writable: true}, ""},
		{"raw_tracepoint.w/x", true, section.RawTracepointTarget{Name: "x", Writable: true}, ""},
		{"raw_tp/", true, nil, "empty"},

		{"tp_btf/sched_switch", true, section.BTFTarget{Name: "sched_switch"}, ""},
		{"fentry/do_unlinkat", true, section.BTFTarget{Name: "do_unlinkat"}, ""},
		{"fentry/bpf_testmod:f", true, section.BTFTarget{Name: "bpf_testmod:f"}, ""},
		{"fexit.s/x", true, section.BTFTarget{Name: "x"}, ""},
		{"fmod_ret/x", true, section.BTFTarget{Name: "x"}, ""},
		{"freplace/x", true, section.BTFTarget{Name: "x"}, ""},
		{"lsm/file_open", true, section.BTFTarget{Name: "file_open"}, ""},
		{"lsm.s/bprm_check_security", true, section.BTFTarget{Name: "bprm_check_security"}, ""},
		{"lsm_cgroup/socket_bind", false, section.BTFTarget{Name: "socket_bind"}, ""},
		{"lsm_cgroup", false, nil, ""},
		{"fentry", true, nil, ""},
		{"tp_btf", true, nil, ""},
		{"fentry/", true, nil, "empty"},

		{"iter/task", true, section.IterTarget{Name: "task"}, ""},
		{"iter.s/task_file", true, section.IterTarget{Name: "task_file", Sleepable: true}, ""},
		{"iter", true, nil, ""},
		{"iter/", true, nil, "empty"},

		{"cgroup/connect4", false, nil, ""},
		{"xdp", false, nil, ""},
		{"tc/ingress", false, nil, ""},
		{"struct_ops/init", false, nil, ""},
		{"struct_ops.s/x", false, nil, ""},
		{"perf_event", false, nil, ""},
		{"socket", false, nil, ""},
	} {
		s, err := section.Resolve(c.name)
		if err != nil {
			t.Errorf("Resolve(%q): %v", c.name, err)
			continue
		}
		if got := s.AutoAttach(); got != c.auto {
			t.Errorf("%q: AutoAttach() = %v, want %v", c.name, got, c.auto)
		}
		got, err := s.Target()
		if c.bad != "" {
			var se *section.Error
			if !errors.As(err, &se) || !errors.Is(err, section.ErrMalformed) || !errors.Is(err, unix.EINVAL) ||
				se.Section != c.name || !strings.Contains(err.Error(), c.bad) || got != nil {
				t.Errorf("%q: Target() = %#v, %v; want an *Error naming it, ErrMalformed, EINVAL, %q", c.name, got, err, c.bad)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: Target(): %v", c.name, err)
			continue
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%q: Target() (-want +got):\n%s", c.name, diff)
		}
	}
}

func TestUnknown(t *testing.T) {
	for _, name := range []string{"", "/", "kprobe_x", "unknown", "cgroup/sock_x"} {
		s, err := section.Resolve(name)
		var se *section.Error
		if !errors.As(err, &se) || se.Section != name || !errors.Is(err, section.ErrUnknown) || !errors.Is(err, unix.ESRCH) ||
			errors.Is(err, section.ErrMalformed) || s.Definition != nil {
			t.Errorf("Resolve(%q) = %+v, %v; want an *Error with ErrUnknown and ESRCH", name, s, err)
		}
		if got := s.AutoAttach(); got {
			t.Errorf("zero Section: AutoAttach() = true")
		}
		if tg, err := s.Target(); tg != nil || err != nil {
			t.Errorf("zero Section: Target() = %v, %v", tg, err)
		}
	}
	want := `section "kprobe_x": unknown section name`
	if _, err := section.Resolve("kprobe_x"); err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if _, err := section.Resolve("kprobe\x00/x"); !errors.Is(err, section.ErrMalformed) {
		t.Errorf("a NUL byte: %v, want ErrMalformed", err)
	}
}

func TestExtras(t *testing.T) {
	for name, want := range map[string]string{
		"tp/sched/sched_switch": "sched/sched_switch",
		"kprobe":                "",
		"kprobe/":               "",
		"kprobe/x":              "x",
		"cgroup/connect4":       "",
		"uprobe//bin/x:f":       "/bin/x:f",
	} {
		s, err := section.Resolve(name)
		if err != nil || s.Extras != want || s.Name != name {
			t.Errorf("Resolve(%q) = %+v, %v; want extras %q", name, s, err, want)
		}
	}
}

func TestDefinitionsIsACopy(t *testing.T) {
	defs := section.Definitions()
	defs[0].Prefix = "changed"
	s, err := section.Resolve("socket")
	if err != nil || s.Definition.Prefix != "socket" || section.Definitions()[0].Prefix != "socket" {
		t.Fatalf("changing Definitions() changed the table")
	}
	s.Definition.ProgType = 0
	if s2, _ := section.Resolve("socket"); s2.Definition.ProgType == 0 {
		t.Fatalf("changing a Section's Definition changed the table")
	}
}

func TestFlagsString(t *testing.T) {
	for f, want := range map[section.Flags]string{
		0:                                     "none",
		section.Sleepable | section.AttachBTF: "sleepable|attach_btf",
		section.USDT | section.Sleepable:      "usdt|sleepable",
		section.Attachable | section.ExpectedAttachTypeOptional: "attachable|exp_attach_opt",
		section.XDPFrags:           "xdp_frags",
		section.Attachable | 1<<10: "attachable|0x400",
	} {
		if got := f.String(); got != want {
			t.Errorf("Flags(%#x).String() = %q, want %q", uint32(f), got, want)
		}
	}
}

func FuzzTarget(f *testing.F) {
	for _, name := range edgeCases {
		f.Add(name)
	}
	for _, name := range []string{"kprobe/f+0x10", "uprobe//bin/x:f+5", "usdt/a:b:c", "tp/a/b", "kprobe/f+99999999999999999999999"} {
		f.Add(name)
	}
	f.Fuzz(func(t *testing.T, name string) {
		s, err := section.Resolve(name)
		if err != nil {
			var se *section.Error
			if !errors.As(err, &se) || se.Section != name {
				t.Fatalf("Resolve(%q): %v is not an *Error naming the section", name, err)
			}
			return
		}
		tg, err := s.Target()
		if err != nil {
			var se *section.Error
			if !errors.As(err, &se) || se.Section != name || !errors.Is(err, section.ErrMalformed) || tg != nil {
				t.Fatalf("Target(%q) = %v, %v", name, tg, err)
			}
			if !s.AutoAttach() && s.Definition.AutoAttach != section.NoAutoAttach {
				t.Fatalf("%q: a malformed target in a skipped section", name)
			}
		}
		if tg != nil && !s.AutoAttach() && s.Definition.AutoAttach != section.NoAutoAttach {
			t.Fatalf("%q: a target %v in a section libbpf skips", name, tg)
		}
	})
}
