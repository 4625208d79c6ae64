package tracing

import (
	"errors"
	"os"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
)

// TestPerfEventLinkOnNonPerfFD: a perf_event link needs a perf event fd as
// its target. Any other fd (a BPF map, a regular file) passes Go's checks and
// is refused by the kernel (perf_event_get) with EBADF, reported as a
// *cgo.Error naming bpf_link_create.
func TestPerfEventLinkOnNonPerfFD(t *testing.T) {
	testenv.NoLeaks(t)
	obj := loadTracing(t)
	prog := testenv.ProgFD(t, obj, "perf_cookie")
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { devNull.Close() })

	for _, tc := range []struct {
		name string
		fd   int
	}{
		{"map", testenv.MapFD(t, obj, "results")},
		{"dev_null", int(devNull.Fd())},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fd, err := cgo.LinkCreate(prog, tc.fd, opts.AttachPerfEvent,
				&opts.LinkCreate{PerfEvent: &opts.PerfEvent{BPFCookie: 1}})
			if err == nil {
				unix.Close(fd)
				t.Fatalf("LinkCreate(perf_event) on a %s fd made link %d", tc.name, fd)
			}
			testenv.WantErrno(t, err, unix.EBADF, "bpf_link_create")
			var cerr *cgo.Error
			if !errors.As(err, &cerr) {
				t.Fatalf("error %v (%T) is not a *cgo.Error", err, err)
			}
			if cerr.Func != "bpf_link_create" || cerr.Errno != unix.EBADF {
				t.Errorf("cgo.Error{Func: %q, Errno: %v}, want bpf_link_create, EBADF", cerr.Func, cerr.Errno)
			}
			var ferr *opts.FieldError
			if errors.As(err, &ferr) {
				t.Errorf("error %v is a Go validation error; the kernel should have caught this", err)
			}
		})
	}
}
