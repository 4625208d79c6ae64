package tracing

import (
	"runtime"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
)

// openCPUClock opens a software cpu-clock perf event that samples the
// calling thread every 100µs of CPU time. The caller must have locked its
// OS thread.
func openCPUClock(t *testing.T) int {
	t.Helper()
	attr := unix.PerfEventAttr{
		Type:   unix.PERF_TYPE_SOFTWARE,
		Config: unix.PERF_COUNT_SW_CPU_CLOCK,
		Sample: 100_000, // ns of CPU time
	}
	attr.Size = uint32(unsafe.Sizeof(attr))
	fd, err := unix.PerfEventOpen(&attr, 0, -1, -1, unix.PERF_FLAG_FD_CLOEXEC)
	if err != nil {
		t.Fatalf("perf_event_open(cpu-clock): %v", err)
	}
	return testenv.CloseAtEnd(t, fd)
}

// spinUntil burns CPU on the calling thread until done reports true or
// timeout passes, and reports whether done did.
func spinUntil(timeout time.Duration, done func() bool) bool {
	deadline := time.Now().Add(timeout)
	x := uint64(1)
	for time.Now().Before(deadline) {
		for i := 0; i < 1_000_000; i++ {
			x = x*6364136223846793005 + 1442695040888963407
		}
		if done() {
			return true
		}
	}
	_ = x
	return false
}

// TestPerfEventBPFCookie attaches a perf_event program to a software
// cpu-clock event with PerfEvent.BPFCookie, checks the link info (perf_event,
// BPF_PERF_EVENT_EVENT, cpu-clock config, the cookie) and that the program,
// run by the sampling, saw the same cookie through bpf_get_attach_cookie.
func TestPerfEventBPFCookie(t *testing.T) {
	testenv.NoLeaks(t)
	obj := loadTracing(t)
	prog := testenv.ProgFD(t, obj, "perf_cookie")
	results := testenv.MapFD(t, obj, "results")

	// pid=0, cpu=-1 samples only this thread: keep the test on it.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	perfFD := openCPUClock(t)

	const cookie = 0xfeedf00d_12345678
	link := testenv.LinkCreate(t, prog, perfFD, opts.AttachPerfEvent,
		&opts.LinkCreate{PerfEvent: &opts.PerfEvent{BPFCookie: cookie}})

	info := testenv.LinkInfo(t, link)
	if info.Type != opts.LinkTypePerfEvent || info.PerfEvent == nil {
		t.Fatalf("link info type = %s (perf_event member %v), want perf_event", info.Type, info.PerfEvent)
	}
	if info.PerfEvent.Type != cgo.PerfEventEvent {
		t.Errorf("perf_event link type = %d, want BPF_PERF_EVENT_EVENT (%d)", info.PerfEvent.Type, cgo.PerfEventEvent)
	}
	if info.PerfEvent.Config != unix.PERF_COUNT_SW_CPU_CLOCK {
		t.Errorf("perf_event config = %d, want PERF_COUNT_SW_CPU_CLOCK (%d)", info.PerfEvent.Config, unix.PERF_COUNT_SW_CPU_CLOCK)
	}
	if info.PerfEvent.Cookie != cookie {
		t.Errorf("link info cookie = %#x, want %#x", info.PerfEvent.Cookie, uint64(cookie))
	}
	if want := testenv.ObjID(t, prog); info.ProgID != want {
		t.Errorf("link info prog ID = %d, want %d", info.ProgID, want)
	}

	ran := spinUntil(10*time.Second, func() bool {
		return testenv.Lookup[uint32, uint64](t, results, resPerfHits) > 0
	})
	if !ran {
		t.Fatal("the perf_event program never ran in 10s of CPU spinning")
	}
	if got := testenv.Lookup[uint32, uint64](t, results, resPerfCookie); got != cookie {
		t.Errorf("bpf_get_attach_cookie() = %#x in the program, want %#x", got, uint64(cookie))
	}
}
