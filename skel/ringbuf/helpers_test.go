package ringbuf_test

import (
	"bytes"
	"encoding/binary"
	"os"
	"sync"
	"testing"
	"unsafe"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
)

// The events_ringbuf object is loaded once for the whole package (three
// programs), however many tests and benchmarks use it, and closed by
// TestMain.
var (
	eventsOnce sync.Once
	eventsObj  *cgo.Object
	eventsErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if eventsObj != nil {
		cgo.ObjectClose(eventsObj)
	}
	os.Exit(code)
}

// events returns the loaded events_ringbuf object.
func events(t testing.TB) *cgo.Object {
	t.Helper()
	testenv.RequirePrivileged(t)
	path := testenv.BPFObject(t, "events_ringbuf")
	eventsOnce.Do(func() {
		obj, err := cgo.ObjectOpenFile(path, nil)
		if err != nil {
			eventsErr = err
			return
		}
		if err := cgo.ObjectLoad(obj); err != nil {
			cgo.ObjectClose(obj)
			eventsErr = err
			return
		}
		eventsObj = obj
	})
	if eventsErr != nil {
		t.Fatalf("load events_ringbuf: %v", eventsErr)
	}
	return eventsObj
}

// newRing makes a BPF ring buffer of size bytes, closed at the end of the test.
func newRing(t testing.TB, size uint32) int {
	t.Helper()
	testenv.RequirePrivileged(t)
	fd, err := cgo.MapCreate(opts.MapTypeRingBuf, "evt_ring", 0, 0, size, nil)
	if err != nil {
		t.Fatal(err)
	}
	return testenv.CloseAtEnd(t, fd)
}

// produceArgs is struct produce_args of events_ringbuf.bpf.c.
type produceArgs struct {
	Slot, Count, MinSize, SizeSpan, DiscardEvery, First uint32
	Submitted, Discarded, Dropped, Errors               uint32
}

// producer runs the produce program into one ring.
type producer struct {
	prog, rings int
	slot        uint32
}

// newProducer puts ringFD in slot of the rings array for the produce program.
func newProducer(t testing.TB, ringFD int, slot uint32) *producer {
	t.Helper()
	obj := events(t)
	p := &producer{prog: testenv.ProgFD(t, obj, "produce"), rings: testenv.MapFD(t, obj, "rings"), slot: slot}
	v := uint32(ringFD)
	if err := cgo.MapUpdateElem(p.rings, unsafe.Pointer(&slot), unsafe.Pointer(&v), 0); err != nil {
		t.Fatalf("put ring %d in slot %d: %v", ringFD, slot, err)
	}
	return p
}

// run produces count records: record i has size min + i%span and sequence
// number first+i; every discardEvery-th is discarded.
func (p *producer) run(t testing.TB, count, min, span, discardEvery, first uint32) produceArgs {
	t.Helper()
	a := produceArgs{Slot: p.slot, Count: count, MinSize: min, SizeSpan: span, DiscardEvery: discardEvery, First: first}
	in := unsafe.Slice((*byte)(unsafe.Pointer(&a)), unsafe.Sizeof(a))
	res, err := cgo.ProgTestRunOpts(p.prog, &opts.TestRun{CtxIn: in})
	if err != nil {
		t.Fatalf("produce: %v", err)
	}
	copy(in, res.CtxIn)
	if a.Errors != 0 || res.Retval != 0 {
		t.Fatalf("produce: %d errors, retval %d", a.Errors, res.Retval)
	}
	if a.Submitted+a.Discarded+a.Dropped != count {
		t.Fatalf("produce: submitted %d + discarded %d + dropped %d != %d", a.Submitted, a.Discarded, a.Dropped, count)
	}
	return a
}

// expected returns the records run(count, min, span, discardEvery, first)
// submits when nothing is dropped, in order.
func expected(count, min, span, discardEvery, first uint32) [][]byte {
	var out [][]byte
	for i := uint32(0); i < count; i++ {
		if discardEvery != 0 && i%discardEvery == discardEvery-1 {
			continue
		}
		out = append(out, record(uint64(first+i), min+i%span))
	}
	return out
}

// record is the record with sequence number seq and size bytes.
func record(seq uint64, size uint32) []byte {
	b := make([]byte, size)
	for j := range b {
		b[j] = byte(seq + uint64(j))
	}
	if size >= 8 {
		binary.LittleEndian.PutUint64(b, seq)
	}
	return b
}

// checkRecords fails t unless got equals want record for record.
func checkRecords(t testing.TB, got, want [][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d records, want %d", len(got), len(want))
	}
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Fatalf("record %d: got %d bytes %x..., want %d bytes %x...", i, len(got[i]), head(got[i]), len(want[i]), head(want[i]))
		}
	}
}

func head(b []byte) []byte {
	if len(b) > 16 {
		return b[:16]
	}
	return b
}

// noFDLeak checks at the end of the test that as many fds are open as now.
// It loads the shared object first, so that its fds count as already open.
// Call it first in a test, so that its cleanup runs last.
func noFDLeak(t *testing.T) {
	t.Helper()
	events(t)
	before := testenv.OpenFDs(t)
	t.Cleanup(func() {
		if after := testenv.OpenFDs(t); after != before {
			t.Errorf("%d fds open after the test, %d before", after, before)
		}
	})
}
