package nettest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
)

// xdpDropPort is XDP_DROP_PORT of net.bpf.c; xdpPassPort is any other port.
const (
	xdpDropPort = 7001
	xdpPassPort = 7002
)

// vethPair is a veth pair with one end, 10.77.0.1, in ns a and the other,
// 10.77.0.2, in ns b.
type vethPair struct {
	a, b         *testenv.Netns
	aName, bName string
}

// vethSeq numbers the veth pairs this process creates.
var vethSeq atomic.Int32

func newVethPair(t testing.TB) *vethPair {
	t.Helper()
	v := &vethPair{a: testenv.NewNetns(t), b: testenv.NewNetns(t)}
	n := vethSeq.Add(1)
	v.aName = fmt.Sprintf("gla%d-%d", os.Getpid(), n)
	v.bName = fmt.Sprintf("glb%d-%d", os.Getpid(), n)
	if len(v.aName) > 15 {
		v.aName, v.bName = fmt.Sprintf("gla%d", n), fmt.Sprintf("glb%d", n)
	}
	// Created straight into the namespaces, deleted with them.
	testenv.Run(t, "ip", "link", "add", v.aName, "netns", v.a.Name, "type", "veth", "peer", "name", v.bName, "netns", v.b.Name)
	testenv.Run(t, "ip", "-n", v.a.Name, "addr", "add", "10.77.0.1/24", "dev", v.aName)
	testenv.Run(t, "ip", "-n", v.b.Name, "addr", "add", "10.77.0.2/24", "dev", v.bName)
	testenv.Run(t, "ip", "-n", v.a.Name, "link", "set", v.aName, "up")
	testenv.Run(t, "ip", "-n", v.b.Name, "link", "set", v.bName, "up")
	return v
}

// xdpTraffic sends UDP from ns b to receivers on ns a's end of the pair.
type xdpTraffic struct {
	pass, drop *net.UDPConn // receivers in ns a
	toPass     *net.UDPConn // senders in ns b
	toDrop     *net.UDPConn
	seq        int
}

func newXDPTraffic(t testing.TB, v *vethPair) *xdpTraffic {
	t.Helper()
	x := &xdpTraffic{}
	listen := func(port int) *net.UDPConn {
		c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(10, 77, 0, 1), Port: port})
		if err != nil {
			t.Fatalf("listen on port %d: %v", port, err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	dial := func(port int) *net.UDPConn {
		c, err := net.DialUDP("udp4", nil, &net.UDPAddr{IP: net.IPv4(10, 77, 0, 1), Port: port})
		if err != nil {
			t.Fatalf("dial port %d: %v", port, err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	v.a.Do(t, func() { x.pass, x.drop = listen(xdpPassPort), listen(xdpDropPort) })
	v.b.Do(t, func() { x.toPass, x.toDrop = dial(xdpPassPort), dial(xdpDropPort) })
	return x
}

// recv reads one datagram from c within d; ok is false on timeout.
func recv(t testing.TB, c *net.UDPConn, d time.Duration) (msg string, ok bool) {
	t.Helper()
	buf := make([]byte, 64)
	if err := c.SetReadDeadline(time.Now().Add(d)); err != nil {
		t.Fatal(err)
	}
	n, err := c.Read(buf)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "", false
	}
	if err != nil {
		t.Fatalf("read on %v: %v", c.LocalAddr(), err)
	}
	return string(buf[:n]), true
}

// sendPass sends to the pass port until a datagram arrives (the first ones
// may wait for ARP), and returns how many it sent.
func (x *xdpTraffic) sendPass(t testing.TB) int {
	t.Helper()
	for i := 1; i <= 20; i++ {
		x.seq++
		msg := fmt.Sprintf("pass %d", x.seq)
		if _, err := x.toPass.Write([]byte(msg)); err != nil {
			t.Fatal(err)
		}
		for {
			got, ok := recv(t, x.pass, 250*time.Millisecond)
			if !ok {
				break
			}
			if got == msg {
				return i
			}
		}
	}
	t.Fatal("no datagram crossed the veth pair to the pass port")
	return 0
}

// sendDrop sends n datagrams to the drop port, then one to the pass port
// behind them, and reports whether any of the n arrived.
func (x *xdpTraffic) sendDrop(t testing.TB, n int) (arrived bool) {
	t.Helper()
	for range n {
		if _, err := x.toDrop.Write([]byte("drop me")); err != nil {
			t.Fatal(err)
		}
	}
	x.sendPass(t)
	_, arrived = recv(t, x.drop, 50*time.Millisecond)
	for arrived {
		if _, more := recv(t, x.drop, 10*time.Millisecond); !more {
			break
		}
	}
	return arrived
}

func TestXDPLink(t *testing.T) {
	testenv.NoLeaks(t)
	v := newVethPair(t)
	obj := testenv.LoadObject(t, "net")
	dropProg := testenv.ProgFD(t, obj, "xdp_drop_port")
	passProg := testenv.ProgFD(t, obj, "xdp_pass_all")
	counts := testenv.MapFD(t, obj, "xdp_counts")
	dropID, passID := testenv.ObjID(t, dropProg), testenv.ObjID(t, passProg)
	ifindex := v.a.Ifindex(t, v.aName)
	x := newXDPTraffic(t, v)
	x.sendPass(t) // resolve ARP before any program runs

	wantInfo := func(what string, fd int, progID uint32, ifindex int) {
		t.Helper()
		info := testenv.LinkInfo(t, fd)
		if info.Type != opts.LinkTypeXDP || info.XDP == nil {
			t.Fatalf("%s: link type %s, want xdp", what, info.Type)
		}
		if info.ProgID != progID {
			t.Errorf("%s: link prog ID %d, want %d", what, info.ProgID, progID)
		}
		if info.XDP.Ifindex != uint32(ifindex) {
			t.Errorf("%s: xdp ifindex %d, want %d", what, info.XDP.Ifindex, ifindex)
		}
	}
	type snap [3]uint64
	read := func() (s snap) {
		for i := range s {
			s[i] = counter(t, counts, uint32(i))
		}
		return s
	}

	for _, mode := range []struct {
		name  string
		flags uint32
	}{{"default (native)", 0}, {"skb", unix.XDP_FLAGS_SKB_MODE}} {
		t.Run(mode.name, func(t *testing.T) {
			var link int
			v.a.Do(t, func() {
				link = testenv.LinkCreate(t, dropProg, ifindex, opts.AttachXDP, &opts.LinkCreate{Flags: mode.flags})
			})
			wantInfo("new", link, dropID, ifindex)

			s0 := read()
			passed := x.sendPass(t)
			if arrived := x.sendDrop(t, 3); arrived {
				t.Error("a datagram to the drop port arrived with xdp_drop_port attached")
			}
			s1 := read()
			if d := s1[1] - s0[1]; d != 3 {
				t.Errorf("xdp_drop_port dropped %d datagrams, want 3", d)
			}
			// Every datagram sent crossed the program (plus perhaps ARP).
			if d := s1[0] - s0[0]; d < uint64(passed+3+1) {
				t.Errorf("xdp_drop_port saw %d packets, want at least %d", d, passed+3+1)
			}

			// Update: xdp_pass_all lets the drop port through.
			if err := cgo.LinkUpdate(link, passProg, nil); err != nil {
				t.Fatalf("LinkUpdate(xdp): %v", err)
			}
			wantInfo("updated", link, passID, ifindex)
			if arrived := x.sendDrop(t, 2); !arrived {
				t.Error("no datagram to the drop port arrived with xdp_pass_all attached")
			}
			s2 := read()
			if s2[0] != s1[0] || s2[1] != s1[1] {
				t.Errorf("xdp_drop_port still ran after the update: %v -> %v", s1, s2)
			}
			if s2[2]-s1[2] < 3 {
				t.Errorf("xdp_pass_all saw %d packets, want at least 3", s2[2]-s1[2])
			}

			// Detach: the fd stays, the ifindex goes, nothing runs.
			if err := cgo.LinkDetach(link); err != nil {
				t.Fatalf("LinkDetach(xdp): %v", err)
			}
			wantInfo("detached", link, passID, 0)
			if arrived := x.sendDrop(t, 2); !arrived {
				t.Error("no datagram to the drop port arrived after detach")
			}
			if s3 := read(); s3 != s2 {
				t.Errorf("an XDP program ran after detach: %v -> %v", s2, s3)
			}
		})
	}
}
