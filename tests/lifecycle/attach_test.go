package lifecycle

import (
	"net"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
	"github.com/golibbpf/golibbpf/skel"
)

// lifecycleRodata and lifecycleCounts mirror lifecycle.bpf.c's .rodata and
// .bss. After target_tgid, .rodata holds BPF_SEQ_PRINTF's format string.
type lifecycleRodata struct {
	TargetTgid uint32
	_          [4]byte
}

type lifecycleCounts struct {
	TP, RawTP, TPBTF, Uprobe, Uretprobe, USDT, USDTSum, Iter, Kprobe uint64
	SockCreate, XDP, TCX, Netfilter, SKLookup                        uint64
}

// nfInetLocalIn is NF_INET_LOCAL_IN.
const nfInetLocalIn = 1

// TestLifecycleAutoAttach opens, loads and attaches one object holding a
// program of every kind with a single Attach call: the tracing and
// user-space programs by their sections as libbpf does, the cgroup, xdp,
// tcx, netfilter and sk_lookup programs through AttachOptions, and the bare
// SEC("kprobe") skipped. Then it makes each attached program run and reads
// the counts from the kernel's .bss memory; then Detach stops them all.
func TestLifecycleAutoAttach(t *testing.T) {
	testenv.NoLeaks(t)
	obj := open(t, "lifecycle", nil)
	view[lifecycleRodata](t, obj, ".rodata").TargetTgid = uint32(os.Getpid())
	if err := obj.Load(); err != nil {
		t.Fatalf("load: %+v", err)
	}
	state := view[lifecycleCounts](t, obj, ".bss")

	cgroupDir, cgroupFD := testenv.TempCgroup(t)
	ns := testenv.NewNetns(t)
	lo := ns.Ifindex(t, "lo")
	ns.Do(t, func() {
		err := obj.Attach(&skel.AttachOptions{
			Cgroup:    cgroupDir,
			Ifindex:   lo,
			Netns:     ns.Path(),
			Netfilter: &opts.NetfilterAttach{PF: unix.NFPROTO_IPV4, HookNum: nfInetLocalIn, Priority: -128},
		})
		if err != nil {
			t.Fatalf("attach: %v", err)
		}
	})

	var linked []string
	links := map[string]*skel.Link{}
	for _, l := range obj.Links() {
		linked = append(linked, l.Program().Name())
		links[l.Program().Name()] = l
	}
	slices.Sort(linked)
	want := []string{"on_iter", "on_netfilter", "on_raw_tp", "on_sk_lookup", "on_sock_create", "on_tcx",
		"on_tp", "on_tp_btf", "on_uprobe", "on_uretprobe", "on_usdt", "on_xdp"}
	if !slices.Equal(linked, want) {
		t.Fatalf("attached programs %v, want %v (bare_kprobe skipped)", linked, want)
	}

	// Tracing: five getppid calls of this process.
	getppid(5)
	// User space: the target calls lifecycle_tick and fires the USDT 3 times.
	if out, err := exec.Command("../testdata/lifecycle_target", "3").CombinedOutput(); err != nil {
		t.Fatalf("lifecycle_target: %v\n%s", err, out)
	}
	// The task iterator prints this process's pid.
	iterOut := readIter(t, links["on_iter"])
	if strings.TrimSpace(iterOut) != strconv.Itoa(os.Getpid()) {
		t.Errorf("iterator printed %q, want this process's pid %d", iterOut, os.Getpid())
	}
	// cgroup/sock_create: a child process born in the cgroup makes a socket.
	if out, err := testenv.RunInCgroup(t, cgroupFD, "socket"); err != nil {
		t.Fatalf("child in cgroup: %v\n%s", err, out)
	}
	// xdp and tcx on lo, netfilter LOCAL_IN, sk_lookup: one UDP datagram
	// over lo inside the namespace.
	ns.Do(t, func() { udpRoundTrip(t) })

	for _, c := range []struct {
		name      string
		got, want uint64
		atLeast   bool
	}{
		{"tp", state.TP, 5, false},
		{"raw_tp", state.RawTP, 5, false},
		{"tp_btf", state.TPBTF, 5, false},
		{"uprobe", state.Uprobe, 3, false},
		{"uretprobe", state.Uretprobe, 3, false},
		{"usdt", state.USDT, 3, false},
		{"usdt argument sum", state.USDTSum, 1 + 2 + 3, false},
		{"iter", state.Iter, 1, true},
		{"bare kprobe", state.Kprobe, 0, false},
		{"cgroup/sock_create", state.SockCreate, 1, true},
		{"xdp", state.XDP, 1, true},
		{"tcx", state.TCX, 1, true},
		{"netfilter", state.Netfilter, 1, true},
		{"sk_lookup", state.SKLookup, 1, true},
	} {
		if c.got != c.want && !(c.atLeast && c.got > c.want) {
			op := "=="
			if c.atLeast {
				op = ">="
			}
			t.Errorf("%s ran %d times, want %s %d", c.name, c.got, op, c.want)
		}
	}

	if err := obj.Detach(); err != nil {
		t.Fatalf("detach: %v", err)
	}
	if n := len(obj.Links()); n != 0 {
		t.Errorf("%d links left after Detach", n)
	}
	before := state.TP
	getppid(3)
	if state.TP != before {
		t.Errorf("tp ran %d times after Detach", state.TP-before)
	}
}

// readIter opens an iterator on an iter link and reads it to the end.
func readIter(t *testing.T, l *skel.Link) string {
	t.Helper()
	if l == nil {
		t.Fatal("no iter link")
	}
	return testenv.ReadIter(t, l.FD())
}

// udpRoundTrip sends one datagram to a socket on 127.0.0.1 and receives it.
func udpRoundTrip(t *testing.T) {
	t.Helper()
	srv, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c, err := net.DialUDP("udp4", nil, srv.LocalAddr().(*net.UDPAddr))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte("ping")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	srv.SetReadDeadline(time.Now().Add(2 * time.Second))
	if n, _, err := srv.ReadFromUDP(buf); err != nil || string(buf[:n]) != "ping" {
		t.Fatalf("udp over lo: got %q, %v", buf[:n], err)
	}
}
