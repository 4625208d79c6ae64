package nettest

import (
	"slices"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
)

// tcx_counts / tcx_order slots of the programs in net.bpf.c.
const (
	slotA = iota
	slotB
	slotC
	slotD
	slotE
	slotOut
	slotOut2
	slotF
)

func TestTCXLink(t *testing.T) {
	testenv.NoLeaks(t)
	ns := testenv.NewNetns(t)
	obj := testenv.LoadObject(t, "net")
	counts := testenv.MapFD(t, obj, "tcx_counts")
	order := testenv.MapFD(t, obj, "tcx_order")
	prog := map[int]int{}
	pid := map[int]uint32{}
	for slot, name := range map[int]string{slotA: "tcx_a", slotB: "tcx_b", slotC: "tcx_c", slotD: "tcx_d",
		slotE: "tcx_e", slotF: "tcx_f", slotOut: "tcx_out", slotOut2: "tcx_out2"} {
		prog[slot] = testenv.ProgFD(t, obj, name)
		pid[slot] = testenv.ObjID(t, prog[slot])
	}
	lo := ns.Ifindex(t, "lo")

	query := func(at opts.AttachType) *opts.ProgQueryResult {
		t.Helper()
		r, err := cgo.ProgQueryOpts(lo, at, &opts.ProgQuery{Max: 8, WantLinks: true})
		if err != nil {
			t.Fatalf("ProgQueryOpts(%d, %s): %v", lo, at, err)
		}
		return r
	}
	wantInfo := func(what string, fd int, progSlot int, ifindex int, at opts.AttachType) *cgo.LinkInfo {
		t.Helper()
		info := testenv.LinkInfo(t, fd)
		if info.Type != opts.LinkTypeTCX || info.TCX == nil {
			t.Fatalf("%s: link type %s, want tcx", what, info.Type)
		}
		if info.ProgID != pid[progSlot] {
			t.Errorf("%s: link prog ID %d, want %d", what, info.ProgID, pid[progSlot])
		}
		if want := (cgo.TCXLinkInfo{Ifindex: uint32(ifindex), AttachType: at}); *info.TCX != want {
			t.Errorf("%s: tcx link info %+v, want %+v", what, *info.TCX, want)
		}
		return info
	}

	ns.Do(t, func() {
		// Egress.
		out := testenv.LinkCreate(t, prog[slotOut], lo, opts.AttachTCXEgress, nil)
		wantInfo("egress", out, slotOut, lo, opts.AttachTCXEgress)

		// Ingress, ordered: A; B before A (by fd); C after A (by ID);
		// D before link C (BPF_F_LINK, by fd); E after link B (BPF_F_LINK, by
		// ID) at the expected revision.
		la := testenv.LinkCreate(t, prog[slotA], lo, opts.AttachTCXIngress, nil)
		lb := testenv.LinkCreate(t, prog[slotB], lo, opts.AttachTCXIngress,
			&opts.LinkCreate{Flags: opts.BPF_F_BEFORE, TCX: &opts.TCX{RelativeFD: uint32(prog[slotA])}})
		lc := testenv.LinkCreate(t, prog[slotC], lo, opts.AttachTCXIngress,
			&opts.LinkCreate{Flags: opts.BPF_F_AFTER, TCX: &opts.TCX{RelativeID: pid[slotA]}})
		ld := testenv.LinkCreate(t, prog[slotD], lo, opts.AttachTCXIngress,
			&opts.LinkCreate{Flags: opts.BPF_F_BEFORE | opts.BPF_F_LINK, TCX: &opts.TCX{RelativeFD: uint32(lc)}})
		infoB := wantInfo("B", lb, slotB, lo, opts.AttachTCXIngress)

		rev := query(opts.AttachTCXIngress).Revision
		le := testenv.LinkCreate(t, prog[slotE], lo, opts.AttachTCXIngress, &opts.LinkCreate{
			Flags: opts.BPF_F_AFTER | opts.BPF_F_LINK,
			TCX:   &opts.TCX{RelativeID: infoB.ID, ExpectedRevision: rev}})
		// rev is stale now.
		fd, err := cgo.LinkCreate(prog[slotF], lo, opts.AttachTCXIngress,
			&opts.LinkCreate{TCX: &opts.TCX{ExpectedRevision: rev}})
		if err == nil {
			unix.Close(fd)
			t.Fatal("LinkCreate with a stale expected revision succeeded")
		}
		testenv.WantErrno(t, err, unix.ESTALE, "bpf_link_create")

		// Go-side check: both RelativeFD and RelativeID.
		_, err = cgo.LinkCreate(prog[slotF], lo, opts.AttachTCXIngress, &opts.LinkCreate{
			Flags: opts.BPF_F_BEFORE, TCX: &opts.TCX{RelativeFD: uint32(prog[slotA]), RelativeID: pid[slotA]}})
		wantFieldError(t, err, unix.EINVAL)

		links := map[int]int{slotA: la, slotB: lb, slotC: lc, slotD: ld, slotE: le}
		linkID := map[int]uint32{}
		for slot, fd := range links {
			linkID[slot] = wantInfo("ingress", fd, slot, lo, opts.AttachTCXIngress).ID
		}
		wantOrder := func(what string, slots []int, progSlots []int) {
			t.Helper()
			r := query(opts.AttachTCXIngress)
			var wantProgs, wantLinks []uint32
			for i, s := range slots {
				wantProgs = append(wantProgs, pid[progSlots[i]])
				wantLinks = append(wantLinks, linkID[s])
			}
			if r.Count != uint32(len(slots)) || !slices.Equal(r.ProgIDs, wantProgs) || !slices.Equal(r.LinkIDs, wantLinks) {
				t.Fatalf("%s: query count %d progs %v links %v, want %d %v %v",
					what, r.Count, r.ProgIDs, r.LinkIDs, len(slots), wantProgs, wantLinks)
			}
		}
		wantOrder("attached", []int{slotB, slotE, slotA, slotD, slotC}, []int{slotB, slotE, slotA, slotD, slotC})
		if r := query(opts.AttachTCXIngress); r.Revision != rev+1 {
			t.Errorf("revision %d after one more attach, want %d", r.Revision, rev+1)
		}
		if r := query(opts.AttachTCXEgress); !slices.Equal(r.ProgIDs, []uint32{pid[slotOut]}) {
			t.Errorf("egress programs %v, want [%d]", r.ProgIDs, pid[slotOut])
		}

		// One packet over lo runs the egress program, then the ingress ones
		// in the queried order.
		p := newUDPPair(t, "udp4", "127.0.0.1:0")
		before := map[int]uint64{}
		for s := slotA; s <= slotF; s++ {
			before[s] = counter(t, counts, uint32(s))
		}
		p.exchange(t, 1)
		for s := slotA; s <= slotF; s++ {
			want := uint64(1)
			if s == slotOut2 || s == slotF {
				want = 0
			}
			if d := counter(t, counts, uint32(s)) - before[s]; d != want {
				t.Errorf("tcx program %d ran %d times, want %d", s, d, want)
			}
		}
		var seq []uint64
		for _, s := range []int{slotOut, slotB, slotE, slotA, slotD, slotC} {
			seq = append(seq, counter(t, order, uint32(s)))
		}
		for i := 1; i < len(seq); i++ {
			if seq[i] != seq[i-1]+1 {
				t.Errorf("run order (egress, B, E, A, D, C) got sequence numbers %v, want consecutive", seq)
				break
			}
		}

		// Update: link A now runs F, in A's place.
		if err := cgo.LinkUpdate(la, prog[slotF], nil); err != nil {
			t.Fatalf("LinkUpdate(tcx): %v", err)
		}
		wantInfo("A updated", la, slotF, lo, opts.AttachTCXIngress)
		wantOrder("after update", []int{slotB, slotE, slotA, slotD, slotC}, []int{slotB, slotE, slotF, slotD, slotC})
		a0, f0 := counter(t, counts, slotA), counter(t, counts, slotF)
		p.exchange(t, 1)
		if a, f := counter(t, counts, slotA)-a0, counter(t, counts, slotF)-f0; a != 0 || f != 1 {
			t.Errorf("after update A ran %d times and F %d, want 0 and 1", a, f)
		}

		// Update of the egress link too.
		if err := cgo.LinkUpdate(out, prog[slotOut2], nil); err != nil {
			t.Fatalf("LinkUpdate(tcx egress): %v", err)
		}
		wantInfo("egress updated", out, slotOut2, lo, opts.AttachTCXEgress)

		// Detach D: its fd stays, its info loses the ifindex, it no longer runs.
		if err := cgo.LinkDetach(ld); err != nil {
			t.Fatalf("LinkDetach(tcx): %v", err)
		}
		wantInfo("D detached", ld, slotD, 0, opts.AttachTCXIngress)
		wantOrder("after detach", []int{slotB, slotE, slotA, slotC}, []int{slotB, slotE, slotF, slotC})
		d0, c0 := counter(t, counts, slotD), counter(t, counts, slotC)
		p.exchange(t, 1)
		if d, c := counter(t, counts, slotD)-d0, counter(t, counts, slotC)-c0; d != 0 || c != 1 {
			t.Errorf("after detach D ran %d times and C %d, want 0 and 1", d, c)
		}
	})
}
