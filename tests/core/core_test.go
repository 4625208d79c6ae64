package core

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
)

var (
	movR0 = func(imm int32) cgo.Insn { return cgo.NewInsn(0xb7, 0, 0, 0, imm) } // r0 = imm
	exit  = cgo.NewInsn(0x95, 0, 0, 0, 0)
)

// A socket filter returning a constant runs under BPF_PROG_TEST_RUN: the
// return value and the packet come back.
func TestProgLoadAndTestRun(t *testing.T) {
	testenv.RequirePrivileged(t)
	fd, log, err := cgo.ProgLoad(opts.ProgTypeSocketFilter, "ret42", "GPL",
		[]cgo.Insn{movR0(42), exit}, &opts.ProgLoad{LogLevel: 1, LogSize: 4096})
	if err != nil {
		t.Fatalf("%+v", err)
	}
	testenv.CloseAtEnd(t, fd)
	if !strings.Contains(log, "processed 2 insns") {
		t.Errorf("verifier log at level 1 = %q, want the instruction count", log)
	}
	pkt := make([]byte, 64)
	for i := range pkt {
		pkt[i] = byte(i)
	}
	r, err := cgo.ProgTestRunOpts(fd, &opts.TestRun{DataIn: pkt, DataOutSize: 128, Repeat: 3})
	if err != nil {
		t.Fatal(err)
	}
	if r.Retval != 42 {
		t.Errorf("retval %d, want 42", r.Retval)
	}
	// The kernel hands the packet back without its 14-byte Ethernet header.
	if len(r.DataOut) != len(pkt) || string(r.DataOut[14:]) != string(pkt[14:]) {
		t.Errorf("data out %x, want the packet back", r.DataOut)
	}
	if n := cgo.OutstandingAllocations(); n != 0 {
		t.Errorf("%d C allocations outstanding", n)
	}
}

// A program the verifier rejects: the error wraps EACCES, names the call,
// prints one line with %v and the verifier log with %+v.
func TestProgLoadVerifierRejection(t *testing.T) {
	testenv.RequirePrivileged(t)
	// exit without setting r0: "R0 !read_ok".
	_, log, err := cgo.ProgLoad(opts.ProgTypeSocketFilter, "bad", "GPL", []cgo.Insn{exit},
		&opts.ProgLoad{LogSize: 4096})
	testenv.WantErrno(t, err, unix.EACCES, "bpf_prog_load")
	var verr *cgo.VerifierError
	if !errors.As(err, &verr) {
		t.Fatalf("error %T is not a *cgo.VerifierError", err)
	}
	if !strings.Contains(log, "R0 !read_ok") || verr.Log != log {
		t.Fatalf("log %q (error's log %q), want R0 !read_ok", log, verr.Log)
	}
	if short := fmt.Sprintf("%v", err); strings.Contains(short, "\n") || strings.Contains(short, "R0") {
		t.Errorf("%%v is %q, want one line without the log", short)
	}
	if long := fmt.Sprintf("%+v", err); !strings.Contains(long, "R0 !read_ok") {
		t.Errorf("%%+v is %q, want the verifier log", long)
	}
	// Bad input is caught before the syscall.
	_, _, err = cgo.ProgLoad(opts.ProgTypeSocketFilter, "x", "GPL", nil, nil)
	var ferr *opts.FieldError
	if !errors.As(err, &ferr) || !errors.Is(err, unix.EINVAL) {
		t.Fatalf("no instructions: %v, want *opts.FieldError wrapping EINVAL", err)
	}
	_, _, err = cgo.ProgLoad(opts.ProgTypeSocketFilter, "x", "GPL", []cgo.Insn{exit}, &opts.ProgLoad{LogLevel: 0x100, LogSize: 4096})
	if !errors.As(err, &ferr) || ferr.Field != "LogLevel" {
		t.Fatalf("log level 0x100: %v, want a FieldError on LogLevel", err)
	}
}

// Map create and every element call, with the errno of each failure.
func TestMapElementCalls(t *testing.T) {
	testenv.RequirePrivileged(t)
	fd, err := cgo.MapCreate(opts.MapTypeHash, "golibbpf_t", 4, 8, 16, nil)
	if err != nil {
		t.Fatal(err)
	}
	testenv.CloseAtEnd(t, fd)
	for k := uint32(1); k <= 3; k++ {
		v := uint64(k) * 100
		if err := cgo.MapUpdateElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&v), opts.BPF_NOEXIST); err != nil {
			t.Fatal(err)
		}
	}
	k, v := uint32(2), uint64(0)
	if err := cgo.MapLookupElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&v)); err != nil || v != 200 {
		t.Fatalf("lookup 2: %d, %v", v, err)
	}
	err = cgo.MapUpdateElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&v), opts.BPF_NOEXIST)
	testenv.WantErrno(t, err, unix.EEXIST, "bpf_map_update_elem")

	seen := map[uint32]bool{}
	var cur, next uint32
	var curp unsafe.Pointer // nil: the first key
	for {
		if err := cgo.MapGetNextKey(fd, curp, unsafe.Pointer(&next)); err != nil {
			testenv.WantErrno(t, err, unix.ENOENT, "bpf_map_get_next_key")
			break
		}
		seen[next] = true
		cur, curp = next, unsafe.Pointer(&cur)
	}
	if len(seen) != 3 || !seen[1] || !seen[2] || !seen[3] {
		t.Fatalf("iterated keys %v, want 1, 2, 3", seen)
	}
	if err := cgo.MapLookupAndDeleteElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&v)); err != nil || v != 200 {
		t.Fatalf("lookup-and-delete 2: %d, %v", v, err)
	}
	err = cgo.MapDeleteElem(fd, unsafe.Pointer(&k))
	testenv.WantErrno(t, err, unix.ENOENT, "bpf_map_delete_elem")
	err = cgo.MapLookupElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&v))
	testenv.WantErrno(t, err, unix.ENOENT, "bpf_map_lookup_elem")

	_, err = cgo.MapCreate(opts.MapTypeArray, "", 0, 8, 1, nil)
	testenv.WantErrno(t, err, unix.EINVAL, "bpf_map_create")
}

// Concurrent element calls from several goroutines (run under -race).
func TestMapConcurrent(t *testing.T) {
	testenv.RequirePrivileged(t)
	fd, err := cgo.MapCreate(opts.MapTypeArray, "golibbpf_c", 4, 8, 8, nil)
	if err != nil {
		t.Fatal(err)
	}
	testenv.CloseAtEnd(t, fd)
	var wg sync.WaitGroup
	for g := uint32(0); g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := uint64(1); i <= 200; i++ {
				k, v := g, i
				if err := cgo.MapUpdateElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&v), opts.BPF_ANY); err != nil {
					t.Error(err)
					return
				}
				var got uint64
				if err := cgo.MapLookupElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&got)); err != nil || got != i {
					t.Errorf("slot %d: got %d, %v, want %d", g, got, err, i)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// Single element calls make no allocation.
func TestMapElementCallsDoNotAllocate(t *testing.T) {
	testenv.RequirePrivileged(t)
	fd, err := cgo.MapCreate(opts.MapTypeArray, "golibbpf_a", 4, 8, 4, nil)
	if err != nil {
		t.Fatal(err)
	}
	testenv.CloseAtEnd(t, fd)
	k, v := uint32(1), uint64(7)
	allocs := testing.AllocsPerRun(100, func() {
		cgo.MapUpdateElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&v), 0)
		cgo.MapLookupElem(fd, unsafe.Pointer(&k), unsafe.Pointer(&v))
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per update+lookup, want 0", allocs)
	}
}

// Opening what is not a BPF object fails with a clear error and leaks no
// C memory; libbpf's complaint reaches the Go print function.
func TestObjectOpenErrors(t *testing.T) {
	var mu sync.Mutex
	var msgs []string
	old := cgo.LibbpfSetPrint(func(level cgo.PrintLevel, msg string) {
		mu.Lock()
		msgs = append(msgs, level.String()+": "+msg)
		mu.Unlock()
	})
	defer cgo.LibbpfSetPrint(old)

	before := cgo.OutstandingAllocations()
	_, err := cgo.ObjectOpenMem([]byte("definitely not an ELF file"), nil)
	if err == nil || !strings.Contains(err.Error(), "bpf_object__open_mem") {
		t.Fatalf("garbage: %v", err)
	}
	if !errors.Is(err, cgo.LIBBPF_ERRNO__FORMAT) || !strings.Contains(err.Error(), "BPF object format invalid") {
		t.Fatalf("garbage: %v, want libbpf's LIBBPF_ERRNO__FORMAT with its text", err)
	}
	self, _ := os.ReadFile("/proc/self/exe")
	_, err = cgo.ObjectOpenMem(self[:4096], &opts.ObjectOpen{ObjectName: "truncated"})
	if err == nil {
		t.Fatal("a truncated ELF opened")
	}
	_, err = cgo.ObjectOpenFile("/nonexistent/x.bpf.o", nil)
	testenv.WantErrno(t, err, unix.ENOENT, "bpf_object__open_file")
	_, err = cgo.ObjectOpenMem(nil, nil)
	var ferr *opts.FieldError
	if !errors.As(err, &ferr) {
		t.Fatalf("empty buffer: %v, want a FieldError", err)
	}
	if after := cgo.OutstandingAllocations(); after != before {
		t.Fatalf("C allocations %d before, %d after failed opens", before, after)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(msgs) == 0 {
		t.Fatal("libbpf printed nothing to the Go print function")
	}
	if !strings.HasPrefix(msgs[0], "warn: ") && !strings.HasPrefix(msgs[0], "debug: ") && !strings.HasPrefix(msgs[0], "info: ") {
		t.Errorf("message %q has no level", msgs[0])
	}
}

// A loaded object: programs and maps are listed and reachable by name, and
// closing it releases its C memory (the kernel log buffer).
func TestObjectOpenMemAndLoad(t *testing.T) {
	testenv.RequirePrivileged(t)
	elf, err := os.ReadFile(testenv.BPFObject(t, "connect4"))
	if err != nil {
		t.Fatal(err)
	}
	before := cgo.OutstandingAllocations()
	obj, err := cgo.ObjectOpenMem(elf, &opts.ObjectOpen{ObjectName: "golibbpf_mem", KernelLogSize: 1 << 16, KernelLogLevel: 1})
	if err != nil {
		t.Fatal(err)
	}
	if cgo.ObjectName(obj) != "golibbpf_mem" {
		t.Errorf("object name %q", cgo.ObjectName(obj))
	}
	var progs []string
	for p := cgo.ObjectNextProgram(obj, nil); p != nil; p = cgo.ObjectNextProgram(obj, p) {
		progs = append(progs, cgo.ProgramName(p)+"@"+cgo.ProgramSectionName(p)+"="+cgo.ProgramType(p).String()+"/"+cgo.ProgramExpectedAttachType(p).String())
	}
	want := "redirect@cgroup/connect4=cgroup_sock_addr/cgroup_inet4_connect count_only@cgroup/connect4=cgroup_sock_addr/cgroup_inet4_connect"
	if strings.Join(progs, " ") != want {
		t.Errorf("programs %q, want %q", progs, want)
	}
	if err := cgo.ObjectLoad(obj); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(obj.KernelLog(), "processed") {
		t.Errorf("kernel log at level 1 has no verifier statistics: %q", obj.KernelLog())
	}
	m, err := cgo.ObjectFindMapByName(obj, "counters")
	if err != nil {
		t.Fatal(err)
	}
	if cgo.MapType(m) != opts.MapTypeArray || cgo.MapKeySize(m) != 4 || cgo.MapValueSize(m) != 8 || cgo.MapMaxEntries(m) != 4 {
		t.Errorf("map counters: %s key %d value %d max %d", cgo.MapType(m), cgo.MapKeySize(m), cgo.MapValueSize(m), cgo.MapMaxEntries(m))
	}
	p, _ := cgo.ObjectFindProgramByName(obj, "redirect")
	err = cgo.ProgramSetAutoload(p, false)
	testenv.WantErrno(t, err, unix.EINVAL, "bpf_program__set_autoload")
	_, err = cgo.ObjectFindProgramByName(obj, "nope")
	testenv.WantErrno(t, err, unix.ENOENT, "bpf_object__find_program_by_name")
	cgo.ObjectClose(obj)
	cgo.ObjectClose(obj) // twice is fine
	if after := cgo.OutstandingAllocations(); after != before {
		t.Fatalf("C allocations %d before open, %d after close", before, after)
	}
}

// bpf_link_create with a bad program fd: the kernel's errno, wrapped, named.
func TestLinkCreateBadFD(t *testing.T) {
	testenv.RequirePrivileged(t)
	_, err := cgo.LinkCreate(-1, 0, opts.AttachCgroupInet4Connect, nil)
	testenv.WantErrno(t, err, unix.EBADF, "bpf_link_create")
	var cerr *cgo.Error
	if !errors.As(err, &cerr) || cerr.Func != "bpf_link_create" || !strings.Contains(cerr.Args, "cgroup_inet4_connect") {
		t.Fatalf("error %#v", err)
	}
}
