package skel_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
	"github.com/golibbpf/golibbpf/skel"
)

func TestOpenListsProgramsMapsAndData(t *testing.T) {
	obj := open(t, "skel_basic", nil)
	if obj.Name() != "skel_basic" {
		t.Errorf("Name() = %q", obj.Name())
	}
	var progs []string
	for _, p := range obj.Programs() {
		progs = append(progs, p.Name()+"@"+p.Section())
	}
	want := "on_getppid@tp/syscalls/sys_enter_getppid bare_kprobe@kprobe count_xdp@xdp"
	if got := strings.Join(progs, " "); got != want {
		t.Errorf("programs: %s, want %s", got, want)
	}
	var data []string
	for _, d := range obj.DataSections() {
		data = append(data, d.Name())
	}
	for _, name := range []string{".bss", ".data", ".rodata", ".data.custom", ".rodata.custom"} {
		if _, err := obj.DataSection(name); err != nil {
			t.Errorf("DataSection(%q): %v (have %v)", name, err, data)
		}
	}
	p := must[*skel.Program](t)(obj.Program("count_xdp"))
	if p.Type() != opts.ProgTypeXDP || p.SectionInfo().Definition == nil {
		t.Errorf("count_xdp: type %v, section %+v", p.Type(), p.SectionInfo())
	}
	m := must[*skel.Map](t)(obj.Map("hash"))
	if m.Type() != opts.MapTypeHash || m.KeySize() != 4 || m.ValueSize() != 16 || m.MaxEntries() != 1024 {
		t.Errorf("hash: %v key %d value %d max %d", m.Type(), m.KeySize(), m.ValueSize(), m.MaxEntries())
	}
	if _, err := obj.Map(".bss"); err != nil {
		t.Errorf("Map(.bss): %v", err)
	}
	_, err := obj.Program("nope")
	wantIs(t, err, skel.ErrNotFound)
	_, err = obj.Map("nope")
	wantIs(t, err, skel.ErrNotFound)
	_, err = obj.DataSection(".nope")
	wantIs(t, err, skel.ErrNotFound)
}

func TestOpenMemAndBadInput(t *testing.T) {
	testenv.RequirePrivileged(t)
	testenv.NoLeaks(t)
	elf, err := os.ReadFile(testenv.BPFObject(t, "skel_basic"))
	if err != nil {
		t.Fatal(err)
	}
	obj, err := skel.OpenMem(elf, &skel.OpenOptions{ObjectName: "frommem"})
	if err != nil {
		t.Fatal(err)
	}
	if obj.Name() != "frommem" || len(obj.Programs()) != 3 {
		t.Errorf("name %q, %d programs", obj.Name(), len(obj.Programs()))
	}
	obj.Destroy()
	for name, b := range map[string][]byte{"empty": nil, "truncated": elf[:100], "not ELF": []byte("hello, world")} {
		if _, err := skel.OpenMem(b, nil); err == nil {
			t.Errorf("%s: opened", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
	_, err = skel.Open("/nonexistent.bpf.o", nil)
	wantIs(t, err, unix.ENOENT)
}

func TestPhases(t *testing.T) {
	obj := open(t, "skel_basic", nil)
	p := must[*skel.Program](t)(obj.Program("count_xdp"))
	m := must[*skel.Map](t)(obj.Map("array"))

	_, err := p.FD()
	wantIs(t, err, skel.ErrNotLoaded)
	wantIs(t, obj.Attach(nil), skel.ErrNotLoaded)
	_, err = p.Attach()
	wantIs(t, err, skel.ErrNotLoaded)
	wantIs(t, m.Lookup(make([]byte, 4), make([]byte, 8)), skel.ErrNotLoaded)

	// The open phase: setters work.
	if err := m.SetMaxEntries(32); err != nil {
		t.Fatal(err)
	}
	if err := p.SetLogLevel(1); err != nil {
		t.Fatal(err)
	}
	bare := must[*skel.Program](t)(obj.Program("bare_kprobe"))
	if err := bare.SetAutoload(false); err != nil {
		t.Fatal(err)
	}
	if obj.Loaded() {
		t.Fatal("Loaded before Load")
	}
	if err := obj.Load(); err != nil {
		t.Fatalf("%+v", err)
	}
	if !obj.Loaded() || m.MaxEntries() != 32 {
		t.Fatalf("Loaded %v, max entries %d", obj.Loaded(), m.MaxEntries())
	}
	if p.VerifierLog() == "" {
		t.Error("log level 1 but no verifier log kept")
	}
	_, err = bare.FD()
	wantIs(t, err, skel.ErrNotLoaded)

	// Too late for the open phase.
	wantIs(t, obj.Load(), skel.ErrLoaded)
	wantIs(t, p.SetAutoload(false), skel.ErrLoaded)
	wantIs(t, p.SetType(opts.ProgTypeKprobe), skel.ErrLoaded)
	wantIs(t, m.SetMaxEntries(1), skel.ErrLoaded)
	wantIs(t, m.SetValueSize(16), skel.ErrLoaded)
	if fd, err := p.FD(); err != nil || fd <= 0 {
		t.Fatalf("FD() = %d, %v", fd, err)
	}
}

func TestUseAfterDestroy(t *testing.T) {
	testenv.RequirePrivileged(t)
	testenv.NoLeaks(t)
	obj, err := skel.Open(testenv.BPFObject(t, "skel_basic"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := obj.Load(); err != nil {
		t.Fatal(err)
	}
	p := must[*skel.Program](t)(obj.Program("count_xdp"))
	m := must[*skel.Map](t)(obj.Map("array"))
	bss := must[*skel.DataSection](t)(obj.DataSection(".bss"))
	tm := must[*skel.TypedMap[uint32, uint64]](t)(skel.MapOf[uint32, uint64](m))
	tp := must[*skel.Program](t)(obj.Program("on_getppid"))
	l := must[*skel.Link](t)(tp.Attach())
	if err := obj.Destroy(); err != nil {
		t.Fatal(err)
	}
	if err := obj.Destroy(); err != nil {
		t.Fatalf("second Destroy: %v", err)
	}
	if obj.Loaded() {
		t.Error("Loaded after Destroy")
	}
	_, err = obj.Program("count_xdp")
	wantIs(t, err, skel.ErrDestroyed)
	_, err = p.FD()
	wantIs(t, err, skel.ErrDestroyed)
	_, err = p.Attach()
	wantIs(t, err, skel.ErrDestroyed)
	_, err = p.TestRun(nil)
	wantIs(t, err, skel.ErrDestroyed)
	wantIs(t, p.SetAutoload(true), skel.ErrDestroyed)
	wantIs(t, obj.Load(), skel.ErrDestroyed)
	wantIs(t, obj.Attach(nil), skel.ErrDestroyed)
	wantIs(t, obj.Detach(), skel.ErrDestroyed)
	wantIs(t, m.Lookup(make([]byte, 4), make([]byte, 8)), skel.ErrDestroyed)
	_, err = tm.Lookup(0)
	wantIs(t, err, skel.ErrDestroyed)
	_, err = m.FD()
	wantIs(t, err, skel.ErrDestroyed)
	_, err = bss.ReadAt(make([]byte, 8), 0)
	wantIs(t, err, skel.ErrDestroyed)
	_, err = bss.Bytes()
	wantIs(t, err, skel.ErrDestroyed)
	_, err = skel.View[basicBss](bss)
	wantIs(t, err, skel.ErrDestroyed)
	_, err = skel.MapOf[uint32, uint64](m)
	wantIs(t, err, skel.ErrDestroyed)
	wantIs(t, l.Pin("/sys/fs/bpf/x"), skel.ErrDestroyed)
	_, err = l.Info()
	wantIs(t, err, skel.ErrDestroyed)
	if l.FD() != -1 || l.Destroy() != nil {
		t.Error("link FD or Destroy after Destroy")
	}
	if p.Type() != 0 || m.KeySize() != 0 || len(obj.Links()) != 0 {
		t.Error("getters after Destroy")
	}
}

func TestVerifierRejection(t *testing.T) {
	obj := open(t, "skel_verifier", nil)
	err := obj.Load()
	var le *skel.LoadError
	if !errors.As(err, &le) {
		t.Fatalf("Load: %v (%T), want a *skel.LoadError", err, err)
	}
	if !errors.Is(err, unix.EACCES) {
		t.Errorf("%v does not wrap EACCES", err)
	}
	line := fmt.Sprintf("%v", err)
	want := `load program "unchecked" (section "xdp") of object "skel_verifier": permission denied`
	if line != want {
		t.Errorf("%%v = %q\nwant %q", line, want)
	}
	full := fmt.Sprintf("%+v", err)
	if !strings.HasPrefix(full, want+"\nverifier log:\n") || !strings.Contains(full, "invalid mem access") {
		t.Errorf("%%+v lacks the verifier log:\n%s", full)
	}
	p := must[*skel.Program](t)(obj.Program("unchecked"))
	if p.VerifierLog() != le.Log || le.Log == "" {
		t.Errorf("VerifierLog() = %q, LoadError.Log = %q", p.VerifierLog(), le.Log)
	}
	// A failed Load is final.
	wantIs(t, obj.Load(), skel.ErrLoaded)
	wantIs(t, obj.Attach(nil), skel.ErrNotLoaded)
}

func TestTestRunAndData(t *testing.T) {
	obj := open(t, "skel_basic", nil)
	ro := must[*skel.DataSection](t)(obj.DataSection(".rodata"))
	data := must[*skel.DataSection](t)(obj.DataSection(".data"))
	custom := must[*skel.DataSection](t)(obj.DataSection(".rodata.custom"))
	if ro.ReadOnly() {
		t.Error(".rodata read-only before Load")
	}
	// Before Load: the initial values, writable.
	v := must[*basicRodata](t)(skel.View[basicRodata](ro))
	v.XDPMagic = 1000
	b := must[[]byte](t)(data.Bytes())
	if len(b) != 8 || b[0] != 42 {
		t.Fatalf(".data before load: %v", b)
	}
	if _, err := data.WriteAt([]byte{50}, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := skel.View[[3]uint64](ro); err == nil {
		t.Error("View of a 24-byte type on a 16-byte section accepted")
	}
	if err := obj.Load(); err != nil {
		t.Fatal(err)
	}
	// After Load: the mmaped maps.
	bss := must[*skel.DataSection](t)(obj.DataSection(".bss"))
	bv := must[*basicBss](t)(skel.View[basicBss](bss))
	p := must[*skel.Program](t)(obj.Program("count_xdp"))
	r, err := p.TestRun(&opts.TestRun{DataIn: make([]byte, 64)})
	if err != nil {
		t.Fatal(err)
	}
	if r.Retval != 2 { // XDP_PASS
		t.Errorf("retval %d", r.Retval)
	}
	if bv.XDPSeen != 1000+9+50 {
		t.Errorf("xdp_seen = %d, want %d", bv.XDPSeen, 1000+9+50)
	}
	bv.XDPSeen = 0 // a plain write, read back through the map
	var got [24]byte
	if _, err := bss.ReadAt(got[:], 0); err != nil || got[16] != 0 {
		t.Errorf("ReadAt: %v %v", got, err)
	}
	for _, d := range []*skel.DataSection{ro, custom} {
		if !d.ReadOnly() {
			t.Errorf("%s not read-only after Load", d.Name())
		}
		_, err := d.WriteAt([]byte{1}, 0)
		wantIs(t, err, skel.ErrReadOnly)
	}
	var rv [16]byte
	if _, err := ro.ReadAt(rv[:], 0); err != nil || rv[8] != 1000&0xff {
		t.Errorf(".rodata after load: %v %v", rv, err)
	}
	array := must[*skel.TypedMap[uint32, uint64]](t)(skel.MapOf[uint32, uint64](must[*skel.Map](t)(obj.Map("array"))))
	if n, err := array.Lookup(0); err != nil || n != 1 {
		t.Errorf("array[0] = %d, %v after one run", n, err)
	}
}

func TestLogger(t *testing.T) {
	rec := &recorder{}
	obj := open(t, "skel_verifier", &skel.OpenOptions{Logger: newLogger(rec)})
	if err := obj.Load(); err == nil {
		t.Fatal("loaded")
	}
	recs := rec.all()
	var warned bool
	for _, r := range recs {
		if r.attrs["object"] != "skel_verifier" || r.attrs["source"] != "libbpf" {
			t.Errorf("record %q has attrs %v", r.msg, r.attrs)
		}
		if r.level == "WARN" && strings.Contains(r.msg, "unchecked") {
			warned = true
		}
		if strings.HasPrefix(r.msg, "libbpf: ") {
			t.Errorf("message keeps libbpf's prefix: %q", r.msg)
		}
	}
	if !warned {
		t.Errorf("no warning about program unchecked among %d records", len(recs))
	}
}

func TestResourcesReleased(t *testing.T) {
	testenv.RequirePrivileged(t)
	testenv.NoLeaks(t)
	before := testenv.OpenFDs(t)
	for i := 0; i < 3; i++ {
		obj, err := skel.Open(testenv.BPFObject(t, "skel_basic"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := obj.Load(); err != nil {
			t.Fatal(err)
		}
		if err := obj.Attach(nil); err != nil {
			t.Fatal(err)
		}
		if len(obj.Links()) != 1 {
			t.Fatalf("%d links", len(obj.Links()))
		}
		if err := obj.Destroy(); err != nil {
			t.Fatal(err)
		}
	}
	if after := testenv.OpenFDs(t); after != before {
		t.Errorf("%d fds open before, %d after", before, after)
	}
	if n := cgo.OutstandingAllocations(); n != 0 {
		t.Errorf("%d C allocations outstanding", n)
	}
}
