package cgroup

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
)

func TestMain(m *testing.M) {
	// A child of connectFromCgroup: connect to the address in its job and
	// print the server's greeting.
	if addr := testenv.ChildJob(); addr != "" {
		_, greeting, err := testenv.DialGreeting(addr, 500*time.Millisecond)
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		fmt.Print(greeting)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// connectFromCgroup runs a client in a child process born inside the
// cgroup and returns its output and whether it succeeded.
func connectFromCgroup(t *testing.T, cgroupFD int, addr string) (string, bool) {
	t.Helper()
	out, err := testenv.RunInCgroup(t, cgroupFD, addr)
	return out, err == nil
}

const target = "1.2.3.4:60000"

func TestCgroupConnect4LinkCreateUpdateDetach(t *testing.T) {
	obj := testenv.LoadObject(t, "connect4")
	redirect := testenv.ProgFD(t, obj, "redirect")
	countOnly := testenv.ProgFD(t, obj, "count_only")
	counters := testenv.MapFD(t, obj, "counters")
	port := testenv.GreetingServer(t, "127.0.0.1:0", "hello")
	testenv.Update(t, testenv.MapFD(t, obj, "redirect_port"), uint32(0), uint32(port))
	_, cgFD := testenv.TempCgroup(t)
	cgID := testenv.CgroupID(t, cgFD)

	link, err := cgo.LinkCreate(redirect, cgFD, opts.AttachCgroupInet4Connect, nil)
	if err != nil {
		t.Fatal(err)
	}
	testenv.CloseAtEnd(t, link)
	info := testenv.LinkInfo(t, link)
	if info.Type != opts.LinkTypeCgroup || info.Cgroup == nil ||
		info.Cgroup.AttachType != opts.AttachCgroupInet4Connect || info.Cgroup.CgroupID != cgID {
		t.Fatalf("link info %+v %+v, want cgroup link on cgroup %d for cgroup_inet4_connect", info, info.Cgroup, cgID)
	}
	redirectID := info.ProgID

	// The child's connect(1.2.3.4:60000) reaches our server on 127.0.0.1.
	if out, ok := connectFromCgroup(t, cgFD, target); !ok || out != "hello" {
		t.Fatalf("redirected connect: ok=%v output %q, want hello", ok, out)
	}
	if n := testenv.Lookup[uint32, uint64](t, counters, 0); n != 1 {
		t.Fatalf("redirect ran %d times, want 1", n)
	}
	// This process is not in the cgroup: its connect is not rewritten.
	if c, err := net.DialTimeout("tcp4", target, 200*time.Millisecond); err == nil {
		c.Close()
		t.Fatal("a process outside the cgroup was redirected")
	}

	// bpf_link_update swaps in the program that only counts.
	if err := cgo.LinkUpdate(link, countOnly, &opts.LinkUpdate{Flags: opts.BPF_F_REPLACE, OldProgFD: uint32(redirect)}); err != nil {
		t.Fatal(err)
	}
	if info := testenv.LinkInfo(t, link); info.ProgID == redirectID {
		t.Fatalf("after update the link still runs program %d", info.ProgID)
	}
	if out, ok := connectFromCgroup(t, cgFD, target); ok {
		t.Fatalf("connect succeeded after the update (output %q): still redirected", out)
	}
	if n := testenv.Lookup[uint32, uint64](t, counters, 1); n != 1 {
		t.Fatalf("count_only ran %d times, want 1", n)
	}
	// A stale BPF_F_REPLACE is refused.
	err = cgo.LinkUpdate(link, redirect, &opts.LinkUpdate{Flags: opts.BPF_F_REPLACE, OldProgFD: uint32(redirect)})
	testenv.WantErrno(t, err, unix.EPERM, "bpf_link_update")

	// bpf_link_detach: the fd stays, the program no longer runs.
	if err := cgo.LinkDetach(link); err != nil {
		t.Fatal(err)
	}
	if info := testenv.LinkInfo(t, link); info.Cgroup == nil || info.Cgroup.CgroupID != 0 {
		t.Fatalf("after detach link info %+v, want cgroup_id 0", info.Cgroup)
	}
	connectFromCgroup(t, cgFD, target)
	if n := testenv.Lookup[uint32, uint64](t, counters, 1); n != 1 {
		t.Fatalf("count_only ran %d times after detach, want still 1", n)
	}
}

// A link pinned on bpffs survives its fd, and bpf_obj_get and
// bpf_link_get_fd_by_id give new fds for the same link.
func TestCgroupLinkPinAndGet(t *testing.T) {
	obj := testenv.LoadObject(t, "connect4")
	_, cgFD := testenv.TempCgroup(t)
	link, err := cgo.LinkCreate(testenv.ProgFD(t, obj, "count_only"), cgFD, opts.AttachCgroupInet4Connect, nil)
	if err != nil {
		t.Fatal(err)
	}
	id := testenv.LinkInfo(t, link).ID
	pin := filepath.Join(testenv.BPFFS(t), fmt.Sprintf("golibbpf-test-%d-link", os.Getpid()))
	if err := cgo.ObjPin(link, pin); err != nil {
		unix.Close(link)
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(pin) })
	unix.Close(link)

	got, err := cgo.ObjGet(pin)
	if err != nil {
		t.Fatal(err)
	}
	testenv.CloseAtEnd(t, got)
	if gotID := testenv.LinkInfo(t, got).ID; gotID != id {
		t.Fatalf("pinned link has ID %d, want %d", gotID, id)
	}
	byID, err := cgo.LinkGetFDByID(id)
	if err != nil {
		t.Fatal(err)
	}
	testenv.CloseAtEnd(t, byID)
	if info := testenv.LinkInfo(t, byID); info.ID != id || info.Cgroup.AttachType != opts.AttachCgroupInet4Connect {
		t.Fatalf("link by ID: %+v", info)
	}

	_, err = cgo.ObjGet(pin + "-missing")
	testenv.WantErrno(t, err, unix.ENOENT, "bpf_obj_get")
	_, err = cgo.LinkGetFDByID(0xfffffff0)
	testenv.WantErrno(t, err, unix.ENOENT, "bpf_link_get_fd_by_id")
}

// The legacy BPF_PROG_ATTACH path: attach with BPF_F_ALLOW_MULTI, see it
// with bpf_prog_query_opts, detach with bpf_prog_detach2.
func TestCgroupProgAttachQueryDetach(t *testing.T) {
	obj := testenv.LoadObject(t, "connect4")
	prog := testenv.ProgFD(t, obj, "count_only")
	counters := testenv.MapFD(t, obj, "counters")
	_, cgFD := testenv.TempCgroup(t)
	if err := cgo.ProgAttach(prog, cgFD, opts.AttachCgroupInet4Connect, &opts.ProgAttach{Flags: opts.BPF_F_ALLOW_MULTI}); err != nil {
		t.Fatal(err)
	}
	q, err := cgo.ProgQueryOpts(cgFD, opts.AttachCgroupInet4Connect, &opts.ProgQuery{Max: 4, WantAttachFlags: true})
	if err != nil {
		t.Fatal(err)
	}
	if q.Count != 1 || len(q.ProgIDs) != 1 || q.AttachFlags != opts.BPF_F_ALLOW_MULTI {
		t.Fatalf("query: %+v, want one program attached with BPF_F_ALLOW_MULTI", q)
	}
	connectFromCgroup(t, cgFD, target)
	if n := testenv.Lookup[uint32, uint64](t, counters, 1); n != 1 {
		t.Fatalf("attached program ran %d times, want 1", n)
	}
	if err := cgo.ProgDetach2(prog, cgFD, opts.AttachCgroupInet4Connect); err != nil {
		t.Fatal(err)
	}
	q, err = cgo.ProgQueryOpts(cgFD, opts.AttachCgroupInet4Connect, &opts.ProgQuery{Max: 4})
	if err != nil || q.Count != 0 {
		t.Fatalf("after detach: %+v, %v", q, err)
	}
	err = cgo.ProgDetach2(prog, cgFD, opts.AttachCgroupInet4Connect)
	testenv.WantErrno(t, err, unix.ENOENT, "bpf_prog_detach2")
	if n := cgo.OutstandingAllocations(); n != 0 {
		t.Fatalf("%d C allocations outstanding with no call in flight", n)
	}
}
