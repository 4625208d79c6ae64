package lifecycle

import (
	"encoding/json"
	"os/exec"
	"testing"
	"time"

	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/skel"
)

// cycleProg is the only program of lifecycle_cycle.bpf.c; no other test
// object uses the name, so the kernel's lists can be filtered by it.
const cycleProg = "cycle_tp"

// TestThousandCycles runs 1 000 open → load → attach → destroy cycles (100
// under cgocheck2) and requires the process's fd count, its C allocations
// and bpftool's program and link lists to be exactly as before.
//
// The cycles are paced: this kernel frees a JITed program from a work item
// on the system workqueue, and one of our 6.18 VMs deadlocked in the JIT's
// pack allocator when thousands of frees were queued at once (an unpaced
// run of this test with a fuzzer loading programs beside it). A pause lets
// the frees of each hundred cycles drain before the next.
func TestThousandCycles(t *testing.T) {
	testenv.NoLeaks(t)
	testenv.RequirePrivileged(t)
	path := testenv.BPFObject(t, "lifecycle_cycle")
	fds := testenv.OpenFDs(t)
	progsBefore, linksBefore := kernelObjects(t)

	for i := range cycles {
		obj, err := skel.Open(path, nil)
		if err != nil {
			t.Fatalf("cycle %d: open: %v", i, err)
		}
		if err := obj.Load(); err != nil {
			obj.Destroy()
			t.Fatalf("cycle %d: load: %+v", i, err)
		}
		if err := obj.Attach(nil); err != nil {
			obj.Destroy()
			t.Fatalf("cycle %d: attach: %v", i, err)
		}
		if n := len(obj.Links()); n != 1 {
			obj.Destroy()
			t.Fatalf("cycle %d: %d links, want 1", i, n)
		}
		if err := obj.Destroy(); err != nil {
			t.Fatalf("cycle %d: destroy: %v", i, err)
		}
		time.Sleep(2 * time.Millisecond)
		if i%100 == 99 {
			time.Sleep(150 * time.Millisecond)
		}
	}

	if after := testenv.OpenFDs(t); after != fds {
		t.Errorf("open fds: %d before the cycles, %d after", fds, after)
	}
	// A link being torn down may take an RCU grace period to leave the
	// kernel's lists; give it a moment before comparing.
	deadline := time.Now().Add(5 * time.Second)
	for {
		progs, links := kernelObjects(t)
		if progs == progsBefore && links == linksBefore {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("bpftool lists %d %s programs and %d links to them after the cycles, %d and %d before",
				progs, cycleProg, links, progsBefore, linksBefore)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kernelObjects counts, from bpftool's lists, the programs called cycle_tp
// and the links of those programs.
func kernelObjects(t *testing.T) (progs, links int) {
	t.Helper()
	var progList []struct {
		ID   uint32 `json:"id"`
		Name string `json:"name"`
	}
	var linkList []struct {
		ProgID uint32 `json:"prog_id"`
	}
	bpftoolJSON(t, &progList, "prog", "show")
	bpftoolJSON(t, &linkList, "link", "show")
	ids := map[uint32]bool{}
	for _, p := range progList {
		if p.Name == cycleProg {
			ids[p.ID] = true
			progs++
		}
	}
	for _, l := range linkList {
		if ids[l.ProgID] {
			links++
		}
	}
	return progs, links
}

// bpftoolJSON runs bpftool -j with args and decodes its output into v.
// bpftool fails when an object it listed goes away before it reads it,
// which other tests running beside this one make happen: it is tried again.
func bpftoolJSON(t *testing.T, v any, args ...string) {
	t.Helper()
	bpftool, err := exec.LookPath("bpftool")
	if err != nil {
		bpftool = "/usr/sbin/bpftool"
	}
	var out []byte
	for try := 0; ; try++ {
		out, err = exec.Command(bpftool, append([]string{"-j"}, args...)...).Output()
		if err == nil {
			break
		}
		if try == 10 {
			t.Fatalf("bpftool %v: %v", args, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("bpftool %v: %v\n%s", args, err, out)
	}
}
