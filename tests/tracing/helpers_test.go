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

// loadTracing loads tracing.bpf.o and points its programs at this process
// and at the getppid system call.
func loadTracing(t *testing.T) *cgo.Object {
	t.Helper()
	obj := testenv.LoadObject(t, "tracing")
	cfg := testenv.MapFD(t, obj, "trace_config")
	testenv.Update(t, cfg, cfgTGID, uint64(unix.Getpid()))
	testenv.Update(t, cfg, cfgSyscall, uint64(unix.SYS_GETPPID))
	return obj
}
