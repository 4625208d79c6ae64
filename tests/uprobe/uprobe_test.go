package uprobe

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
)

// childEnv, when set to a number N, makes the test binary a helper: it waits
// for one byte on fd 3, calls targetA N times, and exits.
const childEnv = "GOLIBBPF_UPROBE_CHILD_CALLS"

// TestMain runs the tests, or, with childEnv set, the helper child of
// TestPIDFilter.
func TestMain(m *testing.M) {
	if v := os.Getenv(childEnv); v != "" {
		os.Exit(runChild(v))
	}
	os.Exit(m.Run())
}

func runChild(v string) int {
	n, err := strconv.Atoi(v)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 2
	}
	gate := os.NewFile(3, "gate")
	var b [1]byte
	if _, err := gate.Read(b[:]); err != nil {
		fmt.Fprintln(os.Stderr, "child: waiting for the go signal:", err)
		return 2
	}
	for i := range n {
		if got, want := targetA(uint64(i)), uint64(i)*3+1; got != want {
			fmt.Fprintf(os.Stderr, "child: targetA(%d) = %d, want %d\n", i, got, want)
			return 1
		}
	}
	return 0
}

// object is the loaded uprobe.bpf.o.
type object struct {
	entry, ret    int // program fds: uprobe.multi and uretprobe.multi
	counts, lastA int // map fds: cookie -> runs, cookie -> ax at the last run
}

func load(t *testing.T) object {
	t.Helper()
	obj := testenv.LoadObject(t, "uprobe")
	return object{
		entry:  testenv.ProgFD(t, obj, "count_entry"),
		ret:    testenv.ProgFD(t, obj, "count_return"),
		counts: testenv.MapFD(t, obj, "counts"),
		lastA:  testenv.MapFD(t, obj, "last_ax"),
	}
}

// get reads the u64 value at cookie in a cookie-keyed map; 0 if absent.
func get(t *testing.T, mapFD int, cookie uint64) uint64 {
	t.Helper()
	var v uint64
	err := cgo.MapLookupElem(mapFD, unsafe.Pointer(&cookie), unsafe.Pointer(&v))
	if errors.Is(err, unix.ENOENT) {
		return 0
	}
	if err != nil {
		t.Fatalf("lookup cookie %#x: %v", cookie, err)
	}
	return v
}

// attach creates an uprobe_multi link and closes it at the end of the test.
func attach(t *testing.T, progFD int, u *opts.UprobeMulti) int {
	t.Helper()
	fd, err := cgo.LinkCreate(progFD, 0, opts.AttachTraceUprobeMulti, &opts.LinkCreate{UprobeMulti: u})
	if err != nil {
		t.Fatalf("uprobe_multi link on %s at %#x: %v", u.Path, u.Offsets, err)
	}
	return testenv.CloseAtEnd(t, fd)
}

// callA calls targetA n times with the arguments first, first+1, ... and
// returns the last argument and result.
func callA(t *testing.T, first uint64, n int) (arg, res uint64) {
	t.Helper()
	for i := range n {
		arg = first + uint64(i)
		res = targetA(arg)
		if res != arg*3+1 {
			t.Fatalf("targetA(%d) = %d", arg, res)
		}
	}
	return arg, res
}

func callB(t *testing.T, first uint64, n int) (arg, res uint64) {
	t.Helper()
	for i := range n {
		arg = first + uint64(i)
		res = targetB(arg)
		if res != arg*5+2 {
			t.Fatalf("targetB(%d) = %d", arg, res)
		}
	}
	return arg, res
}

// TestCookiesPerOffset: one link on two functions, a cookie each; the program
// counts per cookie and sees each function's argument in ax at entry.
func TestCookiesPerOffset(t *testing.T) {
	o := load(t)
	bin := testBinary(t)
	const cookieA, cookieB = 0xA0A0_0000_0001, 0xB0B0_0000_0002
	attach(t, o.entry, &opts.UprobeMulti{
		Path:    bin.path,
		Offsets: []uint64{bin.funcOffset(t, targetA), bin.funcOffset(t, targetB)},
		Cookies: []uint64{cookieA, cookieB},
	})

	argA, _ := callA(t, 100, 3)
	argB, _ := callB(t, 200, 5)

	if got := get(t, o.counts, cookieA); got != 3 {
		t.Errorf("count[cookieA] = %d, want 3", got)
	}
	if got := get(t, o.counts, cookieB); got != 5 {
		t.Errorf("count[cookieB] = %d, want 5", got)
	}
	if got := get(t, o.lastA, cookieA); got != argA {
		t.Errorf("ax at the last entry of targetA = %d, want its argument %d", got, argA)
	}
	if got := get(t, o.lastA, cookieB); got != argB {
		t.Errorf("ax at the last entry of targetB = %d, want its argument %d", got, argB)
	}
}

// startChild starts the test binary as a helper that will call targetA n
// times once release is called, and returns its pid.
func startChild(t *testing.T, n int) (pid int, release func() error) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	cmd := exec.Command(testBinary(t).path)
	cmd.Env = append(os.Environ(), childEnv+"="+strconv.Itoa(n))
	cmd.ExtraFiles = []*os.File{r}
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waited := false
	t.Cleanup(func() {
		if !waited {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	r.Close()
	return cmd.Process.Pid, func() error {
		if _, err := w.Write([]byte{1}); err != nil {
			return err
		}
		w.Close()
		waited = true
		return cmd.Wait()
	}
}

// TestPIDFilter: a link filtered on this process does not see a child's
// calls, and a link filtered on the child sees only the child's calls.
func TestPIDFilter(t *testing.T) {
	o := load(t)
	bin := testBinary(t)
	offA := bin.funcOffset(t, targetA)
	const cookieSelf, cookieChild, cookieAll = 0x5E1F, 0xC41D, 0xA11
	const selfCalls, childCalls = 2, 4

	childPID, release := startChild(t, childCalls)
	attach(t, o.entry, &opts.UprobeMulti{Path: bin.path, Offsets: []uint64{offA},
		Cookies: []uint64{cookieSelf}, PID: uint32(os.Getpid())})
	attach(t, o.entry, &opts.UprobeMulti{Path: bin.path, Offsets: []uint64{offA},
		Cookies: []uint64{cookieChild}, PID: uint32(childPID)})
	attach(t, o.entry, &opts.UprobeMulti{Path: bin.path, Offsets: []uint64{offA},
		Cookies: []uint64{cookieAll}})

	callA(t, 1, selfCalls)
	if err := release(); err != nil {
		t.Fatalf("child %d: %v", childPID, err)
	}

	if got := get(t, o.counts, cookieSelf); got != selfCalls {
		t.Errorf("link with pid %d (this process) counted %d calls, want %d (the child's must not count)",
			os.Getpid(), got, selfCalls)
	}
	if got := get(t, o.counts, cookieChild); got != childCalls {
		t.Errorf("link with pid %d (the child) counted %d calls, want %d (this process's must not count)",
			childPID, got, childCalls)
	}
	if got := get(t, o.counts, cookieAll); got != selfCalls+childCalls {
		t.Errorf("link with pid 0 counted %d calls, want %d", got, selfCalls+childCalls)
	}
}

// TestReturnProbe: with BPF_F_UPROBE_MULTI_RETURN the program runs once per
// return, and sees the function's result in ax.
func TestReturnProbe(t *testing.T) {
	o := load(t)
	bin := testBinary(t)
	const cookieA, cookieB = 0x7E7A, 0x7E7B
	attach(t, o.ret, &opts.UprobeMulti{
		Path:    bin.path,
		Offsets: []uint64{bin.funcOffset(t, targetA), bin.funcOffset(t, targetB)},
		Cookies: []uint64{cookieA, cookieB},
		Flags:   opts.BPF_F_UPROBE_MULTI_RETURN,
	})

	_, resA := callA(t, 40, 4)
	_, resB := callB(t, 50, 6)

	if got := get(t, o.counts, cookieA); got != 4 {
		t.Errorf("returns of targetA counted: %d, want 4", got)
	}
	if got := get(t, o.counts, cookieB); got != 6 {
		t.Errorf("returns of targetB counted: %d, want 6", got)
	}
	if got := get(t, o.lastA, cookieA); got != resA {
		t.Errorf("ax at the last return of targetA = %d, want its result %d", got, resA)
	}
	if got := get(t, o.lastA, cookieB); got != resB {
		t.Errorf("ax at the last return of targetB = %d, want its result %d", got, resB)
	}
}

// semaphore reads a semaphore the kernel may have changed behind Go's back.
//
//go:noinline
func semaphore(p *uint16) uint16 { return *(*uint16)(unsafe.Pointer(p)) }

// waitSemaphore polls p until it holds want (the kernel updates it while
// registering or unregistering the uprobe, which close() finishes before it
// returns; the short poll only guards against deferred work).
func waitSemaphore(p *uint16, want uint16) uint16 {
	deadline := time.Now().Add(2 * time.Second)
	for {
		got := semaphore(p)
		if got == want || time.Now().After(deadline) {
			return got
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestRefCtrOffsets: a reference counter offset naming a 2-byte semaphore in
// this binary is accepted; the kernel increments the semaphore in this
// process while the link exists and decrements it when the link is closed.
func TestRefCtrOffsets(t *testing.T) {
	o := load(t)
	bin := testBinary(t)
	semOff := bin.varOffset(t, &refSemaphore)
	before := semaphore(&refSemaphore)

	const cookie = 0x5E3A
	fd, err := cgo.LinkCreate(o.entry, 0, opts.AttachTraceUprobeMulti, &opts.LinkCreate{UprobeMulti: &opts.UprobeMulti{
		Path:          bin.path,
		Offsets:       []uint64{bin.funcOffset(t, targetRef)},
		RefCtrOffsets: []uint64{semOff},
		Cookies:       []uint64{cookie},
	}})
	if err != nil {
		t.Fatalf("uprobe_multi link with ref_ctr_offsets: %v", err)
	}
	closed := false
	t.Cleanup(func() {
		if !closed {
			unix.Close(fd)
		}
	})

	if got := waitSemaphore(&refSemaphore, before+1); got != before+1 {
		t.Errorf("semaphore with the link = %d, want %d (one more than before)", got, before+1)
	}
	for i := range uint64(3) {
		if got := targetRef(i); got != i*7+3 {
			t.Fatalf("targetRef(%d) = %d", i, got)
		}
	}
	if got := get(t, o.counts, cookie); got != 3 {
		t.Errorf("count[cookie] = %d, want 3", got)
	}

	closed = true
	if err := unix.Close(fd); err != nil {
		t.Fatal(err)
	}
	if got := waitSemaphore(&refSemaphore, before); got != before {
		t.Errorf("semaphore after closing the link = %d, want %d (back to its value before)", got, before)
	}
}

// TestLinkInfo: bpf_link_get_info_by_fd reports the uprobe_multi link as it
// was created.
func TestLinkInfo(t *testing.T) {
	o := load(t)
	bin := testBinary(t)
	semOff := bin.varOffset(t, &infoSemaphore)
	u := &opts.UprobeMulti{
		Path:          bin.path,
		Offsets:       []uint64{bin.funcOffset(t, targetInfoE), bin.funcOffset(t, targetInfoF)},
		RefCtrOffsets: []uint64{semOff, semOff},
		Cookies:       []uint64{0xE1, 0xF2},
		PID:           uint32(os.Getpid()),
		Flags:         opts.BPF_F_UPROBE_MULTI_RETURN,
	}
	semBefore := semaphore(&infoSemaphore)
	fd := attach(t, o.ret, u)

	info := testenv.LinkInfo(t, fd)
	if info.Type != opts.LinkTypeUprobeMulti {
		t.Fatalf("link type %v, want %v", info.Type, opts.LinkTypeUprobeMulti)
	}
	if info.ID == 0 || info.ProgID == 0 {
		t.Errorf("link ID %d, program ID %d: want both nonzero", info.ID, info.ProgID)
	}
	want := &cgo.UprobeMultiLinkInfo{
		Path:          bin.path,
		Offsets:       u.Offsets,
		RefCtrOffsets: u.RefCtrOffsets,
		Cookies:       u.Cookies,
		Flags:         opts.BPF_F_UPROBE_MULTI_RETURN,
		PID:           uint32(os.Getpid()),
	}
	if diff := cmp.Diff(want, info.UprobeMulti); diff != "" {
		t.Errorf("uprobe_multi link info (-want +got):\n%s", diff)
	}
	// Both offsets name infoSemaphore.
	if got := waitSemaphore(&infoSemaphore, semBefore+2); got != semBefore+2 {
		t.Errorf("infoSemaphore = %d with two probes naming it, want %d", got, semBefore+2)
	}
	// The return probe runs: targetInfoE and targetInfoF return through it.
	if targetInfoE(1) != 15 || targetInfoF(1) != 18 {
		t.Fatal("targets computed wrong results")
	}
	if e, f := get(t, o.counts, 0xE1), get(t, o.counts, 0xF2); e != 1 || f != 1 {
		t.Errorf("counts for E, F = %d, %d; want 1, 1", e, f)
	}
}

// TestErrors: options Go can judge fail before any system call; a missing
// binary fails in the kernel.
func TestErrors(t *testing.T) {
	o := load(t)
	bin := testBinary(t)
	offA := bin.funcOffset(t, targetA)

	for _, tc := range []struct {
		name  string
		u     *opts.UprobeMulti
		field string
	}{
		{"cookies mismatch", &opts.UprobeMulti{Path: bin.path, Offsets: []uint64{offA, offA + 1},
			Cookies: []uint64{1}}, "UprobeMulti.Cookies"},
		{"empty path", &opts.UprobeMulti{Offsets: []uint64{offA}}, "UprobeMulti.Path"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// progFD -1: a system call would fail with EBADF as a *cgo.Error.
			for _, progFD := range []int{-1, o.entry} {
				allocs := cgo.OutstandingAllocations()
				fd, err := cgo.LinkCreate(progFD, 0, opts.AttachTraceUprobeMulti, &opts.LinkCreate{UprobeMulti: tc.u})
				if err == nil {
					unix.Close(fd)
					t.Fatalf("prog fd %d: link created, want an error", progFD)
				}
				var fe *opts.FieldError
				if !errors.As(err, &fe) {
					t.Fatalf("prog fd %d: error %v (%T), want *opts.FieldError", progFD, err, err)
				}
				var ce *cgo.Error
				if errors.As(err, &ce) {
					t.Fatalf("prog fd %d: error %v is a *cgo.Error: a system call was made", progFD, err)
				}
				if fe.Field != tc.field {
					t.Errorf("FieldError.Field = %q, want %q", fe.Field, tc.field)
				}
				testenv.WantErrno(t, err, unix.EINVAL, "")
				if got := cgo.OutstandingAllocations(); got != allocs {
					t.Errorf("outstanding C allocations %d, want %d as before the call", got, allocs)
				}
			}
		})
	}

	t.Run("missing binary", func(t *testing.T) {
		allocs := cgo.OutstandingAllocations()
		path := fmt.Sprintf("/nonexistent-golibbpf-%d/uprobe.test", os.Getpid())
		fd, err := cgo.LinkCreate(o.entry, 0, opts.AttachTraceUprobeMulti, &opts.LinkCreate{UprobeMulti: &opts.UprobeMulti{
			Path: path, Offsets: []uint64{offA}, Cookies: []uint64{1},
		}})
		if err == nil {
			unix.Close(fd)
			t.Fatalf("link created on %s", path)
		}
		var ce *cgo.Error
		if !errors.As(err, &ce) {
			t.Fatalf("error %v (%T), want *cgo.Error from the kernel", err, err)
		}
		testenv.WantErrno(t, err, unix.ENOENT, "bpf_link_create")
		if ce.Func != "bpf_link_create" {
			t.Errorf("cgo.Error.Func = %q, want bpf_link_create", ce.Func)
		}
		if got := cgo.OutstandingAllocations(); got != allocs {
			t.Errorf("outstanding C allocations %d, want %d as before the call", got, allocs)
		}
	})
}
