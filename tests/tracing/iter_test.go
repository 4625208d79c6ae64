package tracing

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
)

// lines splits out into its non-empty lines, sorted.
func lines(out string) []string {
	var l []string
	for _, s := range strings.Split(out, "\n") {
		if s != "" {
			l = append(l, s)
		}
	}
	slices.Sort(l)
	return l
}

// TestIterMapElem binds a bpf_map_elem iterator to one map with
// IterInfo.Map, and checks that the link info names that map's ID and that
// reading the iterator prints exactly that map's entries, for each of two maps.
//
// Where the platform's policy refuses iter/bpf_map_elem programs at load (the
// kernel answers EPERM, as it does for fentry and lsm), the test checks that
// refusal instead: the error wraps EPERM and names bpf_object__load.
func TestIterMapElem(t *testing.T) {
	testenv.NoLeaks(t)
	obj, err := openTracing(t, func(name string) bool { return name == mapIterProg })
	if err != nil {
		testenv.WantErrno(t, err, unix.EPERM, "bpf_object__load")
		t.Logf("this kernel refuses %s (iter/bpf_map_elem) at load: %v", mapIterProg, err)
		return
	}
	prog := testenv.ProgFD(t, obj, mapIterProg)
	mapA := testenv.MapFD(t, obj, "iter_map_a")
	mapB := testenv.MapFD(t, obj, "iter_map_b")

	entriesA := map[uint32]uint64{1: 100, 2: 200, 3: 3_000_000_000_000}
	entriesB := map[uint32]uint64{7: 700, 8: 800}
	for k, v := range entriesA {
		testenv.Update(t, mapA, k, v)
	}
	for k, v := range entriesB {
		testenv.Update(t, mapB, k, v)
	}
	want := func(entries map[uint32]uint64) []string {
		var l []string
		for k, v := range entries {
			l = append(l, fmt.Sprintf("key=%d value=%d", k, v))
		}
		slices.Sort(l)
		return l
	}

	for _, tc := range []struct {
		name    string
		fd      int
		entries map[uint32]uint64
		other   int
	}{
		{"iter_map_a", mapA, entriesA, mapB},
		{"iter_map_b", mapB, entriesB, mapA},
	} {
		t.Run(tc.name, func(t *testing.T) {
			link := testenv.LinkCreate(t, prog, 0, opts.AttachTraceIter,
				&opts.LinkCreate{IterInfo: &opts.IterLinkInfo{Map: &opts.IterMap{MapFD: uint32(tc.fd)}}})

			info := testenv.LinkInfo(t, link)
			if info.Type != opts.LinkTypeIter || info.Iter == nil {
				t.Fatalf("link info type = %s (iter member %v), want iter", info.Type, info.Iter)
			}
			if info.Iter.TargetName != "bpf_map_elem" {
				t.Errorf("link info target = %q, want bpf_map_elem", info.Iter.TargetName)
			}
			id, otherID := testenv.ObjID(t, tc.fd), testenv.ObjID(t, tc.other)
			if info.Iter.MapID != id {
				t.Errorf("link info map ID = %d, want %d (%s; the other map is %d)", info.Iter.MapID, id, tc.name, otherID)
			}

			if diff := cmp.Diff(want(tc.entries), lines(testenv.ReadIter(t, link))); diff != "" {
				t.Errorf("iterator output (-want +got):\n%s", diff)
			}
		})
	}
}

// taskLine is one line of dump_task's output.
type taskLine struct{ TID, PID int }

func parseTasks(t *testing.T, out string) []taskLine {
	t.Helper()
	var tasks []taskLine
	for _, l := range lines(out) {
		var tl taskLine
		if _, err := fmt.Sscanf(l, "tid=%d pid=%d", &tl.TID, &tl.PID); err != nil {
			t.Fatalf("iterator line %q: %v", l, err)
		}
		tasks = append(tasks, tl)
	}
	return tasks
}

// threadsOf lists /proc/<pid>/task.
func threadsOf(t *testing.T, pid int) []int {
	t.Helper()
	ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		t.Fatal(err)
	}
	var tids []int
	for _, e := range ents {
		tid, err := strconv.Atoi(e.Name())
		if err != nil {
			t.Fatalf("/proc/%d/task/%s: %v", pid, e.Name(), err)
		}
		tids = append(tids, tid)
	}
	return tids
}

// TestIterTask binds a task iterator with IterInfo.Task to one thread (TID),
// to this process (PID) and to a child's pidfd (PIDFD), and checks the link
// info's tid/pid and that the iterator prints exactly the matching threads;
// an unbound task iterator, for contrast, prints both processes.
func TestIterTask(t *testing.T) {
	testenv.NoLeaks(t)
	obj := loadTracing(t)
	prog := testenv.ProgFD(t, obj, "dump_task")
	pid := unix.Getpid()

	// A single-threaded child process: an unbound walk must show it, one bound
	// to this process must not, and one bound to its pidfd must show only it.
	child := exec.Command("sleep", "60")
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		child.Process.Kill()
		child.Wait()
	})
	childPID := child.Process.Pid

	t.Run("TID", func(t *testing.T) {
		// A thread other than the main one, kept alive by the lock.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		tid := unix.Gettid()

		link := testenv.LinkCreate(t, prog, 0, opts.AttachTraceIter,
			&opts.LinkCreate{IterInfo: &opts.IterLinkInfo{Task: &opts.IterTask{TID: uint32(tid)}}})
		info := testenv.LinkInfo(t, link)
		if info.Type != opts.LinkTypeIter || info.Iter == nil {
			t.Fatalf("link info type = %s (iter member %v), want iter", info.Type, info.Iter)
		}
		if info.Iter.TargetName != "task" {
			t.Errorf("link info target = %q, want task", info.Iter.TargetName)
		}
		if info.Iter.TID != uint32(tid) || info.Iter.PID != 0 {
			t.Errorf("link info tid, pid = %d, %d; want %d, 0", info.Iter.TID, info.Iter.PID, tid)
		}

		got := parseTasks(t, testenv.ReadIter(t, link))
		if diff := cmp.Diff([]taskLine{{TID: tid, PID: pid}}, got); diff != "" {
			t.Errorf("iterator output for tid %d (-want +got):\n%s", tid, diff)
		}
	})

	t.Run("PID", func(t *testing.T) {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		tid := unix.Gettid()

		link := testenv.LinkCreate(t, prog, 0, opts.AttachTraceIter,
			&opts.LinkCreate{IterInfo: &opts.IterLinkInfo{Task: &opts.IterTask{PID: uint32(pid)}}})
		info := testenv.LinkInfo(t, link)
		if info.Type != opts.LinkTypeIter || info.Iter == nil {
			t.Fatalf("link info type = %s (iter member %v), want iter", info.Type, info.Iter)
		}
		if info.Iter.PID != uint32(pid) || info.Iter.TID != 0 {
			t.Errorf("link info tid, pid = %d, %d; want 0, %d", info.Iter.TID, info.Iter.PID, pid)
		}

		// Go may start threads at any time: the output must lie between
		// the threads listed before and after the walk.
		before := threadsOf(t, pid)
		got := parseTasks(t, testenv.ReadIter(t, link))
		after := threadsOf(t, pid)
		if len(got) < 2 {
			t.Fatalf("iterator printed %v; a Go test process has several threads", got)
		}
		var tids []int
		for _, tl := range got {
			if tl.PID != pid {
				t.Errorf("iterator printed %+v, a thread of another process (want only pid %d)", tl, pid)
			}
			if !slices.Contains(before, tl.TID) && !slices.Contains(after, tl.TID) {
				t.Errorf("iterator printed tid %d, not in /proc/%d/task (%v, then %v)", tl.TID, pid, before, after)
			}
			if tl.PID == childPID || tl.TID == childPID {
				t.Errorf("iterator bound to pid %d printed the child %+v", pid, tl)
			}
			tids = append(tids, tl.TID)
		}
		for _, want := range []int{pid, tid} {
			if !slices.Contains(tids, want) {
				t.Errorf("iterator output %v lacks thread %d", tids, want)
			}
		}
		for _, b := range before {
			if slices.Contains(after, b) && !slices.Contains(tids, b) {
				t.Errorf("thread %d lived through the walk but was not printed (printed %v)", b, tids)
			}
		}
	})

	t.Run("PIDFD", func(t *testing.T) {
		pidfd, err := unix.PidfdOpen(childPID, 0)
		if err != nil {
			t.Fatalf("pidfd_open(%d): %v", childPID, err)
		}
		testenv.CloseAtEnd(t, pidfd)
		link := testenv.LinkCreate(t, prog, 0, opts.AttachTraceIter,
			&opts.LinkCreate{IterInfo: &opts.IterLinkInfo{Task: &opts.IterTask{PIDFD: uint32(pidfd)}}})
		info := testenv.LinkInfo(t, link)
		if info.Iter == nil || info.Iter.PID != uint32(childPID) || info.Iter.TID != 0 {
			t.Errorf("link info iter = %+v, want pid %d and no tid", info.Iter, childPID)
		}
		got := parseTasks(t, testenv.ReadIter(t, link))
		if diff := cmp.Diff([]taskLine{{TID: childPID, PID: childPID}}, got); diff != "" {
			t.Errorf("iterator output for the child's pidfd (-want +got):\n%s", diff)
		}
	})

	t.Run("All", func(t *testing.T) {
		// Without IterInfo the same program walks every task: the child
		// and this process both appear, unlike in the bound walks above.
		link := testenv.LinkCreate(t, prog, 0, opts.AttachTraceIter, nil)
		info := testenv.LinkInfo(t, link)
		if info.Iter == nil || info.Iter.TID != 0 || info.Iter.PID != 0 {
			t.Errorf("link info iter = %+v, want no tid or pid", info.Iter)
		}
		seen := map[int]bool{}
		for _, tl := range parseTasks(t, testenv.ReadIter(t, link)) {
			seen[tl.PID] = true
		}
		if !seen[childPID] || !seen[pid] {
			t.Errorf("unbound task iterator saw the child %d: %v, this process %d: %v", childPID, seen[childPID], pid, seen[pid])
		}
	})
}

// TestIterInfoOnNonIterAttachType: an IterInfo with an attach type other
// than trace_iter is refused in Go, before any system call: with fds the
// kernel would answer EBADF for, the error is still the *opts.FieldError
// (EINVAL), and no C memory is taken.
func TestIterInfoOnNonIterAttachType(t *testing.T) {
	testenv.NoLeaks(t)
	for _, at := range []opts.AttachType{opts.AttachPerfEvent, opts.AttachTraceRawTP, opts.AttachCgroupInetIngress} {
		before := cgo.OutstandingAllocations()
		_, err := cgo.LinkCreate(-1, -1, at,
			&opts.LinkCreate{IterInfo: &opts.IterLinkInfo{Map: &opts.IterMap{MapFD: 3}}})
		var ferr *opts.FieldError
		if !errors.As(err, &ferr) {
			t.Fatalf("LinkCreate(IterInfo, %s) = %v (%T), want *opts.FieldError", at, err, err)
		}
		if !errors.Is(err, unix.EINVAL) {
			t.Errorf("LinkCreate(IterInfo, %s) = %v, want EINVAL", at, err)
		}
		if ferr.Field != "IterInfo" || ferr.Struct != "bpf_link_create_opts" {
			t.Errorf("FieldError names %s.%s, want bpf_link_create_opts.IterInfo", ferr.Struct, ferr.Field)
		}
		var cerr *cgo.Error
		if errors.As(err, &cerr) {
			t.Errorf("LinkCreate(IterInfo, %s) = %v came from libbpf (%s), want Go's validation", at, err, cerr.Func)
		}
		if after := cgo.OutstandingAllocations(); after != before {
			t.Errorf("C allocations went from %d to %d", before, after)
		}
	}
}
