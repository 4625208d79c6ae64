package ringbuf_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/golibbpf/golibbpf/internal/testenv"

	"github.com/golibbpf/golibbpf/skel/ringbuf"
)

// ReadInto holds a lease on the rings' memory between calls while a batch
// lasts (see ReadInto and Close). These tests cover Close meeting it.

// mappedMaps counts this process's mappings of BPF maps.
func mappedMaps(t testing.TB) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(b, []byte("anon_inode:bpf-map"))
}

// leasedReader returns a Reader that has read 10 of 100 ready records with
// ReadInto, so it holds the lease, and the fd and mapping counts from
// before NewReader. The caller closes the Reader.
func leasedReader(t *testing.T) (r *ringbuf.Reader, fds, maps int) {
	t.Helper()
	ring := newRing(t, 64<<10)
	p := newProducer(t, ring, 0)
	fds, maps = testenv.OpenFDs(t), mappedMaps(t)
	r, err := ringbuf.NewReader(ring)
	if err != nil {
		t.Fatal(err)
	}
	p.run(t, 100, 8, 1, 0, 0)
	checkRecords(t, readN(t, r, 10), expected(10, 8, 1, 0, 0))
	if got := mappedMaps(t); got != maps+2 {
		t.Fatalf("%d maps mapped with a Reader, %d before", got, maps)
	}
	return r, fds, maps
}

// TestCloseMidBatch: Close while ReadInto holds the lease closes the fds
// at once; the rings stay mapped until the next read, which returns
// ErrClosed and unmaps them.
func TestCloseMidBatch(t *testing.T) {
	noFDLeak(t)
	for _, next := range []string{"ReadInto", "Consume", "Records"} {
		t.Run(next, func(t *testing.T) {
			r, fds, maps := leasedReader(t)
			r.Close()
			if got := testenv.OpenFDs(t); got != fds {
				t.Fatalf("%d fds open after Close, %d before NewReader", got, fds)
			}
			if got := mappedMaps(t); got != maps+2 {
				t.Fatalf("%d maps mapped after Close mid-batch, want %d (unmapped by the next read)", got, maps+2)
			}
			var err error
			switch next {
			case "ReadInto":
				var rec ringbuf.Record
				err = r.ReadInto(context.Background(), &rec)
			case "Consume":
				_, err = r.Consume(func(int, []byte) error { return nil })
			case "Records":
				for _, err = range r.Records(context.Background()) {
				}
			}
			if !errors.Is(err, ringbuf.ErrClosed) {
				t.Fatalf("%s after Close: %v", next, err)
			}
			if got := mappedMaps(t); got != maps {
				t.Fatalf("%d maps mapped after %s, %d before NewReader", got, next, maps)
			}
		})
	}
}

// TestLeaseEndsWithOtherReads: a Consume after ReadInto gives the lease
// back, so a later Close frees everything at once.
func TestLeaseEndsWithOtherReads(t *testing.T) {
	noFDLeak(t)
	r, fds, maps := leasedReader(t)
	if got := consumeAll(t, r); len(got) != 90 {
		t.Fatalf("Consume after 10 ReadInto handed %d records, want 90", len(got))
	}
	r.Close()
	if got, gotMaps := testenv.OpenFDs(t), mappedMaps(t); got != fds || gotMaps != maps {
		t.Fatalf("after Close: %d fds, %d mappings; before NewReader: %d, %d", got, gotMaps, fds, maps)
	}
}

// TestCloseMidBatchCleanup: a Reader closed mid-batch and then dropped is
// unmapped by the garbage collector.
func TestCloseMidBatchCleanup(t *testing.T) {
	noFDLeak(t)
	r, fds, maps := leasedReader(t)
	r.Close()
	r = nil
	if got := testenv.OpenFDs(t); got != fds {
		t.Fatalf("%d fds open after Close, %d before NewReader", got, fds)
	}
	deadline := time.Now().Add(5 * time.Second)
	for mappedMaps(t) != maps {
		if time.Now().After(deadline) {
			t.Fatalf("%d maps still mapped, %d before NewReader", mappedMaps(t), maps)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}

// TestCloseDuringReadInto: Close from another goroutine while ReadInto
// copies records as fast as it can (so, mostly, while it holds the lease)
// never crashes the reader or hands it a wrong record; the reader then gets
// ErrClosed, and the fds and mappings are all released.
func TestCloseDuringReadInto(t *testing.T) {
	noFDLeak(t)
	const count = 10000
	want := expected(count, 16, 1, 0, 0)
	for round := 0; round < 20; round++ {
		ring := newRing(t, 256<<10)
		p := newProducer(t, ring, 0)
		fds, maps := testenv.OpenFDs(t), mappedMaps(t)
		r, err := ringbuf.NewReader(ring)
		if err != nil {
			t.Fatal(err)
		}
		p.run(t, count, 16, 1, 0, 0)
		started := make(chan struct{})
		done := make(chan error, 1)
		go func() {
			var rec ringbuf.Record
			for i := 0; ; i++ {
				if i == 100 {
					close(started)
				}
				if err := r.ReadInto(context.Background(), &rec); err != nil {
					done <- err
					return
				}
				if i >= count || !bytes.Equal(rec.Data, want[i]) {
					done <- fmt.Errorf("record %d: %x", i, rec.Data)
					return
				}
			}
		}()
		<-started
		// Close a little later each round.
		for i := 0; i < round*200; i++ {
			runtime.Gosched()
		}
		r.Close()
		if err := <-done; !errors.Is(err, ringbuf.ErrClosed) {
			t.Fatalf("round %d: ReadInto after Close: %v", round, err)
		}
		if got, gotMaps := testenv.OpenFDs(t), mappedMaps(t); got != fds || gotMaps != maps {
			t.Fatalf("round %d: after Close: %d fds, %d mappings; before NewReader: %d, %d", round, got, gotMaps, fds, maps)
		}
	}
}
