package tracing

import (
	"testing"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
)

// Slots of the trace_config map (see tracing.bpf.c).
const (
	cfgTGID    uint32 = 0
	cfgSyscall uint32 = 1
)

// Slots of the results map (see tracing.bpf.c): a cookie, then a hit count.
const (
	resPerfCookie  uint32 = 0
	resPerfHits    uint32 = 1
	resTPBTFCookie uint32 = 2
	resTPBTFHits   uint32 = 3
	resRawTPCookie uint32 = 4
	resRawTPHits   uint32 = 5
)

// mapIterProg is the iter/bpf_map_elem program. This platform's policy may
// refuse it at load (EPERM, empty verifier log, as for fentry and lsm), so it
// is loaded only by the test about it.
const mapIterProg = "dump_map_elem"

// loadTracing loads tracing.bpf.o without dump_map_elem and points its
// programs at this process and at the getppid system call.
func loadTracing(t *testing.T) *cgo.Object {
	t.Helper()
	obj, err := openTracing(t, func(name string) bool { return name != mapIterProg })
	if err != nil {
		t.Fatalf("load tracing: %v", err)
	}
	return obj
}

// openTracing opens tracing.bpf.o, keeps autoload on for the programs keep
// accepts, loads it and configures it. The object is closed at the end of
// the test; a load error is returned as it is.
func openTracing(t *testing.T, keep func(prog string) bool) (*cgo.Object, error) {
	t.Helper()
	testenv.RequirePrivileged(t)
	obj, err := cgo.ObjectOpenFile(testenv.BPFObject(t, "tracing"), nil)
	if err != nil {
		t.Fatalf("open tracing: %v", err)
	}
	t.Cleanup(func() { cgo.ObjectClose(obj) })
	for p := cgo.ObjectNextProgram(obj, nil); p != nil; p = cgo.ObjectNextProgram(obj, p) {
		if err := cgo.ProgramSetAutoload(p, keep(cgo.ProgramName(p))); err != nil {
			t.Fatal(err)
		}
	}
	if err := cgo.ObjectLoad(obj); err != nil {
		return nil, err
	}
	cfg := testenv.MapFD(t, obj, "trace_config")
	testenv.Update(t, cfg, cfgTGID, uint64(unix.Getpid()))
	testenv.Update(t, cfg, cfgSyscall, uint64(unix.SYS_GETPPID))
	return obj, nil
}
