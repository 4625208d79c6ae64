package nettest

import (
	"context"
	"encoding/binary"
	"errors"
	"net"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
)

// lookupPort is LOOKUP_PORT of net.bpf.c: nothing listens there.
const lookupPort = 7100

// wantNetnsInfo checks a netns link's info.
func wantNetnsInfo(t testing.TB, what string, fd int, progID uint32, ns *testenv.Netns, at opts.AttachType) {
	t.Helper()
	info := testenv.LinkInfo(t, fd)
	if info.Type != opts.LinkTypeNetns || info.Netns == nil {
		t.Fatalf("%s: link type %s, want netns", what, info.Type)
	}
	if info.ProgID != progID {
		t.Errorf("%s: link prog ID %d, want %d", what, info.ProgID, progID)
	}
	if want := (cgo.NetnsLinkInfo{NetnsIno: uint32(ns.Ino), AttachType: at}); *info.Netns != want {
		t.Errorf("%s: netns link info %+v, want %+v", what, *info.Netns, want)
	}
}

func TestSKLookupLink(t *testing.T) {
	testenv.NoLeaks(t)
	ns := testenv.NewNetns(t)
	obj := testenv.LoadObject(t, "net")
	prog := testenv.ProgFD(t, obj, "steer_lookup")
	socks := testenv.MapFD(t, obj, "lookup_socks")
	counts := testenv.MapFD(t, obj, "lookup_counts")

	var ln *net.TCPListener
	ns.Do(t, func() {
		// Plain TCP: Go 1.24 listens with MPTCP by default, and an MPTCP
		// socket cannot go in a SOCKMAP (EOPNOTSUPP).
		var lc net.ListenConfig
		lc.SetMultipathTCP(false)
		l, err := lc.Listen(context.Background(), "tcp4", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ln = l.(*net.TCPListener)
	})
	t.Cleanup(func() { ln.Close() })
	if ln.Addr().(*net.TCPAddr).Port == lookupPort {
		t.Fatalf("the listener got port %d by chance; rerun", lookupPort)
	}
	raw, err := ln.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var putErr error
	if err := raw.Control(func(fd uintptr) {
		key, val := uint32(0), uint64(fd)
		putErr = cgo.MapUpdateElem(socks, unsafePtr(&key), unsafePtr(&val), 0)
	}); err != nil {
		t.Fatal(err)
	}
	if putErr != nil {
		t.Fatalf("put the listener in the SOCKMAP: %v", putErr)
	}

	// dial connects to 127.0.0.1:lookupPort inside ns.
	dial := func() (*net.TCPConn, error) {
		var c *net.TCPConn
		var err error
		ns.Do(t, func() {
			c, err = net.DialTCP("tcp4", nil, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: lookupPort})
		})
		return c, err
	}
	wantRefused := func(what string) {
		t.Helper()
		c, err := dial()
		if err == nil {
			c.Close()
			t.Fatalf("%s: connect to port %d succeeded, want ECONNREFUSED", what, lookupPort)
		}
		if !errors.Is(err, unix.ECONNREFUSED) {
			t.Fatalf("%s: connect to port %d: %v, want ECONNREFUSED", what, lookupPort, err)
		}
	}
	wantRefused("before the link")

	// The target is the netns fd; this thread is not in ns.
	link := testenv.LinkCreate(t, prog, ns.FD, opts.AttachSKLookup, nil)
	wantNetnsInfo(t, "sk_lookup", link, testenv.ObjID(t, prog), ns, opts.AttachSKLookup)

	steered0 := counter(t, counts, 1)
	c, err := dial()
	if err != nil {
		t.Fatalf("connect to port %d with sk_lookup attached: %v", lookupPort, err)
	}
	defer c.Close()
	if err := ln.SetDeadline(time.Now().Add(2 * time.Second)); err != nil {
		t.Fatal(err)
	}
	s, err := ln.AcceptTCP()
	if err != nil {
		t.Fatalf("the steered connection did not reach the listener: %v", err)
	}
	defer s.Close()
	if got := s.LocalAddr().(*net.TCPAddr).Port; got != lookupPort {
		t.Errorf("accepted connection's local port %d, want %d", got, lookupPort)
	}
	if got, want := s.RemoteAddr().String(), c.LocalAddr().String(); got != want {
		t.Errorf("accepted connection from %s, want %s", got, want)
	}
	if _, err := c.Write([]byte("steered")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	if err := s.SetReadDeadline(time.Now().Add(2 * time.Second)); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Read(buf); err != nil || string(buf[:n]) != "steered" {
		t.Fatalf("read %q, %v; want %q", buf[:n], err, "steered")
	}
	if d := counter(t, counts, 1) - steered0; d != 1 {
		t.Errorf("steer_lookup steered %d connections, want 1", d)
	}

	if err := cgo.LinkDetach(link); err != nil {
		t.Fatalf("LinkDetach(sk_lookup): %v", err)
	}
	wantRefused("after detach")
	wantNetnsInfo(t, "sk_lookup detached", link, testenv.ObjID(t, prog), &testenv.Netns{}, opts.AttachSKLookup)
}

// flowKeysSize is sizeof(struct bpf_flow_keys): nhoff at 0, thoff 2,
// addr_proto 4, is_frag 6, is_first_frag 7, is_encap 8, ip_proto 9, n_proto 10,
// sport 12, dport 14, ipv4_src 16, ipv4_dst 20 (a 32-byte union), flags 48,
// flow_label 52.
const flowKeysSize = 56

// ipv4UDPFrame builds an Ethernet + IPv4 + UDP frame.
func ipv4UDPFrame(src, dst [4]byte, sport, dport uint16, payload []byte) []byte {
	f := make([]byte, 14+20+8+len(payload))
	binary.BigEndian.PutUint16(f[12:], 0x0800)
	ip := f[14:34]
	ip[0] = 0x45
	binary.BigEndian.PutUint16(ip[2:], uint16(20+8+len(payload)))
	ip[8] = 64
	ip[9] = unix.IPPROTO_UDP
	copy(ip[12:16], src[:])
	copy(ip[16:20], dst[:])
	var sum uint32
	for i := 0; i < 20; i += 2 {
		sum += uint32(binary.BigEndian.Uint16(ip[i:]))
	}
	for sum > 0xffff {
		sum = sum&0xffff + sum>>16
	}
	binary.BigEndian.PutUint16(ip[10:], ^uint16(sum))
	udp := f[34:42]
	binary.BigEndian.PutUint16(udp[0:], sport)
	binary.BigEndian.PutUint16(udp[2:], dport)
	binary.BigEndian.PutUint16(udp[4:], uint16(8+len(payload)))
	copy(f[42:], payload)
	return f
}

func TestFlowDissectorLink(t *testing.T) {
	testenv.NoLeaks(t)
	ns := testenv.NewNetns(t)
	obj := testenv.LoadObject(t, "net")
	prog := testenv.ProgFD(t, obj, "dissect_ipv4")
	counts := testenv.MapFD(t, obj, "dissect_counts")

	link := testenv.LinkCreate(t, prog, ns.FD, opts.AttachFlowDissector, nil)
	wantNetnsInfo(t, "flow_dissector", link, testenv.ObjID(t, prog), ns, opts.AttachFlowDissector)

	// test_run: the program fills struct bpf_flow_keys from the frame.
	frame := ipv4UDPFrame([4]byte{192, 0, 2, 1}, [4]byte{198, 51, 100, 7}, 4242, 53, []byte("dissect me"))
	tr0 := counter(t, counts, 1)
	r, err := cgo.ProgTestRunOpts(prog, &opts.TestRun{DataIn: frame, DataOutSize: flowKeysSize})
	if err != nil {
		t.Fatalf("ProgTestRunOpts(flow_dissector): %v", err)
	}
	if r.Retval != 0 { // BPF_OK
		t.Fatalf("flow_dissector returned %d, want BPF_OK (0)", int32(r.Retval))
	}
	k := r.DataOut
	if len(k) != flowKeysSize {
		t.Fatalf("data out is %d bytes, want %d", len(k), flowKeysSize)
	}
	ne := binary.NativeEndian
	checks := []struct {
		field     string
		got, want uint64
	}{
		{"nhoff", uint64(ne.Uint16(k[0:])), 14},
		{"thoff", uint64(ne.Uint16(k[2:])), 34},
		{"addr_proto", uint64(ne.Uint16(k[4:])), 0x0800},
		{"ip_proto", uint64(k[9]), unix.IPPROTO_UDP},
		{"n_proto", uint64(binary.BigEndian.Uint16(k[10:])), 0x0800},
		{"sport", uint64(binary.BigEndian.Uint16(k[12:])), 4242},
		{"dport", uint64(binary.BigEndian.Uint16(k[14:])), 53},
		{"ipv4_src", uint64(binary.BigEndian.Uint32(k[16:])), 0xc0000201},
		{"ipv4_dst", uint64(binary.BigEndian.Uint32(k[20:])), 0xc6336407},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("flow keys %s = %#x, want %#x", c.field, c.got, c.want)
		}
	}
	if d := counter(t, counts, 1) - tr0; d != 1 {
		t.Errorf("dissect_ipv4 counted %d IPv4 dissections for one test run, want 1", d)
	}

	// Real traffic: a PACKET_FANOUT_HASH socket makes the kernel hash (and
	// so dissect) every packet it sees in ns, through the attached program.
	const n = 3
	var udp *udpPair
	ns.Do(t, func() {
		pfd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_CLOEXEC, int(htons(unix.ETH_P_ALL)))
		if err != nil {
			t.Fatalf("packet socket: %v", err)
		}
		testenv.CloseAtEnd(t, pfd)
		if err := unix.SetsockoptInt(pfd, unix.SOL_PACKET, unix.PACKET_FANOUT, unix.PACKET_FANOUT_HASH<<16|1); err != nil {
			t.Fatalf("PACKET_FANOUT: %v", err)
		}
		udp = newUDPPair(t, "udp4", "127.0.0.1:0")
	})
	ipv40 := counter(t, counts, 1)
	udp.exchange(t, n)
	if d := counter(t, counts, 1) - ipv40; d < n {
		t.Errorf("dissect_ipv4 dissected %d IPv4 packets for %d datagrams in the netns, want at least %d", d, n, n)
	}

	if err := cgo.LinkDetach(link); err != nil {
		t.Fatalf("LinkDetach(flow_dissector): %v", err)
	}
	runs0 := counter(t, counts, 0)
	udp.exchange(t, n)
	if d := counter(t, counts, 0) - runs0; d != 0 {
		t.Errorf("dissect_ipv4 ran %d times after detach, want 0", d)
	}
	// A detached netns link no longer has a namespace: its inode reads 0.
	wantNetnsInfo(t, "flow_dissector detached", link, testenv.ObjID(t, prog), &testenv.Netns{}, opts.AttachFlowDissector)
}

// htons converts a 16-bit value to network byte order.
func htons(v uint16) uint16 {
	return binary.NativeEndian.Uint16(binary.BigEndian.AppendUint16(nil, v))
}
