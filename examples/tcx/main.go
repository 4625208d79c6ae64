// Command tcx shows the ordering of tcx programs: several programs on one
// hook, each placed relative to another with BPF_F_BEFORE or BPF_F_AFTER.
//
// It makes two private network namespaces joined by a veth pair, and
// attaches the three tcx/ingress programs of bpf/tcx.bpf.c to one end by
// hand (Program.AttachTCX), in this order:
//
//   - first, with no options: appended to the (empty) chain;
//   - second, with BPF_F_BEFORE relative to first's link (BPF_F_LINK and
//     first's link fd);
//   - third, with BPF_F_AFTER relative to first's program fd, and the
//     chain's revision as ExpectedRevision (a concurrent change would make
//     the attach fail with ESTALE).
//
// The chain is then second, first, third. The command shows it as the
// kernel reports it (bpf_prog_query) and as the programs ran: each appends
// its id to a log in .bss when a UDP datagram to the port set in .rodata
// arrives. It checks both, destroys first's link, checks that a second
// datagram runs only second and third, and deletes the namespaces, and with
// them the veth pair. It needs root and ip(8).
//
// Run it from the repository's root (make bpf compiles bpf/tcx.bpf.c; go
// generate ./examples/tcx regenerates tcx_skel.go from the object):
//
//	make bpf && go run ./examples/tcx
package main

//go:generate go run ../../cmd/skelgen gen -type TCX -package main -o tcx_skel.go bpf/tcx.bpf.o

import (
	"fmt"
	"os"
	"slices"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/examples/internal/testbed"
	"github.com/golibbpf/golibbpf/opts"
	"github.com/golibbpf/golibbpf/skel"
)

const port = 7201

// names are the programs by the id they log.
var names = map[uint8]string{1: "first", 2: "second", 3: "third"}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "tcx:", err)
		os.Exit(1)
	}
}

func run() error {
	tb, err := testbed.New("tcx")
	if err != nil {
		return err
	}
	defer tb.Close()
	fmt.Println("veth pair:", tb)

	sk, err := OpenTCX(nil)
	if err != nil {
		return err
	}
	defer sk.Destroy()
	sk.Rodata.Port = port
	if err := sk.Load(); err != nil {
		return err
	}
	// The kernel looks the ifindex up in the namespace of the attaching
	// thread: attach (and query) from inside a.
	var chain *opts.ProgQueryResult
	if err := tb.A.Do(func() (err error) {
		chain, err = attach(sk, tb.IfindexA)
		return err
	}); err != nil {
		return err
	}

	// The chain as the kernel reports it, mapped back to our programs.
	byProgID := map[uint32]string{}
	for _, pl := range []struct {
		name string
		l    *skel.Link
	}{{"first", sk.Links.First}, {"second", sk.Links.Second}, {"third", sk.Links.Third}} {
		name, l := pl.name, pl.l
		info, err := l.Info()
		if err != nil {
			return err
		}
		if info.TCX == nil || int(info.TCX.Ifindex) != tb.IfindexA || info.TCX.AttachType != opts.AttachTCXIngress {
			return fmt.Errorf("%s: link info %+v does not show a tcx ingress link on ifindex %d", name, info, tb.IfindexA)
		}
		byProgID[info.ProgID] = name
		fmt.Printf("  link %d: program %s (id %d), tcx ingress of ifindex %d\n", info.ID, name, info.ProgID, info.TCX.Ifindex)
	}
	var queried []string
	for _, id := range chain.ProgIDs {
		queried = append(queried, byProgID[id])
	}
	fmt.Printf("bpf_prog_query: revision %d, chain %v\n", chain.Revision, queried)
	if want := []string{"second", "first", "third"}; !slices.Equal(queried, want) {
		return fmt.Errorf("the kernel reports the chain %v, want %v", queried, want)
	}

	// Each program logs its id as it runs.
	if err := sendDatagram(tb, "one"); err != nil {
		return err
	}
	if err := checkLog(sk, []string{"second", "first", "third"}); err != nil {
		return err
	}

	// Destroying a link takes its program out; the others keep their order.
	if err := sk.Links.First.Destroy(); err != nil {
		return err
	}
	if err := sendDatagram(tb, "two"); err != nil {
		return err
	}
	if err := checkLog(sk, []string{"second", "first", "third", "second", "third"}); err != nil {
		return err
	}

	if err := sk.Destroy(); err != nil {
		return err
	}
	if err := tb.Close(); err != nil {
		return err
	}
	fmt.Println("done: skeleton destroyed, namespaces and veth pair deleted")
	return nil
}

// attach attaches first, second before first, and third after first, to
// the tcx ingress hook of ifindex, and returns the resulting chain. It runs
// in the interface's namespace.
func attach(sk *TCX, ifindex int) (*opts.ProgQueryResult, error) {
	var err error
	if sk.Links.First, err = sk.Progs.First.AttachTCX(ifindex, nil); err != nil {
		return nil, err
	}
	sk.Links.Second, err = sk.Progs.Second.AttachTCX(ifindex, &opts.TCXAttach{
		Flags:      opts.BPF_F_BEFORE | opts.BPF_F_LINK,
		RelativeFD: uint32(sk.Links.First.FD()),
	})
	if err != nil {
		return nil, err
	}
	chain, err := query(ifindex)
	if err != nil {
		return nil, err
	}
	firstFD, err := sk.Progs.First.FD()
	if err != nil {
		return nil, err
	}
	sk.Links.Third, err = sk.Progs.Third.AttachTCX(ifindex, &opts.TCXAttach{
		Flags:            opts.BPF_F_AFTER,
		RelativeFD:       uint32(firstFD),
		ExpectedRevision: chain.Revision,
	})
	if err != nil {
		return nil, err
	}
	fmt.Println("attached first; second before first's link; third after first's program, at revision", chain.Revision)
	return query(ifindex)
}

// query returns the programs on the tcx ingress hook of ifindex, in the
// order they run.
func query(ifindex int) (*opts.ProgQueryResult, error) {
	return cgo.ProgQueryOpts(ifindex, opts.AttachTCXIngress, &opts.ProgQuery{Max: 8, WantLinks: true})
}

// checkLog compares the programs' run log in .bss with want.
func checkLog(sk *TCX, want []string) error {
	// sk.Bss is the kernel's mmaped .bss: no system call.
	n := min(int(sk.Bss.Runs), len(sk.Bss.RunLog))
	var ran []string
	for _, id := range sk.Bss.RunLog[:n] {
		ran = append(ran, names[id])
	}
	fmt.Printf("run log: %v\n", ran)
	if int(sk.Bss.Runs) != len(want) || !slices.Equal(ran, want) {
		return fmt.Errorf("the programs ran %d times as %v, want %v", sk.Bss.Runs, ran, want)
	}
	return nil
}

// sendDatagram sends msg from b to a UDP socket on port in a, and waits
// for it: by then it went through the tcx chain.
func sendDatagram(tb *testbed.Testbed, msg string) error {
	u, err := tb.DialUDP(port)
	if err != nil {
		return err
	}
	defer u.Close()
	return u.Send(msg)
}
