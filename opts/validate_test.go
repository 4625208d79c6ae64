package opts_test

import (
	"testing"

	"github.com/golibbpf/golibbpf/opts"
	"golang.org/x/sys/unix"
)

func TestLinkUpdateValidate(t *testing.T) {
	const s = "bpf_link_update_opts"
	runRejections(t, []rejection{
		{"unknown flag ALLOW_OVERRIDE", &opts.LinkUpdate{Flags: opts.BPF_F_ALLOW_OVERRIDE}, s, "Flags", unix.EINVAL},
		{"unknown flag BEFORE with REPLACE", &opts.LinkUpdate{Flags: opts.BPF_F_REPLACE | opts.BPF_F_BEFORE, OldProgFD: 3}, s, "Flags", unix.EINVAL},
		{"OldProgFD without REPLACE", &opts.LinkUpdate{OldProgFD: 3}, s, "Flags", unix.EINVAL},
		{"OldMapFD without REPLACE", &opts.LinkUpdate{OldMapFD: 3}, s, "Flags", unix.EINVAL},
		{"OldProgFD and OldMapFD", &opts.LinkUpdate{Flags: opts.BPF_F_REPLACE, OldProgFD: 3, OldMapFD: 4}, s, "OldProgFD, OldMapFD", unix.EINVAL},
	})
	runAcceptances(t, []acceptance{
		{"nil", (*opts.LinkUpdate)(nil)},
		{"zero", &opts.LinkUpdate{}},
		{"replace prog", &opts.LinkUpdate{Flags: opts.BPF_F_REPLACE, OldProgFD: 3}},
		{"replace map", &opts.LinkUpdate{Flags: opts.BPF_F_REPLACE, OldMapFD: 3}},
	})
}

func TestProgLoadValidate(t *testing.T) {
	const s = "bpf_prog_load_opts"
	runRejections(t, []rejection{
		{"negative attempts", &opts.ProgLoad{Attempts: -1}, s, "Attempts", unix.EINVAL},
		{"log level 16", &opts.ProgLoad{LogLevel: 16, LogSize: 4096}, s, "LogLevel", unix.EINVAL},
		{"log level 1<<31", &opts.ProgLoad{LogLevel: 1 | 1<<31, LogSize: 4096}, s, "LogLevel", unix.EINVAL},
		{"log size 1<<30", &opts.ProgLoad{LogLevel: 1, LogSize: 1 << 30}, s, "LogSize", unix.EINVAL},
		{"func info without rec size", &opts.ProgLoad{FuncInfo: make([]byte, 8)}, s, "FuncInfo", unix.EINVAL},
		{"func info partial record", &opts.ProgLoad{FuncInfo: make([]byte, 12), FuncInfoRecSize: 8}, s, "FuncInfo", unix.EINVAL},
		{"line info without rec size", &opts.ProgLoad{LineInfo: make([]byte, 16)}, s, "LineInfo", unix.EINVAL},
		{"line info partial record", &opts.ProgLoad{LineInfo: make([]byte, 17), LineInfoRecSize: 16}, s, "LineInfo", unix.EINVAL},
		{"line info bad, func info good", &opts.ProgLoad{FuncInfo: make([]byte, 16), FuncInfoRecSize: 8, LineInfo: make([]byte, 8), LineInfoRecSize: 16}, s, "LineInfo", unix.EINVAL},
	})
	runAcceptances(t, []acceptance{
		{"nil", (*opts.ProgLoad)(nil)},
		{"zero", &opts.ProgLoad{}},
		{"populated", &opts.ProgLoad{Attempts: 5, ExpectedAttachType: opts.AttachCgroupInet4Connect, ProgFlags: 1,
			LogLevel: 1 | 2 | 4, LogSize: 1<<30 - 1, FuncInfo: make([]byte, 16), FuncInfoRecSize: 8,
			LineInfo: make([]byte, 32), LineInfoRecSize: 16, FDArray: []int32{3, 4}}},
		// Linux >= 6.4 takes any log size and BPF_LOG_FIXED (8).
		{"small log", &opts.ProgLoad{LogLevel: 1, LogSize: 64}},
		{"fixed log", &opts.ProgLoad{LogLevel: 8 | 1, LogSize: 4096}},
		{"rec sizes without records", &opts.ProgLoad{FuncInfoRecSize: 8, LineInfoRecSize: 16}},
	})
}

func TestProgAttachValidate(t *testing.T) {
	const s = "bpf_prog_attach_opts"
	runRejections(t, []rejection{
		{"relative fd and id", &opts.ProgAttach{Flags: opts.BPF_F_BEFORE, RelativeFD: 3, RelativeID: 4}, s, "RelativeFD, RelativeID", unix.EINVAL},
		{"replace fd without REPLACE", &opts.ProgAttach{Flags: opts.BPF_F_ALLOW_MULTI, ReplaceProgFD: 3}, s, "ReplaceProgFD", unix.EINVAL},
		{"negative replace fd", &opts.ProgAttach{Flags: opts.BPF_F_REPLACE, ReplaceProgFD: -1}, s, "ReplaceProgFD, RelativeFD", unix.EINVAL},
		{"negative relative fd", &opts.ProgAttach{Flags: opts.BPF_F_BEFORE, RelativeFD: -1}, s, "ReplaceProgFD, RelativeFD", unix.EINVAL},
	})
	runAcceptances(t, []acceptance{
		{"nil", (*opts.ProgAttach)(nil)},
		{"zero", &opts.ProgAttach{}},
		{"replace", &opts.ProgAttach{Flags: opts.BPF_F_ALLOW_MULTI | opts.BPF_F_REPLACE, ReplaceProgFD: 3}},
		{"before fd", &opts.ProgAttach{Flags: opts.BPF_F_BEFORE, RelativeFD: 3, ExpectedRevision: 2}},
		{"after id", &opts.ProgAttach{Flags: opts.BPF_F_AFTER | opts.BPF_F_ID, RelativeID: 3}},
	})
}

func TestTestRunValidate(t *testing.T) {
	const s = "bpf_test_run_opts"
	runRejections(t, []rejection{
		{"negative repeat", &opts.TestRun{Repeat: -1}, s, "Repeat", unix.EINVAL},
		{"cpu without ON_CPU", &opts.TestRun{CPU: 1}, s, "CPU", unix.EINVAL},
		{"cpu with other flag", &opts.TestRun{CPU: 1, Flags: 1 << 1}, s, "CPU", unix.EINVAL},
	})
	runAcceptances(t, []acceptance{
		{"nil", (*opts.TestRun)(nil)},
		{"zero", &opts.TestRun{}},
		{"populated", &opts.TestRun{DataIn: make([]byte, 64), DataOutSize: 64, CtxIn: make([]byte, 8), CtxOutSize: 8,
			Repeat: 10, Flags: opts.BPF_F_TEST_RUN_ON_CPU, CPU: 1}},
		{"on cpu 0", &opts.TestRun{Flags: opts.BPF_F_TEST_RUN_ON_CPU}},
	})
}

func TestMapCreateValidate(t *testing.T) {
	const s = "bpf_map_create_opts"
	runRejections(t, []rejection{
		{"key type without btf", &opts.MapCreate{BTFKeyTypeID: 1}, s, "BTFFD", unix.EINVAL},
		{"value type without btf", &opts.MapCreate{BTFValueTypeID: 2}, s, "BTFFD", unix.EINVAL},
	})
	runAcceptances(t, []acceptance{
		{"nil", (*opts.MapCreate)(nil)},
		{"zero", &opts.MapCreate{}},
		{"populated", &opts.MapCreate{BTFFD: 3, BTFKeyTypeID: 1, BTFValueTypeID: 2, MapFlags: 1, NumaNode: 0, MapExtra: 5}},
	})
}

func TestObjectOpenValidate(t *testing.T) {
	const s = "bpf_object_open_opts"
	runRejections(t, []rejection{
		{"NUL in ObjectName", &opts.ObjectOpen{ObjectName: "a\x00b"}, s, "ObjectName", unix.EINVAL},
		{"NUL in PinRootPath", &opts.ObjectOpen{PinRootPath: "/sys/fs/bpf\x00"}, s, "PinRootPath", unix.EINVAL},
		{"NUL in Kconfig", &opts.ObjectOpen{Kconfig: "\x00CONFIG_X=y"}, s, "Kconfig", unix.EINVAL},
		{"NUL in BTFCustomPath", &opts.ObjectOpen{BTFCustomPath: "/x\x00"}, s, "BTFCustomPath", unix.EINVAL},
		{"NUL in BPFTokenPath", &opts.ObjectOpen{BPFTokenPath: "/sys/\x00fs/bpf"}, s, "BPFTokenPath", unix.EINVAL},
		{"log level 16", &opts.ObjectOpen{KernelLogLevel: 16}, s, "KernelLogLevel", unix.EINVAL},
	})
	runAcceptances(t, []acceptance{
		{"nil", (*opts.ObjectOpen)(nil)},
		{"zero", &opts.ObjectOpen{}},
		{"populated", &opts.ObjectOpen{ObjectName: "obj", RelaxedMaps: true, PinRootPath: "/sys/fs/bpf",
			Kconfig: "CONFIG_X=y\n", BTFCustomPath: "/sys/kernel/btf/vmlinux", KernelLogSize: 1 << 16,
			KernelLogLevel: 1 | 2 | 4 | 8, BPFTokenPath: "/sys/fs/bpf"}},
	})
}

func TestFieldErrorText(t *testing.T) {
	err := (&opts.ProgAttach{ReplaceProgFD: 3}).Validate()
	if want := "bpf_prog_attach_opts: ReplaceProgFD: needs BPF_F_REPLACE in Flags"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
	e := &opts.FieldError{Struct: "s", Field: "A.B", Reason: "is bad", Errno: unix.ERANGE}
	if got, want := e.Error(), "s: A.B: is bad"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if e.Unwrap() != unix.ERANGE {
		t.Errorf("Unwrap() = %v, want ERANGE", e.Unwrap())
	}
}
