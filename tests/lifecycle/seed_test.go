package lifecycle

import (
	"bytes"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/skel"
)

// seedStats mirrors examples/connect4/bpf/connect4.bpf.c's .bss.
type seedStats struct {
	Redirected, PeerRewritten, LocalRewritten, BindsAllowed uint64
}

// TestSeedScenario attaches the connect4 example's object (connect4,
// getpeername4 with an SK_STORAGE map, getsockname4, bind4) to a cgroup
// with one Attach call. A process born in the cgroup connects to
// 1.2.3.4:60000, reaches the server on 127.0.0.1:60123, and sees its peer
// as 1.2.3.4:60000. Destroy undoes it all: the same connect fails.
func TestSeedScenario(t *testing.T) {
	testenv.NoLeaks(t)
	testenv.RequirePrivileged(t)
	obj, err := skel.Open(filepath.Join(testenv.Root(), "examples/connect4/bpf/connect4.bpf.o"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer obj.Destroy()
	if err := obj.Load(); err != nil {
		t.Fatalf("load: %+v", err)
	}
	stats := view[seedStats](t, obj, ".bss")
	dir, cgroupFD := testenv.TempCgroup(t)
	if err := obj.Attach(&skel.AttachOptions{Cgroup: dir}); err != nil {
		t.Fatalf("attach: %v", err)
	}
	if n := len(obj.Links()); n != 4 {
		t.Fatalf("%d links, want 4 (connect4, getpeername4, getsockname4, bind4)", n)
	}

	testenv.GreetingServer(t, "127.0.0.1:60123", "hello")

	out, err := testenv.RunInCgroup(t, cgroupFD, "1.2.3.4:60000")
	if err != nil {
		t.Fatalf("client in the cgroup: %v: %s", err, out)
	}
	if out != "1.2.3.4:60000 hello" {
		t.Errorf("client saw %q, want its peer as 1.2.3.4:60000 and the server's hello", out)
	}
	if stats.Redirected != 1 || stats.PeerRewritten < 1 {
		t.Errorf("counters %+v, want one redirect and a rewritten peer address", *stats)
	}

	if err := obj.Destroy(); err != nil {
		t.Fatal(err)
	}
	if out, err := testenv.RunInCgroup(t, cgroupFD, "1.2.3.4:60000"); err == nil {
		t.Errorf("connect still redirected after Destroy: %q", out)
	}
}

// TestLogger: libbpf's messages about an object go to the object's
// Logger, with the object's name attached.
func TestLogger(t *testing.T) {
	testenv.NoLeaks(t)
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	obj := open(t, "lifecycle_cycle", &skel.OpenOptions{ObjectName: "logged", Logger: logger})
	if err := obj.Load(); err != nil {
		t.Fatalf("load: %+v", err)
	}
	log := buf.String()
	if !strings.Contains(log, "object=logged") || !strings.Contains(log, "source=libbpf") {
		t.Errorf("the logger got no libbpf message tagged with the object:\n%s", log)
	}
	if !strings.Contains(log, "level=DEBUG") {
		t.Errorf("no debug-level message from libbpf:\n%s", log)
	}
}
