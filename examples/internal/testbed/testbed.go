package testbed

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// Netns is a private network namespace made with `ip netns add`.
type Netns struct {
	Name string // the name under /run/netns
	fd   int
}

// ip runs the ip(8) command.
func ip(args ...string) error {
	out, err := exec.Command("ip", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}

// newNetns creates a network namespace with lo up.
func newNetns(name string) (*Netns, error) {
	if err := ip("netns", "add", name); err != nil {
		return nil, err
	}
	fd, err := unix.Open("/run/netns/"+name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		ip("netns", "del", name)
		return nil, err
	}
	ns := &Netns{Name: name, fd: fd}
	if err := ip("-n", name, "link", "set", "lo", "up"); err != nil {
		ns.close()
		return nil, err
	}
	return ns, nil
}

// close deletes the namespace, and the interfaces in it.
func (ns *Netns) close() error {
	unix.Close(ns.fd)
	return ip("netns", "del", ns.Name)
}

// Do runs fn on an OS thread of its own that it moves into the namespace:
// the kernel resolves interface indexes, and creates sockets, in the
// namespace of the calling thread. The thread is never unlocked, so it
// ends with its goroutine instead of going back to Go's pool in the wrong
// namespace. Sockets made by fn stay in the namespace and may be used from
// anywhere.
func (ns *Netns) Do(fn func() error) error {
	done := make(chan error)
	go func() {
		runtime.LockOSThread()
		if err := unix.Setns(ns.fd, unix.CLONE_NEWNET); err != nil {
			done <- fmt.Errorf("setns %s: %w", ns.Name, err)
			return
		}
		done <- fn()
	}()
	return <-done
}

// Testbed is a veth pair between two private namespaces: devA, 10.77.0.1,
// in a and devB, 10.77.0.2, in b. Traffic from b to 10.77.0.1 arrives on
// devA, whose ifindex (in a) is ifindexA.
type Testbed struct {
	A, B       *Netns // the namespaces
	DevA, DevB string // the veth ends, in A and in B
	IfindexA   int    // DevA's index, in A
	once       sync.Once
	err        error
}

// The addresses of the veth ends.
const (
	AddrA = "10.77.0.1"
	AddrB = "10.77.0.2"
)

// New makes the namespaces and the veth pair; tag names them. Once
// made, an interrupt (SIGINT, SIGTERM) deletes them too, and ends the
// process.
func New(tag string) (_ *Testbed, err error) {
	pid := os.Getpid()
	tb := &Testbed{DevA: fmt.Sprintf("%sa%d", tag, pid), DevB: fmt.Sprintf("%sb%d", tag, pid)}
	defer func() {
		if err != nil {
			tb.Close()
		}
	}()
	if tb.A, err = newNetns(fmt.Sprintf("golibbpf-%s-%d-a", tag, pid)); err != nil {
		return nil, err
	}
	if tb.B, err = newNetns(fmt.Sprintf("golibbpf-%s-%d-b", tag, pid)); err != nil {
		return nil, err
	}
	for _, args := range [][]string{
		{"link", "add", tb.DevA, "netns", tb.A.Name, "type", "veth", "peer", "name", tb.DevB, "netns", tb.B.Name},
		{"-n", tb.A.Name, "addr", "add", AddrA + "/24", "dev", tb.DevA},
		{"-n", tb.B.Name, "addr", "add", AddrB + "/24", "dev", tb.DevB},
		{"-n", tb.A.Name, "link", "set", tb.DevA, "up"},
		{"-n", tb.B.Name, "link", "set", tb.DevB, "up"},
	} {
		if err := ip(args...); err != nil {
			return nil, err
		}
	}
	err = tb.A.Do(func() error {
		ifc, err := net.InterfaceByName(tb.DevA)
		if err != nil {
			return err
		}
		tb.IfindexA = ifc.Index
		return nil
	})
	if err != nil {
		return nil, err
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		s := <-sig
		tb.Close()
		fmt.Fprintf(os.Stderr, "%s: %v: namespaces deleted\n", tag, s)
		os.Exit(1)
	}()
	return tb, nil
}

// String describes the veth pair: each end with its address and namespace.
func (tb *Testbed) String() string {
	return fmt.Sprintf("%s (%s, netns %s) <-> %s (%s, netns %s)", tb.DevA, AddrA, tb.A.Name, tb.DevB, AddrB, tb.B.Name)
}

// Close deletes the namespaces, and with them the veth pair. Later calls
// only return the first call's error.
func (tb *Testbed) Close() error {
	tb.once.Do(func() {
		for _, ns := range []*Netns{tb.B, tb.A} {
			if ns != nil {
				if err := ns.close(); err != nil && tb.err == nil {
					tb.err = err
				}
			}
		}
	})
	return tb.err
}
