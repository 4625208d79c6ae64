package nettest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
)

// nsSeq numbers the namespaces and devices this process creates.
var nsSeq atomic.Int32

// netns is a private network namespace made with `ip netns add`.
type netns struct {
	name string
	fd   int    // an fd of the namespace, open until the test ends
	ino  uint64 // the namespace's inode number
}

// run runs a command and fails t with its output if it fails.
func run(t testing.TB, name string, args ...string) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// newNetns creates a network namespace with lo up, deleted when t ends.
func newNetns(t testing.TB) *netns {
	t.Helper()
	testenv.RequirePrivileged(t)
	name := fmt.Sprintf("golibbpf-%d-%d", os.Getpid(), nsSeq.Add(1))
	run(t, "ip", "netns", "add", name)
	t.Cleanup(func() {
		if out, err := exec.Command("ip", "netns", "del", name).CombinedOutput(); err != nil {
			t.Errorf("ip netns del %s: %v\n%s", name, err, out)
		}
	})
	fd, err := unix.Open("/run/netns/"+name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	testenv.CloseAtEnd(t, fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		t.Fatal(err)
	}
	run(t, "ip", "-n", name, "link", "set", "lo", "up")
	return &netns{name: name, fd: fd, ino: st.Ino}
}

// do runs fn on a locked OS thread moved into ns, and moves the thread back
// afterwards (also when fn fails the test). Sockets fn creates belong to ns
// and may be used from any thread later.
func (ns *netns) do(t testing.TB, fn func()) {
	t.Helper()
	runtime.LockOSThread()
	orig, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		runtime.UnlockOSThread()
		t.Fatal(err)
	}
	defer unix.Close(orig)
	if err := unix.Setns(ns.fd, unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		t.Fatalf("setns %s: %v", ns.name, err)
	}
	defer func() {
		if err := unix.Setns(orig, unix.CLONE_NEWNET); err != nil {
			// Leave the thread locked: it exits with its goroutine.
			t.Errorf("setns back from %s: %v", ns.name, err)
			return
		}
		runtime.UnlockOSThread()
	}()
	fn()
}

// ifindex returns the index of the interface called name in ns.
func (ns *netns) ifindex(t testing.TB, name string) int {
	t.Helper()
	var idx int
	ns.do(t, func() {
		ifc, err := net.InterfaceByName(name)
		if err != nil {
			t.Fatalf("interface %s in %s: %v", name, ns.name, err)
		}
		idx = ifc.Index
	})
	return idx
}

// counter reads slot key of an array map of u64.
func counter(t testing.TB, mapFD int, key uint32) uint64 {
	t.Helper()
	return testenv.Lookup[uint32, uint64](t, mapFD, key)
}

// wantFieldError fails t unless err is an *opts.FieldError wrapping errno.
func wantFieldError(t testing.TB, err error, errno unix.Errno) {
	t.Helper()
	var fe *opts.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("got error %v (%T), want an *opts.FieldError", err, err)
	}
	if !errors.Is(err, errno) {
		t.Fatalf("got %v, want it to wrap %v", err, errno)
	}
}

// udpPair is a UDP receiver and a sender connected to it.
type udpPair struct {
	rx *net.UDPConn
	tx *net.UDPConn
}

// newUDPPair listens on addr (port 0 picks one) and connects a sender to
// it, in the caller's network namespace; both close when t ends.
func newUDPPair(t testing.TB, network, addr string) *udpPair {
	t.Helper()
	la, err := net.ResolveUDPAddr(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	rx, err := net.ListenUDP(network, la)
	if err != nil {
		t.Fatalf("listen %s %s: %v", network, addr, err)
	}
	t.Cleanup(func() { rx.Close() })
	tx, err := net.DialUDP(network, nil, rx.LocalAddr().(*net.UDPAddr))
	if err != nil {
		t.Fatalf("dial %v: %v", rx.LocalAddr(), err)
	}
	t.Cleanup(func() { tx.Close() })
	return &udpPair{rx: rx, tx: tx}
}

// exchange sends n datagrams and receives each of them.
func (p *udpPair) exchange(t testing.TB, n int) {
	t.Helper()
	buf := make([]byte, 64)
	for i := range n {
		msg := fmt.Sprintf("golibbpf %d", i)
		if _, err := p.tx.Write([]byte(msg)); err != nil {
			t.Fatalf("send to %v: %v", p.tx.RemoteAddr(), err)
		}
		if err := p.rx.SetReadDeadline(time.Now().Add(2 * time.Second)); err != nil {
			t.Fatal(err)
		}
		k, err := p.rx.Read(buf)
		if err != nil {
			t.Fatalf("receive on %v: %v", p.rx.LocalAddr(), err)
		}
		if string(buf[:k]) != msg {
			t.Fatalf("received %q, want %q", buf[:k], msg)
		}
	}
}

// unsafePtr is unsafe.Pointer(p), for map keys and values.
func unsafePtr[T any](p *T) unsafe.Pointer { return unsafe.Pointer(p) }
