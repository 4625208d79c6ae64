// Command tracepoint counts system calls with a classic tracepoint and
// reads the count from the kernel's memory without a system call.
//
// The program of bpf/tracepoint.bpf.c runs at every getppid() on the
// machine (tracepoint syscalls/sys_enter_getppid) and counts, in .bss, the
// calls of one process: the one named by the .rodata constant target_pid,
// which this command sets to its own pid between Open and Load (after Load
// the kernel freezes .rodata, and a write is refused). It then
// calls getppid() a number of times and checks, through the skeleton's
// typed view of the mmaped .bss (sk.Bss.Calls), that the program counted
// exactly those calls. It needs root and tracefs (/sys/kernel/tracing).
//
// Run it from the repository's root (make bpf compiles bpf/tracepoint.bpf.c; go
// generate ./examples/tracepoint regenerates tracepoint_skel.go from the object):
//
//	make bpf && go run ./examples/tracepoint
package main

//go:generate go run ../../cmd/skelgen gen -type Tracepoint -package main -o tracepoint_skel.go bpf/tracepoint.bpf.o

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"sync/atomic"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/skel"
)

func main() {
	n := flag.Int("n", 1000, "how many getppid() calls to make")
	flag.Parse()
	if err := run(*n); err != nil {
		fmt.Fprintln(os.Stderr, "tracepoint:", err)
		os.Exit(1)
	}
}

func run(n int) error {
	sk, err := OpenTracepoint(nil)
	if err != nil {
		return err
	}
	defer sk.Destroy()

	// .rodata is writable until Load; the verifier then sees a constant.
	pid := os.Getpid()
	sk.Rodata.TargetPid = uint32(pid)
	if err := sk.Load(); err != nil {
		return err
	}
	// From now on the kernel holds .rodata frozen: a write is refused.
	rodata, err := sk.Obj.DataSection(".rodata")
	if err != nil {
		return err
	}
	if _, err := rodata.WriteAt([]byte{0}, 0); !errors.Is(err, skel.ErrReadOnly) {
		return fmt.Errorf("writing .rodata after Load: got %v, want skel.ErrReadOnly", err)
	}
	// SEC("tp/syscalls/sys_enter_getppid") names its target: Attach needs
	// no options.
	if err := sk.Attach(nil); err != nil {
		return err
	}
	if sk.Links.CountGetppid == nil {
		return fmt.Errorf("count_getppid was not attached")
	}
	fmt.Printf("attached count_getppid to syscalls/sys_enter_getppid, counting pid %d\n", pid)

	// After Load, sk.Bss points at the kernel's mmaped .bss: these loads are
	// plain memory reads. Atomic loads, because the program writes
	// concurrently.
	if c := atomic.LoadUint64(&sk.Bss.Calls); c != 0 {
		return fmt.Errorf("the program counted %d calls before we made any", c)
	}
	for range n {
		unix.Getppid()
	}
	calls := atomic.LoadUint64(&sk.Bss.Calls)
	tid := atomic.LoadUint32(&sk.Bss.LastTid)
	fmt.Printf("made %d getppid() calls; the program counted %d of ours (the last by thread %d) and %d by other processes\n",
		n, calls, tid, atomic.LoadUint64(&sk.Bss.Others))
	if calls != uint64(n) {
		return fmt.Errorf("the program counted %d calls, want %d", calls, n)
	}
	if _, err := os.Stat(fmt.Sprintf("/proc/self/task/%d", tid)); err != nil {
		return fmt.Errorf("the last counted call came from thread %d, which is not ours: %v", tid, err)
	}
	if err := sk.Destroy(); err != nil {
		return err
	}
	fmt.Println("done: skeleton destroyed")
	return nil
}
