package skel_test

import (
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/skel"
)

// Example opens an object, sets a .rodata constant, loads it, attaches its
// programs (a tracepoint; a bare SEC("kprobe") is skipped), sees the
// tracepoint run through the mmaped .bss, and destroys everything. It
// needs root, as loading programs does.
func Example() {
	obj, err := skel.Open(filepath.Join(testenv.Root(), "tests/testdata/skel_basic.bpf.o"), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer obj.Destroy()
	fmt.Print("programs:")
	for _, p := range obj.Programs() {
		fmt.Print(" ", p.Name())
	}
	fmt.Println()

	// Before Load, .rodata is libbpf's writable copy.
	rodata, err := obj.DataSection(".rodata")
	if err != nil {
		log.Fatal(err)
	}
	ro, err := skel.View[struct {
		TargetTGID uint32
		_          uint32
		XDPMagic   uint64
	}](rodata)
	if err != nil {
		log.Fatal(err)
	}
	ro.TargetTGID = uint32(os.Getpid())

	if err := obj.Load(); err != nil {
		log.Fatalf("%+v", err) // %+v prints the verifier log
	}
	if err := obj.Attach(nil); err != nil {
		log.Fatal(err)
	}
	fmt.Println("links:", len(obj.Links()))

	// After Load, .bss is the map's mmaped memory.
	bss, err := obj.DataSection(".bss")
	if err != nil {
		log.Fatal(err)
	}
	counters, err := skel.View[struct{ TPHits, KprobeHits, XDPSeen uint64 }](bss)
	if err != nil {
		log.Fatal(err)
	}
	unix.Getppid()
	fmt.Println("tracepoint ran:", counters.TPHits > 0)

	obj.Destroy()
	_, err = obj.Program("on_getppid")
	fmt.Println("after destroy:", errors.Is(err, skel.ErrDestroyed))
	// Output:
	// programs: on_getppid bare_kprobe count_xdp
	// links: 1
	// tracepoint ran: true
	// after destroy: true
}
