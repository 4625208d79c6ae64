package perfbuf_test

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
	"github.com/golibbpf/golibbpf/skel/perfbuf"
)

// events_perf is loaded once for the package (one program) and closed by
// TestMain.
var (
	once   sync.Once
	obj    *cgo.Object
	objErr error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if obj != nil {
		cgo.ObjectClose(obj)
	}
	os.Exit(code)
}

func events(t testing.TB) *cgo.Object {
	t.Helper()
	testenv.RequirePrivileged(t)
	path := testenv.BPFObject(t, "events_perf")
	once.Do(func() {
		o, err := cgo.ObjectOpenFile(path, nil)
		if err == nil {
			if err = cgo.ObjectLoad(o); err != nil {
				cgo.ObjectClose(o)
			}
		}
		obj, objErr = o, err
	})
	if objErr != nil {
		t.Fatalf("load events_perf: %v", objErr)
	}
	return obj
}

// produce writes count samples of size bytes on cpu; sample i has byte j
// equal to (first + i + j) & 0xff.
func produce(t testing.TB, cpu int, count, size, first uint64) {
	t.Helper()
	var args [3]uint64 = [3]uint64{count, size, first}
	in := make([]byte, 24)
	for i, a := range args {
		binary.LittleEndian.PutUint64(in[8*i:], a)
	}
	res, err := cgo.ProgTestRunOpts(testenv.ProgFD(t, events(t), "perf_produce"),
		&opts.TestRun{CtxIn: in, Flags: opts.BPF_F_TEST_RUN_ON_CPU, CPU: uint32(cpu)})
	if err != nil {
		t.Fatalf("produce on cpu %d: %v", cpu, err)
	}
	if res.Retval != 0 && res.Retval != uint32(count) {
		t.Logf("produce on cpu %d: %d outputs failed", cpu, res.Retval)
	}
}

func newReader(t *testing.T, o *perfbuf.Options) *perfbuf.Reader {
	t.Helper()
	r, err := perfbuf.NewReader(testenv.MapFD(t, events(t), "perf_events"), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// padded is the raw size the kernel reports for a sample of n bytes.
func padded(n int) int { return (n+4+7)&^7 - 4 }

func checkSample(t *testing.T, data []byte, size int, seq uint64) {
	t.Helper()
	if len(data) != padded(size) {
		t.Fatalf("sample %d: %d bytes, want %d (%d padded)", seq, len(data), padded(size), size)
	}
	for j := 0; j < size; j++ {
		if data[j] != byte(seq+uint64(j)) {
			t.Fatalf("sample %d: byte %d is %#x, want %#x", seq, j, data[j], byte(seq+uint64(j)))
		}
	}
}

// TestPerCPU: samples written on each CPU arrive from that CPU's ring, in
// order, with their bytes, through ReadInto and through Consume.
func TestPerCPU(t *testing.T) {
	events(t)
	fds := testenv.OpenFDs(t)
	r := newReader(t, nil)
	cpus := r.CPUs()
	if len(cpus) == 0 {
		t.Fatal("no CPUs")
	}
	const per = 60
	for _, cpu := range cpus {
		produce(t, cpu, per, uint64(20+cpu), uint64(cpu)*1000)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	seen := map[int]int{}
	var rec perfbuf.Record
	for n := 0; n < per*len(cpus); n++ {
		if err := r.ReadInto(ctx, &rec); err != nil {
			t.Fatalf("ReadInto after %d samples: %v", n, err)
		}
		if rec.Lost != 0 {
			t.Fatalf("lost %d samples", rec.Lost)
		}
		i := seen[rec.CPU]
		seen[rec.CPU]++
		checkSample(t, rec.Data, 20+rec.CPU, uint64(rec.CPU)*1000+uint64(i))
	}
	for _, cpu := range cpus {
		if seen[cpu] != per {
			t.Errorf("cpu %d: %d samples, want %d", cpu, seen[cpu], per)
		}
	}

	// Many rounds through Consume wrap each ring around; wrapped samples
	// come out whole.
	for round := uint64(0); round < 40; round++ {
		for _, cpu := range cpus {
			produce(t, cpu, 30, 100+round, round)
		}
		got := map[int]int{}
		n, err := r.Consume(func(cpu int, data []byte) error {
			checkSample(t, data, int(100+round), round+uint64(got[cpu]))
			got[cpu]++
			return nil
		})
		if err != nil || n != 30*len(cpus) {
			t.Fatalf("round %d: Consume = %d, %v", round, n, err)
		}
	}
	if r.Lost() != 0 {
		t.Fatalf("Lost() = %d", r.Lost())
	}
	r.Close()
	if got := testenv.OpenFDs(t); got != fds {
		t.Fatalf("%d fds open after Close, %d before NewReader", got, fds)
	}
}

// TestLost: a one-page ring overflows; the samples that fit arrive, the
// loss is reported (as a Record and in Lost) when the kernel next writes on
// that CPU, and nothing hangs.
func TestLost(t *testing.T) {
	r := newReader(t, &perfbuf.Options{Pages: 1})
	cpu := r.CPUs()[0]
	const sent, size = 1000, 200
	produce(t, cpu, sent, size, 0)
	got := 0
	if _, err := r.Consume(func(c int, data []byte) error {
		checkSample(t, data, size, uint64(got))
		got++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got == 0 || got >= sent {
		t.Fatalf("%d of %d samples arrived through a one-page ring", got, sent)
	}
	produce(t, cpu, 1, size, 7)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var rec perfbuf.Record
	if err := r.ReadInto(ctx, &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Lost != uint64(sent-got) || len(rec.Data) != 0 || rec.CPU != cpu {
		t.Fatalf("got %+v, want a loss of %d on cpu %d", rec, sent-got, cpu)
	}
	if err := r.ReadInto(ctx, &rec); err != nil {
		t.Fatal(err)
	}
	checkSample(t, rec.Data, size, 7)
	if r.Lost() != uint64(sent-got) {
		t.Fatalf("Lost() = %d, want %d", r.Lost(), sent-got)
	}
}

// TestWatermark: with a watermark, a waiting Poll is not woken by a small
// sample but is once enough bytes are in the ring.
func TestWatermark(t *testing.T) {
	r := newReader(t, &perfbuf.Options{Pages: 4, Watermark: 4096})
	cpu := r.CPUs()[0]
	done := make(chan int, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		n, _ := r.Poll(ctx, func(int, []byte) error { return nil })
		done <- n
	}()
	time.Sleep(30 * time.Millisecond)
	produce(t, cpu, 1, 64, 0)
	select {
	case n := <-done:
		t.Fatalf("Poll woke for %d bytes under the watermark (%d samples)", 64, n)
	case <-time.After(200 * time.Millisecond):
	}
	produce(t, cpu, 40, 200, 0)
	select {
	case n := <-done:
		// The wake-up may come while the program is still writing:
		// the rest is there to consume right after.
		rest, err := r.Consume(func(int, []byte) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		if n+rest != 41 {
			t.Fatalf("Poll got %d samples and Consume %d after it, want 41 in all", n, rest)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Poll did not wake above the watermark")
	}
}

// TestCloseAndErrors: Close wakes a blocked read; reads after Close return
// ErrClosed; bad maps and options are refused before anything is opened.
func TestCloseAndErrors(t *testing.T) {
	r := newReader(t, nil)
	done := make(chan error, 1)
	go func() {
		var rec perfbuf.Record
		done <- r.ReadInto(context.Background(), &rec)
	}()
	time.Sleep(30 * time.Millisecond)
	r.Close()
	select {
	case err := <-done:
		if !errors.Is(err, perfbuf.ErrClosed) {
			t.Fatalf("blocked ReadInto after Close: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not wake the blocked read")
	}
	if _, err := r.Consume(func(int, []byte) error { return nil }); !errors.Is(err, perfbuf.ErrClosed) {
		t.Fatalf("Consume after Close: %v", err)
	}

	fds := testenv.OpenFDs(t)
	ring, err := cgo.MapCreate(opts.MapTypeRingBuf, "evt_rb", 0, 0, 4096, nil)
	if err != nil {
		t.Fatal(err)
	}
	testenv.CloseAtEnd(t, ring)
	_, err = perfbuf.NewReader(ring, nil)
	testenv.WantErrno(t, err, unix.EINVAL, "not perf_event_array")
	perf := testenv.MapFD(t, events(t), "perf_events")
	_, err = perfbuf.NewReader(perf, &perfbuf.Options{Pages: 3})
	testenv.WantErrno(t, err, unix.EINVAL, "Pages")
	_, err = perfbuf.NewReader(perf, &perfbuf.Options{Watermark: 10, WakeupEvents: 2})
	testenv.WantErrno(t, err, unix.EINVAL, "exclusive")
	_, err = perfbuf.NewReader(-1, nil)
	testenv.WantErrno(t, err, unix.EBADF, "")
	if got := testenv.OpenFDs(t); got != fds+1 {
		t.Fatalf("%d fds open after the refused readers, want %d", got, fds+1)
	}
}
