// Command uprobe probes Go functions of its own binary with one
// uprobe_multi link, and tells the probes apart by their attach cookies.
//
// The program of bpf/uprobe.bpf.c is in a bare SEC("uprobe.multi"), so
// Attach leaves it alone; the command attaches it by hand with
// Program.AttachUprobeMulti to three functions of this binary (targets.go),
// each with its own cookie, for its own pid only. It then calls two of them
// a known number of times and checks the hits per cookie in the program's
// hash map, read through the skeleton's typed map.
//
// The probes need the functions' places in the binary. When the binary has
// a symbol table (go build) libbpf finds them by name (Syms); `go run`
// strips the symbol table, and then the command works out the file offsets
// itself (Offsets, see offsets.go). It needs root.
//
// Run it from the repository's root (make bpf compiles bpf/uprobe.bpf.c; go
// generate ./examples/uprobe regenerates uprobe_skel.go from the object):
//
//	make bpf && go run ./examples/uprobe
package main

//go:generate go run ../../cmd/skelgen gen -type Uprobe -package main -o uprobe_skel.go bpf/uprobe.bpf.o

import (
	"errors"
	"fmt"
	"os"

	"github.com/golibbpf/golibbpf/opts"
	"github.com/golibbpf/golibbpf/skel"
)

// A probe is a probed function, its cookie and how often it gets called.
type probe struct {
	fn     func(uint64) uint64
	cookie uint64
	calls  int
}

// notCalled is probed but never called: it must get no entry in the map.
var probes = []probe{
	{square, 0x1001, 3},
	{double, 0x2002, 5},
	{notCalled, 0x3003, 0},
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "uprobe:", err)
		os.Exit(1)
	}
}

func run() error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	var fns []func(uint64) uint64
	var cookies []uint64
	for _, p := range probes {
		fns = append(fns, p.fn)
		cookies = append(cookies, p.cookie)
	}
	loc, err := locate(self, fns)
	if err != nil {
		return err
	}
	// Cookies[i] goes with Syms[i] (or Offsets[i]).
	o := &opts.UprobeMultiAttach{Cookies: cookies}
	if loc.syms != nil {
		o.Syms = loc.syms
		fmt.Printf("probing %v of %s by name\n", loc.syms, self)
	} else {
		o.Offsets = loc.offsets
		fmt.Printf("probing %v of %s at file offsets %#x (it has no symbol table)\n", loc.names, self, loc.offsets)
	}

	sk, err := OpenAndLoadUprobe(nil)
	if err != nil {
		return err
	}
	defer sk.Destroy()
	// A bare SEC("uprobe.multi") names no target: Attach skips it.
	if err := sk.Attach(nil); err != nil {
		return err
	}
	if sk.Links.CountHits != nil {
		return errors.New("sk.Attach attached the bare uprobe.multi program")
	}
	// One link for the three probes, firing in this process only. Stored
	// in Links, it is destroyed with the skeleton.
	sk.Links.CountHits, err = sk.Progs.CountHits.AttachUprobeMulti(os.Getpid(), self, "", o)
	if err != nil {
		return err
	}
	info, err := sk.Links.CountHits.Info()
	if err != nil {
		return err
	}
	um := info.UprobeMulti
	if um == nil || len(um.Cookies) != len(probes) || um.PID != uint32(os.Getpid()) {
		return fmt.Errorf("link info %+v does not show a uprobe_multi link with %d probes for pid %d", info, len(probes), os.Getpid())
	}
	fmt.Printf("attached count_hits: uprobe_multi link %d, pid %d, offsets %#x, cookies %#x\n", info.ID, um.PID, um.Offsets, um.Cookies)

	for _, p := range probes {
		for i := range p.calls {
			p.fn(uint64(i))
		}
	}

	// The hits per cookie, through the typed view of the hash map.
	for i, p := range probes {
		n, err := sk.Typed.Hits.Lookup(p.cookie)
		if errors.Is(err, skel.ErrKeyNotExist) {
			n, err = 0, nil
		}
		if err != nil {
			return err
		}
		fmt.Printf("  cookie %#x, %-16s called %d times, %d hits\n", p.cookie, loc.names[i]+":", p.calls, n)
		if n != uint64(p.calls) {
			return fmt.Errorf("cookie %#x: %d hits, want %d", p.cookie, n, p.calls)
		}
	}
	if err := sk.Destroy(); err != nil {
		return err
	}
	fmt.Println("done: skeleton destroyed")
	return nil
}
