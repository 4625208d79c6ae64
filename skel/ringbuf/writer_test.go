package ringbuf_test

import (
	"context"
	"encoding/binary"
	"errors"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
	"github.com/golibbpf/golibbpf/skel/ringbuf"
)

// drainResult is struct drain_result of events_ringbuf.bpf.c.
type drainResult struct {
	Records, Bytes, SeqSum, Disorder, BadBytes, LastSeq uint64
	Ret                                                 int64
}

// drain runs the drain program once over user_ring.
func drain(t *testing.T) drainResult {
	t.Helper()
	var r drainResult
	in := unsafe.Slice((*byte)(unsafe.Pointer(&r)), unsafe.Sizeof(r))
	res, err := cgo.ProgTestRunOpts(testenv.ProgFD(t, events(t), "drain"), &opts.TestRun{CtxIn: in})
	if err != nil {
		t.Fatal(err)
	}
	copy(in, res.CtxIn)
	return r
}

// userRecord fills b as the drain program checks it: sequence number, then
// byte j equal to (seq + j) & 0xff.
func userRecord(b []byte, seq uint64) {
	for j := range b {
		b[j] = byte(seq + uint64(j))
	}
	binary.LittleEndian.PutUint64(b, seq)
}

// TestWriter: records reserved, filled and submitted from Go reach BPF in
// order with their bytes; discarded ones are skipped; a full ring says
// ErrFull until BPF drains it; a reserved but unsubmitted record holds the
// ones after it back.
func TestWriter(t *testing.T) {
	noFDLeak(t)
	w, err := ringbuf.NewWriter(testenv.MapFD(t, events(t), "user_ring"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	drain(t) // empty whatever an earlier test left

	var want drainResult
	seq := uint64(1)
	for i := 0; i < 300; i++ {
		size := 16 + i%180
		b, err := w.Reserve(size)
		if err != nil {
			t.Fatalf("Reserve(%d) #%d: %v", size, i, err)
		}
		userRecord(b, seq)
		if i%5 == 4 {
			if err := w.Discard(b); err != nil {
				t.Fatal(err)
			}
		} else {
			if err := w.Submit(b); err != nil {
				t.Fatal(err)
			}
			want.Records++
			want.Bytes += uint64(size)
			want.SeqSum += seq
			want.LastSeq = seq
		}
		seq++
	}
	got := drain(t)
	want.Ret = int64(want.Records)
	if got != want {
		t.Fatalf("drain saw %+v, want %+v", got, want)
	}

	// Fill the ring: ErrFull, then room again after a drain.
	n := 0
	for ; ; n++ {
		b, err := w.Reserve(1000)
		if errors.Is(err, ringbuf.ErrFull) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		userRecord(b, seq)
		seq++
		w.Submit(b)
	}
	if want := w.Size() / 1008; n != want || !errors.Is(ringbuf.ErrFull, unix.ENOSPC) {
		t.Fatalf("%d 1000-byte records fit in a %d-byte ring, want %d", n, w.Size(), want)
	}
	if got := drain(t); got.Records != uint64(n) || got.BadBytes != 0 || got.Disorder != 0 {
		t.Fatalf("drain of the full ring: %+v", got)
	}
	if err := w.Write(make([]byte, 1000)); err != nil {
		t.Fatalf("Write after the drain: %v", err)
	}
	drain(t)

	// A record reserved and not submitted holds back the one after it.
	a, _ := w.Reserve(32)
	userRecord(a, seq)
	b, _ := w.Reserve(32)
	userRecord(b, seq+1)
	w.Submit(b)
	if got := drain(t); got.Records != 0 {
		t.Fatalf("drain passed a busy record: %+v", got)
	}
	w.Submit(a)
	if got := drain(t); got.Records != 2 || got.Disorder != 0 || got.BadBytes != 0 {
		t.Fatalf("drain after submitting the busy record: %+v", got)
	}

	// Misuse.
	if _, err := w.Reserve(w.Size()); !errors.Is(err, unix.E2BIG) {
		t.Errorf("Reserve(ring size): %v", err)
	}
	if _, err := w.Reserve(0); !errors.Is(err, unix.EINVAL) {
		t.Errorf("Reserve(0): %v", err)
	}
	if err := w.Submit(make([]byte, 16)); !errors.Is(err, unix.EINVAL) {
		t.Errorf("Submit of Go memory: %v", err)
	}
	if err := w.Submit(b); !errors.Is(err, unix.EINVAL) {
		t.Errorf("Submit twice: %v", err)
	}
}

// TestReserveWait: a ReserveWait on a full ring returns once BPF drains
// it, and a blocked one returns ErrClosed when the Writer is closed.
func TestReserveWait(t *testing.T) {
	noFDLeak(t)
	w, err := ringbuf.NewWriter(testenv.MapFD(t, events(t), "user_ring"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	drain(t)
	seq := uint64(1)
	filled := uint64(0)
	for {
		b, err := w.Reserve(2000)
		if errors.Is(err, ringbuf.ErrFull) {
			break
		}
		userRecord(b, seq)
		seq++
		filled++
		w.Submit(b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		b, err := w.ReserveWait(ctx, 2000)
		if err == nil {
			userRecord(b, seq)
			err = w.Submit(b)
		}
		done <- err
	}()
	time.Sleep(30 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("ReserveWait on a full ring returned %v", err)
	default:
	}
	// The drain makes room as it goes; the new record may be drained by
	// this drain or by the next.
	d1 := drain(t)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	d2 := drain(t)
	if d1.Records+d2.Records != filled+1 || d1.BadBytes+d2.BadBytes != 0 {
		t.Fatalf("drains after ReserveWait: %+v then %+v, want %d records", d1, d2, filled+1)
	}

	for w.Write(make([]byte, 2000)) == nil {
	}
	go func() {
		_, err := w.ReserveWait(context.Background(), 2000)
		done <- err
	}()
	time.Sleep(30 * time.Millisecond)
	w.Close()
	if err := <-done; !errors.Is(err, ringbuf.ErrClosed) {
		t.Fatalf("ReserveWait after Close: %v", err)
	}
	if _, err := w.Reserve(8); !errors.Is(err, ringbuf.ErrClosed) {
		t.Fatalf("Reserve after Close: %v", err)
	}
	// Leave the ring empty for other tests.
	drain(t)
}
