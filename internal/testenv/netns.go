package testenv

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/sys/unix"
)

// nsSeq numbers the namespaces this process creates.
var nsSeq atomic.Int32

// Netns is a private network namespace made with `ip netns add`, with lo up.
type Netns struct {
	Name string // the name under /run/netns
	FD   int    // an fd of the namespace, open until the test ends
	Ino  uint64 // the namespace's inode number
}

// Run runs a command and fails t with its output if it fails.
func Run(t testing.TB, name string, args ...string) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// NewNetns creates a network namespace with lo up, deleted when t ends.
func NewNetns(t testing.TB) *Netns {
	t.Helper()
	RequirePrivileged(t)
	name := fmt.Sprintf("golibbpf-%d-%d", os.Getpid(), nsSeq.Add(1))
	Run(t, "ip", "netns", "add", name)
	t.Cleanup(func() {
		if out, err := exec.Command("ip", "netns", "del", name).CombinedOutput(); err != nil {
			t.Errorf("ip netns del %s: %v\n%s", name, err, out)
		}
	})
	fd, err := unix.Open("/run/netns/"+name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	CloseAtEnd(t, fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		t.Fatal(err)
	}
	Run(t, "ip", "-n", name, "link", "set", "lo", "up")
	return &Netns{Name: name, FD: fd, Ino: st.Ino}
}

// Path is the namespace's file, /run/netns/<Name>.
func (ns *Netns) Path() string { return "/run/netns/" + ns.Name }

// Do runs fn on a locked OS thread moved into ns, and moves the thread back
// afterwards (also when fn fails the test). Sockets fn creates belong to ns
// and may be used from any thread later.
func (ns *Netns) Do(t testing.TB, fn func()) {
	t.Helper()
	runtime.LockOSThread()
	orig, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		runtime.UnlockOSThread()
		t.Fatal(err)
	}
	defer unix.Close(orig)
	if err := unix.Setns(ns.FD, unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		t.Fatalf("setns %s: %v", ns.Name, err)
	}
	defer func() {
		if err := unix.Setns(orig, unix.CLONE_NEWNET); err != nil {
			// Leave the thread locked: it exits with its goroutine.
			t.Errorf("setns back from %s: %v", ns.Name, err)
			return
		}
		runtime.UnlockOSThread()
	}()
	fn()
}

// Ifindex returns the index of the interface called name in ns.
func (ns *Netns) Ifindex(t testing.TB, name string) int {
	t.Helper()
	var idx int
	ns.Do(t, func() {
		ifc, err := net.InterfaceByName(name)
		if err != nil {
			t.Fatalf("interface %s in %s: %v", name, ns.Name, err)
		}
		idx = ifc.Index
	})
	return idx
}
