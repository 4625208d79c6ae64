package nettest

import (
	"math"
	"runtime"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
)

// nfKey is the nf_counts slot nf_count bumps for a (pf, hook).
func nfKey(pf, hook uint32) uint32 { return pf*8 + hook }

// nfLinkCreateAttr is the BPF_LINK_CREATE member of union bpf_attr with its
// netfilter union member, laid out as in include/uapi/linux/bpf.h: prog_fd,
// target_fd, attach_type and flags, then at offset 16 the union (8-aligned,
// 48 bytes, the largest member being uprobe_multi).
type nfLinkCreateAttr struct {
	progFD     uint32
	targetFD   uint32
	attachType uint32
	flags      uint32
	pf         uint32
	hooknum    uint32
	priority   int32
	nfFlags    uint32
	_          [32]byte
}

// rawNetfilterLinkCreate issues BPF_LINK_CREATE itself, bypassing libbpf and
// the Go validation, and returns the kernel's errno (0 on success, the new
// link being closed at once).
func rawNetfilterLinkCreate(progFD int, nf opts.Netfilter) unix.Errno {
	attr := nfLinkCreateAttr{progFD: uint32(progFD), attachType: uint32(opts.AttachNetfilter),
		pf: nf.PF, hooknum: nf.HookNum, priority: nf.Priority, nfFlags: nf.Flags}
	const bpfLinkCreate = 28
	fd, _, errno := unix.Syscall(unix.SYS_BPF, bpfLinkCreate, uintptr(unsafe.Pointer(&attr)), unsafe.Sizeof(attr))
	runtime.KeepAlive(&attr)
	if errno == 0 {
		unix.Close(int(fd))
	}
	return errno
}

func TestNetfilterLink(t *testing.T) {
	testenv.NoLeaks(t)
	ns := testenv.NewNetns(t)
	obj := testenv.LoadObject(t, "net")
	prog := testenv.ProgFD(t, obj, "nf_count")
	counts := testenv.MapFD(t, obj, "nf_counts")
	pid := testenv.ObjID(t, prog)

	if unsafe.Sizeof(nfLinkCreateAttr{}) != 64 {
		t.Fatalf("nfLinkCreateAttr is %d bytes, want 64", unsafe.Sizeof(nfLinkCreateAttr{}))
	}

	type hook struct {
		name string
		nf   opts.Netfilter
	}
	hooks := []hook{
		{"ipv4 local_in", opts.Netfilter{PF: opts.NFPROTO_IPV4, HookNum: opts.NF_INET_LOCAL_IN, Priority: -100}},
		{"ipv4 local_out", opts.Netfilter{PF: opts.NFPROTO_IPV4, HookNum: opts.NF_INET_LOCAL_OUT, Priority: 50}},
		{"ipv6 local_in", opts.Netfilter{PF: opts.NFPROTO_IPV6, HookNum: opts.NF_INET_LOCAL_IN, Priority: 7}},
		{"ipv6 local_out", opts.Netfilter{PF: opts.NFPROTO_IPV6, HookNum: opts.NF_INET_LOCAL_OUT, Priority: -7}},
		// With defragmentation, priority -399 is the lowest allowed.
		{"ipv4 pre_routing defrag", opts.Netfilter{PF: opts.NFPROTO_IPV4, HookNum: opts.NF_INET_PRE_ROUTING,
			Priority: -399, Flags: opts.BPF_F_NETFILTER_IP_DEFRAG}},
	}
	links := make([]int, len(hooks))

	// Netfilter hooks belong to the netns of the thread creating the link,
	// and the traffic must flow there too.
	ns.Do(t, func() {
		for i, h := range hooks {
			nf := h.nf
			links[i] = testenv.LinkCreate(t, prog, 0, opts.AttachNetfilter, &opts.LinkCreate{Netfilter: &nf})
			info := testenv.LinkInfo(t, links[i])
			if info.Type != opts.LinkTypeNetfilter || info.Netfilter == nil {
				t.Fatalf("%s: link type %s (netfilter info %v), want netfilter", h.name, info.Type, info.Netfilter)
			}
			if info.ProgID != pid {
				t.Errorf("%s: link prog ID %d, want %d", h.name, info.ProgID, pid)
			}
			got := *info.Netfilter
			want := cgo.NetfilterLinkInfo{PF: nf.PF, HookNum: nf.HookNum, Priority: nf.Priority, Flags: nf.Flags}
			if got != want {
				t.Errorf("%s: netfilter link info %+v, want %+v", h.name, got, want)
			}
		}

		all := []uint32{}
		for _, pf := range []uint32{opts.NFPROTO_IPV4, opts.NFPROTO_IPV6} {
			for hk := opts.NF_INET_PRE_ROUTING; hk <= opts.NF_INET_POST_ROUTING; hk++ {
				all = append(all, nfKey(pf, hk))
			}
		}
		snapshot := func() map[uint32]uint64 {
			m := map[uint32]uint64{}
			for _, k := range all {
				m[k] = counter(t, counts, k)
			}
			return m
		}
		// expectMoved checks that exactly the keys in moved grew by n.
		expectMoved := func(what string, before map[uint32]uint64, n uint64, moved ...uint32) {
			t.Helper()
			after := snapshot()
			want := map[uint32]uint64{}
			for _, k := range moved {
				want[k] = n
			}
			for _, k := range all {
				if d := after[k] - before[k]; d != want[k] {
					t.Errorf("%s: counter for pf %d hook %d moved by %d, want %d", what, k/8, k%8, d, want[k])
				}
			}
		}

		const n = 3
		v4 := newUDPPair(t, "udp4", "127.0.0.1:0")
		v6 := newUDPPair(t, "udp6", "[::1]:0")

		before := snapshot()
		v4.exchange(t, n)
		expectMoved("after IPv4 traffic", before, n,
			nfKey(opts.NFPROTO_IPV4, opts.NF_INET_PRE_ROUTING),
			nfKey(opts.NFPROTO_IPV4, opts.NF_INET_LOCAL_IN),
			nfKey(opts.NFPROTO_IPV4, opts.NF_INET_LOCAL_OUT))

		before = snapshot()
		v6.exchange(t, n)
		expectMoved("after IPv6 traffic", before, n,
			nfKey(opts.NFPROTO_IPV6, opts.NF_INET_LOCAL_IN),
			nfKey(opts.NFPROTO_IPV6, opts.NF_INET_LOCAL_OUT))

		// A netfilter link cannot change its program.
		err := cgo.LinkUpdate(links[0], prog, nil)
		testenv.WantErrno(t, err, unix.EOPNOTSUPP, "bpf_link_update")

		// Detaching ipv4 local_in stops it; the other IPv4 hooks still run.
		if err := cgo.LinkDetach(links[0]); err != nil {
			t.Fatalf("LinkDetach(netfilter): %v", err)
		}
		before = snapshot()
		v4.exchange(t, n)
		expectMoved("after IPv4 traffic with local_in detached", before, n,
			nfKey(opts.NFPROTO_IPV4, opts.NF_INET_PRE_ROUTING),
			nfKey(opts.NFPROTO_IPV4, opts.NF_INET_LOCAL_OUT))
	})
}

func TestNetfilterPriorityRange(t *testing.T) {
	testenv.NoLeaks(t)
	ns := testenv.NewNetns(t)
	obj := testenv.LoadObject(t, "net")
	prog := testenv.ProgFD(t, obj, "nf_count")

	bad := []struct {
		name string
		nf   opts.Netfilter
	}{
		{"INT_MIN", opts.Netfilter{PF: opts.NFPROTO_IPV4, HookNum: opts.NF_INET_LOCAL_IN, Priority: math.MinInt32}},
		{"INT_MAX", opts.Netfilter{PF: opts.NFPROTO_IPV6, HookNum: opts.NF_INET_LOCAL_OUT, Priority: math.MaxInt32}},
		{"defrag at -400", opts.Netfilter{PF: opts.NFPROTO_IPV4, HookNum: opts.NF_INET_PRE_ROUTING,
			Priority: opts.NF_IP_PRI_CONNTRACK_DEFRAG, Flags: opts.BPF_F_NETFILTER_IP_DEFRAG}},
	}
	ns.Do(t, func() {
		// The control: the raw syscall succeeds on a valid request, so the
		// ERANGE below is about the priority and not the layout.
		good := opts.Netfilter{PF: opts.NFPROTO_IPV4, HookNum: opts.NF_INET_PRE_ROUTING,
			Priority: opts.NF_IP_PRI_CONNTRACK_DEFRAG + 1, Flags: opts.BPF_F_NETFILTER_IP_DEFRAG}
		if errno := rawNetfilterLinkCreate(prog, good); errno != 0 {
			t.Fatalf("raw BPF_LINK_CREATE with %+v: %v, want success", good, errno)
		}
		for _, c := range bad {
			nf := c.nf
			fd, err := cgo.LinkCreate(prog, 0, opts.AttachNetfilter, &opts.LinkCreate{Netfilter: &nf})
			if err == nil {
				unix.Close(fd)
				t.Errorf("%s: LinkCreate succeeded, want ERANGE", c.name)
				continue
			}
			wantFieldError(t, err, unix.ERANGE)
			if errno := rawNetfilterLinkCreate(prog, nf); errno != unix.ERANGE {
				t.Errorf("%s: raw BPF_LINK_CREATE answered %v (%d), want ERANGE", c.name, errno, int(errno))
			}
		}
	})
}
