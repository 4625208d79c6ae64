package skel_test

import (
	"net"
	"os"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/skel"
)

// TestAttachStructOps: Attach attaches a struct_ops map with autoattach on
// (bpf_map__attach_struct_ops): the BPF congestion control is registered
// while the link lives, a TCP connection using it runs its init, and
// Destroy unregisters it.
func TestAttachStructOps(t *testing.T) {
	obj := load(t, "skel_struct_ops")
	if err := obj.Attach(nil); err != nil {
		t.Fatalf("attach: %v", err)
	}
	links := obj.Links()
	if len(links) != 1 || links[0].Map() == nil || links[0].Map().Name() != "golibbpf_cc" {
		t.Fatalf("links %v, want one struct_ops link of map golibbpf_cc", links)
	}
	if !ccAvailable(t) {
		t.Fatal("golibbpf_cc is not among the available congestion controls while attached")
	}

	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		if c, err := l.Accept(); err == nil {
			c.Close()
		}
	}()
	d := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		var serr error
		err := rc.Control(func(fd uintptr) {
			serr = unix.SetsockoptString(int(fd), unix.IPPROTO_TCP, unix.TCP_CONGESTION, "golibbpf_cc")
		})
		if err != nil {
			return err
		}
		return serr
	}}
	c, err := d.Dial("tcp4", l.Addr().String())
	if err != nil {
		t.Fatalf("a connection with TCP_CONGESTION golibbpf_cc: %v", err)
	}
	c.Close()
	bss, err := obj.DataSection(".bss")
	if err != nil {
		t.Fatal(err)
	}
	inits, err := skel.View[uint64](bss)
	if err != nil {
		t.Fatal(err)
	}
	if *inits == 0 {
		t.Error("the congestion control's init never ran")
	}

	if err := obj.Destroy(); err != nil {
		t.Fatal(err)
	}
	if ccAvailable(t) {
		t.Error("golibbpf_cc is still available after Destroy")
	}
}

func ccAvailable(t *testing.T) bool {
	t.Helper()
	b, err := os.ReadFile("/proc/sys/net/ipv4/tcp_available_congestion_control")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range strings.Fields(string(b)) {
		if name == "golibbpf_cc" {
			return true
		}
	}
	return false
}
