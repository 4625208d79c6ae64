package tracing

import (
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
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

// noLeaks makes t check, after everything else it cleans up, that the cgo
// package holds no C memory. Call it first in a test, so that its cleanup
// runs last.
func noLeaks(t *testing.T) {
	t.Helper()
	t.Cleanup(func() {
		if n := cgo.OutstandingAllocations(); n != 0 {
			t.Errorf("cgo.OutstandingAllocations() = %d after everything was closed, want 0", n)
		}
	})
}

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

// objID returns the kernel ID of a BPF map or program fd. Both struct
// bpf_map_info and struct bpf_prog_info start with __u32 type, __u32 id.
func objID(t *testing.T, fd int) uint32 {
	t.Helper()
	var info [64]uint64 // larger than either struct needs
	attr := struct {
		fd      uint32
		infoLen uint32
		info    uint64
	}{fd: uint32(fd), infoLen: uint32(unsafe.Sizeof(info)), info: uint64(uintptr(unsafe.Pointer(&info[0])))}
	_, _, errno := unix.Syscall(unix.SYS_BPF, unix.BPF_OBJ_GET_INFO_BY_FD,
		uintptr(unsafe.Pointer(&attr)), unsafe.Sizeof(attr))
	if errno != 0 {
		t.Fatalf("BPF_OBJ_GET_INFO_BY_FD(%d): %v", fd, errno)
	}
	return uint32(info[0] >> 32)
}

// linkCreate calls cgo.LinkCreate, fails t on error, and closes the link at
// the end of the test.
func linkCreate(t *testing.T, progFD, targetFD int, attachType opts.AttachType, o *opts.LinkCreate) int {
	t.Helper()
	fd, err := cgo.LinkCreate(progFD, targetFD, attachType, o)
	if err != nil {
		t.Fatalf("LinkCreate(%s): %v", attachType, err)
	}
	return testenv.CloseAtEnd(t, fd)
}
