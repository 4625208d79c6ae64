package nettest

import (
	"errors"
	"fmt"
	"net"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
)

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
