package tracing

import (
	"errors"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
)

// triggerGetppid makes getppid system calls until the program counting them
// in results[hits] has run, at most 1000 times, and returns the count.
func triggerGetppid(t *testing.T, results int, hits uint32) uint64 {
	t.Helper()
	for i := 0; i < 1000; i++ {
		unix.Getppid()
		if n := testenv.Lookup[uint32, uint64](t, results, hits); n > 0 {
			return n
		}
	}
	return 0
}

// TestTPBTFTracingCookie attaches a tp_btf/sys_enter program through
// BPF_TRACE_RAW_TP with Tracing.Cookie, checks the link info, and checks
// that the program, run by this process's getppid, saw the cookie.
func TestTPBTFTracingCookie(t *testing.T) {
	testenv.NoLeaks(t)
	obj := loadTracing(t)
	prog := testenv.ProgFD(t, obj, "tpbtf_cookie")
	results := testenv.MapFD(t, obj, "results")

	const cookie = 0x1122334455667788
	link := testenv.LinkCreate(t, prog, 0, opts.AttachTraceRawTP,
		&opts.LinkCreate{Tracing: &opts.Tracing{Cookie: cookie}})

	// tp_btf goes through the kernel's raw tracepoint attach path
	// (bpf_raw_tp_link_attach), which makes a raw_tracepoint link named
	// after the tracepoint, not a tracing link.
	info := testenv.LinkInfo(t, link)
	if info.Type != opts.LinkTypeRawTracepoint || info.RawTracepoint == nil {
		t.Fatalf("link info type = %s (raw_tracepoint member %v), want raw_tracepoint", info.Type, info.RawTracepoint)
	}
	if info.RawTracepoint.TPName != "sys_enter" {
		t.Errorf("link info tracepoint = %q, want sys_enter", info.RawTracepoint.TPName)
	}
	if want := testenv.ObjID(t, prog); info.ProgID != want {
		t.Errorf("link info prog ID = %d, want %d", info.ProgID, want)
	}

	if triggerGetppid(t, results, resTPBTFHits) == 0 {
		t.Fatal("the tp_btf/sys_enter program never saw this process's getppid")
	}
	if got := testenv.Lookup[uint32, uint64](t, results, resTPBTFCookie); got != cookie {
		t.Errorf("bpf_get_attach_cookie() = %#x in the program, want %#x", got, uint64(cookie))
	}
}

// TestRawTPLinkCreateRefused: a raw_tp program cannot be attached through
// BPF_LINK_CREATE, even with Tracing.Cookie and BPF_TRACE_RAW_TP: the
// kernel's link_create has no tracepoint name to read and answers EINVAL
// (raw_tp cookies go through BPF_RAW_TRACEPOINT_OPEN instead). The program
// does not run; attached by libbpf the raw_tp way it runs, so the refusal is
// about link_create, not the program.
func TestRawTPLinkCreateRefused(t *testing.T) {
	testenv.NoLeaks(t)
	obj := loadTracing(t)
	p, err := cgo.ObjectFindProgramByName(obj, "rawtp_cookie")
	if err != nil {
		t.Fatal(err)
	}
	prog := testenv.ProgFD(t, obj, "rawtp_cookie")
	results := testenv.MapFD(t, obj, "results")

	fd, err := cgo.LinkCreate(prog, 0, opts.AttachTraceRawTP,
		&opts.LinkCreate{Tracing: &opts.Tracing{Cookie: 0x0badc0de_cafe0001}})
	if err == nil {
		unix.Close(fd)
		t.Fatal("LinkCreate(raw_tp program, trace_raw_tp) succeeded; this kernel was expected to refuse it with EINVAL")
	}
	testenv.WantErrno(t, err, unix.EINVAL, "bpf_link_create")
	var cerr *cgo.Error
	if !errors.As(err, &cerr) {
		t.Fatalf("error %v (%T) is not a *cgo.Error", err, err)
	}
	if triggerGetppid(t, results, resRawTPHits) != 0 {
		t.Fatal("the raw_tp program ran although no link was made")
	}

	// Control: bpf_program__attach (BPF_RAW_TRACEPOINT_OPEN) attaches it.
	l, err := cgo.ProgramAttach(p)
	if err != nil {
		t.Fatalf("bpf_program__attach(raw_tp/sys_enter): %v", err)
	}
	t.Cleanup(func() { cgo.LinkDestroy(l) })
	info := testenv.LinkInfo(t, cgo.LinkFD(l))
	if info.Type != opts.LinkTypeRawTracepoint || info.RawTracepoint == nil {
		t.Fatalf("link info type = %s (raw_tracepoint member %v), want raw_tracepoint", info.Type, info.RawTracepoint)
	}
	if info.RawTracepoint.TPName != "sys_enter" {
		t.Errorf("link info tracepoint = %q, want sys_enter", info.RawTracepoint.TPName)
	}
	if triggerGetppid(t, results, resRawTPHits) == 0 {
		t.Fatal("the raw_tp/sys_enter program never saw this process's getppid")
	}
	if got := testenv.Lookup[uint32, uint64](t, results, resRawTPCookie); got != 0 {
		t.Errorf("bpf_get_attach_cookie() = %#x without a cookie, want 0", got)
	}
}
