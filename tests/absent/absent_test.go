package absent

import (
	"bufio"
	"errors"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
)

// kernelFuncs are functions every x86-64 kernel has; they are looked up in
// /proc/kallsyms so the kernel is given real names.
var kernelFuncs = []string{"__x64_sys_getpid", "__x64_sys_getppid"}

// kallsyms returns the addresses /proc/kallsyms shows for names (0 when
// kptr_restrict hides them), failing t if a name is missing.
func kallsyms(t *testing.T, names []string) []uint64 {
	t.Helper()
	f, err := os.Open("/proc/kallsyms")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := make(map[string]int, len(names))
	for i, n := range names {
		want[n] = i
	}
	addrs := make([]uint64, len(names))
	found := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// "ffffffff81377cc0 T __x64_sys_getpid" (module symbols add " [mod]").
		fields := strings.Fields(sc.Text())
		if len(fields) < 3 || (fields[1] != "T" && fields[1] != "t") {
			continue
		}
		i, ok := want[fields[2]]
		if !ok {
			continue
		}
		a, err := strconv.ParseUint(fields[0], 16, 64)
		if err != nil {
			t.Fatalf("kallsyms line %q: %v", sc.Text(), err)
		}
		addrs[i] = a
		delete(want, fields[2])
		found++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if found != len(names) {
		t.Fatalf("functions %v are not in /proc/kallsyms", want)
	}
	return addrs
}

// wantLinkCreateError calls cgo.LinkCreate and checks that it fails in the
// kernel with errno, as a *cgo.Error naming bpf_link_create, and that every C
// allocation made for the call is freed.
func wantLinkCreateError(t *testing.T, progFD, target int, at opts.AttachType, o *opts.LinkCreate, errno unix.Errno) {
	t.Helper()
	before := cgo.OutstandingAllocations()
	fd, err := cgo.LinkCreate(progFD, target, at, o)
	after := cgo.OutstandingAllocations()
	if err == nil {
		unix.Close(fd)
		t.Fatalf("%v link created (fd %d); this kernel was expected to refuse it with %v", at, fd, errno)
	}
	if fd != -1 {
		t.Errorf("fd = %d on error, want -1", fd)
	}
	var ce *cgo.Error
	if !errors.As(err, &ce) {
		t.Fatalf("error %v (%T), want a *cgo.Error from the kernel", err, err)
	}
	if ce.Func != "bpf_link_create" {
		t.Errorf("cgo.Error.Func = %q, want bpf_link_create", ce.Func)
	}
	testenv.WantErrno(t, err, errno, "bpf_link_create")
	if after != before {
		t.Errorf("outstanding C allocations: %d after the call, %d before", after, before)
	}
}

// TestKprobeMulti: kprobe_multi links, by symbol, by address and as return
// probes, fail with EOPNOTSUPP (the kernel has no fprobe support).
func TestKprobeMulti(t *testing.T) {
	obj := testenv.LoadObject(t, "absent")
	entry := testenv.ProgFD(t, obj, "kmulti")
	ret := testenv.ProgFD(t, obj, "kretmulti")

	addrs := kallsyms(t, kernelFuncs)
	for i, a := range addrs {
		if a == 0 {
			// kptr_restrict hides addresses. The kernel without
			// CONFIG_FPROBE answers EOPNOTSUPP before it reads the
			// addresses, so plausible text addresses do as well. (On the
			// project's machines root sees the real ones.)
			t.Logf("/proc/kallsyms hides %s; using a made-up address", kernelFuncs[i])
			addrs[i] = 0xffffffff81000000 + uint64(i)*0x40
		}
	}
	cookies := []uint64{0x1111, 0x2222}

	for _, tc := range []struct {
		name   string
		progFD int
		km     *opts.KprobeMulti
	}{
		{"syms", entry, &opts.KprobeMulti{Syms: kernelFuncs, Cookies: cookies}},
		{"addrs", entry, &opts.KprobeMulti{Addrs: addrs, Cookies: cookies}},
		{"return syms", ret, &opts.KprobeMulti{Syms: kernelFuncs, Cookies: cookies, Flags: opts.BPF_F_KPROBE_MULTI_RETURN}},
		{"return addrs", ret, &opts.KprobeMulti{Addrs: addrs, Flags: opts.BPF_F_KPROBE_MULTI_RETURN}},
		// Addresses that are no kernel function: the answer is the same,
		// which shows the kernel refuses before it looks at them (and so
		// that the made-up fallback above is sound).
		{"bogus addrs", entry, &opts.KprobeMulti{Addrs: []uint64{1, 2}, Cookies: cookies}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantLinkCreateError(t, tc.progFD, 0, opts.AttachTraceKprobeMulti,
				&opts.LinkCreate{KprobeMulti: tc.km}, unix.EOPNOTSUPP)
		})
	}
}

// TestNetkit: netkit links, primary and peer, on lo fail with EINVAL (the
// kernel is built without netkit).
func TestNetkit(t *testing.T) {
	obj := testenv.LoadObject(t, "absent")
	lo, err := net.InterfaceByName("lo")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		prog string
		at   opts.AttachType
		nk   *opts.Netkit
	}{
		{"primary", "nk_primary", opts.AttachNetkitPrimary, &opts.Netkit{}},
		{"peer", "nk_peer", opts.AttachNetkitPeer, &opts.Netkit{}},
		{"primary with revision", "nk_primary", opts.AttachNetkitPrimary, &opts.Netkit{ExpectedRevision: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantLinkCreateError(t, testenv.ProgFD(t, obj, tc.prog), lo.Index, tc.at,
				&opts.LinkCreate{Netkit: tc.nk}, unix.EINVAL)
		})
	}
}

// TestKprobeMultiValidation: options Go can judge are refused as
// *opts.FieldError wrapping EINVAL without a system call: even with program
// fd -1 (which the kernel would answer with EBADF) and without allocating.
func TestKprobeMultiValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		km    *opts.KprobeMulti
		field string
	}{
		{"syms and addrs", &opts.KprobeMulti{Syms: kernelFuncs, Addrs: []uint64{1, 2}},
			"KprobeMulti.Syms, KprobeMulti.Addrs"},
		{"cookies count", &opts.KprobeMulti{Syms: kernelFuncs, Cookies: []uint64{1, 2, 3}},
			"KprobeMulti.Cookies"},
		{"cookies count for addrs", &opts.KprobeMulti{Addrs: []uint64{1, 2}, Cookies: []uint64{1}},
			"KprobeMulti.Cookies"},
		{"unknown flag", &opts.KprobeMulti{Syms: kernelFuncs, Flags: 1 << 1}, "KprobeMulti.Flags"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := cgo.OutstandingAllocations()
			fd, err := cgo.LinkCreate(-1, 0, opts.AttachTraceKprobeMulti, &opts.LinkCreate{KprobeMulti: tc.km})
			if err == nil {
				unix.Close(fd)
				t.Fatal("link created, want an error")
			}
			var fe *opts.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v (%T), want *opts.FieldError", err, err)
			}
			var ce *cgo.Error
			if errors.As(err, &ce) {
				t.Fatalf("error %v is a *cgo.Error: a system call was made", err)
			}
			testenv.WantErrno(t, err, unix.EINVAL, "")
			if fe.Field != tc.field {
				t.Errorf("FieldError.Field = %q, want %q", fe.Field, tc.field)
			}
			if fe.Struct != "bpf_link_create_opts" {
				t.Errorf("FieldError.Struct = %q, want bpf_link_create_opts", fe.Struct)
			}
			if after := cgo.OutstandingAllocations(); after != before {
				t.Errorf("outstanding C allocations: %d after the call, %d before", after, before)
			}
		})
	}
}
