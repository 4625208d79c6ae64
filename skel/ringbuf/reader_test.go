package ringbuf_test

import (
	"context"
	"encoding/binary"
	"errors"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
	"github.com/golibbpf/golibbpf/skel/ringbuf"
)

func newReader(t *testing.T, fd int, more ...int) *ringbuf.Reader {
	t.Helper()
	r, err := ringbuf.NewReader(fd, more...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// readN reads n records with ReadInto, failing after a few seconds.
func readN(t *testing.T, r *ringbuf.Reader, n int) [][]byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var rec ringbuf.Record
	out := make([][]byte, 0, n)
	for len(out) < n {
		if err := r.ReadInto(ctx, &rec); err != nil {
			t.Fatalf("ReadInto after %d of %d records: %v", len(out), n, err)
		}
		out = append(out, append([]byte(nil), rec.Data...))
	}
	return out
}

// consumeAll reads every ready record with Consume, copying them.
func consumeAll(t *testing.T, r *ringbuf.Reader) [][]byte {
	t.Helper()
	var out [][]byte
	n, err := r.Consume(func(ring int, data []byte) error {
		out = append(out, append([]byte(nil), data...))
		return nil
	})
	if err != nil || n != len(out) {
		t.Fatalf("Consume = %d, %v; handed %d", n, err, len(out))
	}
	return out
}

// TestReadIntoInOrder: records of sizes 1 to 1500 bytes, every seventh
// discarded by BPF, all arrive through ReadInto once, in order, with their
// bytes; the discarded ones never do, and then the ring is empty.
func TestReadIntoInOrder(t *testing.T) {
	noFDLeak(t)
	ring := newRing(t, 4<<20)
	p := newProducer(t, ring, 0)
	r := newReader(t, ring)
	a := p.run(t, 2000, 1, 1500, 7, 100)
	if a.Dropped != 0 || a.Discarded != 2000/7 {
		t.Fatalf("produce: %+v, want no drops and %d discards", a, 2000/7)
	}
	want := expected(2000, 1, 1500, 7, 100)
	checkRecords(t, readN(t, r, len(want)), want)
	if got := consumeAll(t, r); len(got) != 0 {
		t.Fatalf("%d records after the last one", len(got))
	}
}

// TestZeroCopy: Consume, Poll and Records hand out the same records in
// place.
func TestZeroCopy(t *testing.T) {
	noFDLeak(t)
	ring := newRing(t, 1<<20)
	p := newProducer(t, ring, 0)
	r := newReader(t, ring)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	t.Run("Consume", func(t *testing.T) {
		p.run(t, 500, 1, 700, 5, 1)
		checkRecords(t, consumeAll(t, r), expected(500, 1, 700, 5, 1))
	})
	t.Run("Poll", func(t *testing.T) {
		p.run(t, 500, 9, 300, 0, 1000)
		var got [][]byte
		n, err := r.Poll(ctx, func(ring int, data []byte) error {
			got = append(got, append([]byte(nil), data...))
			return nil
		})
		if err != nil || n != 500 {
			t.Fatalf("Poll = %d, %v", n, err)
		}
		checkRecords(t, got, expected(500, 9, 300, 0, 1000))
	})
	t.Run("Records", func(t *testing.T) {
		p.run(t, 500, 16, 1, 3, 5000)
		want := expected(500, 16, 1, 3, 5000)
		var got [][]byte
		for rec, err := range r.Records(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, append([]byte(nil), rec.Data...))
			if len(got) == len(want) {
				break
			}
		}
		checkRecords(t, got, want)
	})
	t.Run("CallbackError", func(t *testing.T) {
		p.run(t, 10, 8, 1, 0, 1)
		stop := errors.New("stop")
		var seen []uint64
		n, err := r.Consume(func(ring int, data []byte) error {
			seen = append(seen, binary.LittleEndian.Uint64(data))
			if len(seen) == 4 {
				return stop
			}
			return nil
		})
		if n != 4 || err != stop {
			t.Fatalf("Consume = %d, %v; want 4, stop", n, err)
		}
		// The record that returned the error was read; the rest come next.
		rest := consumeAll(t, r)
		if len(rest) != 6 || binary.LittleEndian.Uint64(rest[0]) != 5 {
			t.Fatalf("after the error: %d records, first %x", len(rest), head(rest[0]))
		}
	})
}

// TestWrapAround: a one-page ring, filled and read 300 times with records
// of 1 to 250 bytes, wraps around about a hundred times; records that
// straddle the end of the data area read as one piece.
func TestWrapAround(t *testing.T) {
	noFDLeak(t)
	ring := newRing(t, uint32(unix.Getpagesize()))
	p := newProducer(t, ring, 0)
	r := newReader(t, ring)
	seq := uint32(0)
	for round := 0; round < 300; round++ {
		const n = 13
		a := p.run(t, n, 1+uint32(round%7), 250, 0, seq)
		if a.Dropped != 0 {
			t.Fatalf("round %d: %d dropped", round, a.Dropped)
		}
		want := expected(n, 1+uint32(round%7), 250, 0, seq)
		if round%2 == 0 {
			checkRecords(t, readN(t, r, n), want)
		} else {
			checkRecords(t, consumeAll(t, r), want)
		}
		seq += n
	}
}

// TestFullRing: records that do not fit are dropped by the producer, the
// ones that fit are all read, and reading gives the space back.
func TestFullRing(t *testing.T) {
	noFDLeak(t)
	ring := newRing(t, 4*uint32(unix.Getpagesize()))
	p := newProducer(t, ring, 0)
	r := newReader(t, ring)
	a := p.run(t, 1000, 100, 1, 0, 0)
	if a.Dropped == 0 || a.Submitted == 0 {
		t.Fatalf("produce into a full ring: %+v, want some submitted and some dropped", a)
	}
	// 100-byte records take 112 bytes with their header.
	if want := uint32(4 * unix.Getpagesize() / 112); a.Submitted != want {
		t.Errorf("submitted %d records, want %d", a.Submitted, want)
	}
	checkRecords(t, consumeAll(t, r), expected(a.Submitted, 100, 1, 0, 0))
	b := p.run(t, a.Submitted, 100, 1, 0, 7)
	if b.Dropped != 0 {
		t.Fatalf("after reading everything, %d of %d records dropped", b.Dropped, a.Submitted)
	}
	checkRecords(t, readN(t, r, int(b.Submitted)), expected(b.Submitted, 100, 1, 0, 7))
}

// TestSeveralRings: one Reader over three rings (two given to NewReader,
// one added) reads each ring's records in order, tagged with its index.
func TestSeveralRings(t *testing.T) {
	noFDLeak(t)
	var fds []int
	var ps []*producer
	for i := uint32(0); i < 3; i++ {
		fd := newRing(t, 64<<10)
		fds = append(fds, fd)
		ps = append(ps, newProducer(t, fd, i))
	}
	r := newReader(t, fds[0], fds[1])
	if idx, err := r.Add(fds[2]); err != nil || idx != 2 {
		t.Fatalf("Add = %d, %v; want 2", idx, err)
	}
	if r.Rings() != 3 {
		t.Fatalf("Rings() = %d", r.Rings())
	}
	for i, p := range ps {
		p.run(t, 100, 8+uint32(i), 40, 0, uint32(i)*1000)
	}
	got := make([][][]byte, 3)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var rec ringbuf.Record
	for n := 0; n < 300; n++ {
		if err := r.ReadInto(ctx, &rec); err != nil {
			t.Fatal(err)
		}
		got[rec.Ring] = append(got[rec.Ring], append([]byte(nil), rec.Data...))
	}
	for i := range ps {
		checkRecords(t, got[i], expected(100, 8+uint32(i), 40, 0, uint32(i)*1000))
	}
}

// TestReaderPerGoroutine: four Readers in four goroutines, each blocked
// on its own ring while the records are produced, each gets its own.
func TestReaderPerGoroutine(t *testing.T) {
	noFDLeak(t)
	const workers, batches, per = 4, 5, 50
	errs := make(chan error, workers)
	results := make([][][]byte, workers)
	var ps []*producer
	for w := 0; w < workers; w++ {
		fd := newRing(t, 64<<10)
		ps = append(ps, newProducer(t, fd, uint32(w)))
		r := newReader(t, fd)
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			var rec ringbuf.Record
			for len(results[w]) < batches*per {
				if err := r.ReadInto(ctx, &rec); err != nil {
					errs <- err
					return
				}
				results[w] = append(results[w], append([]byte(nil), rec.Data...))
			}
			errs <- nil
		}()
	}
	for b := uint32(0); b < batches; b++ {
		for w, p := range ps {
			p.run(t, per, 8, 64, 0, uint32(w)<<20+b*per)
		}
		time.Sleep(time.Millisecond)
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for w := range ps {
		var want [][]byte
		for b := uint32(0); b < batches; b++ {
			want = append(want, expected(per, 8, 64, 0, uint32(w)<<20+b*per)...)
		}
		checkRecords(t, results[w], want)
	}
}

// TestBlockedReadWakes: a read waiting on an empty ring wakes for a record
// produced later, for Close from another goroutine (ErrClosed) and for its
// context (cancelled, or past its deadline), and the Reader keeps working
// after a context ends.
func TestBlockedReadWakes(t *testing.T) {
	noFDLeak(t)
	ring := newRing(t, 64<<10)
	p := newProducer(t, ring, 0)

	blocked := func(t *testing.T, r *ringbuf.Reader, ctx context.Context, style string) chan error {
		done := make(chan error, 1)
		go func() {
			switch style {
			case "ReadInto":
				var rec ringbuf.Record
				done <- r.ReadInto(ctx, &rec)
			case "Poll":
				_, err := r.Poll(ctx, func(int, []byte) error { return nil })
				done <- err
			case "Records":
				// Report after the loop, once the iterator has
				// returned and let go of the reader.
				var got error
				for _, err := range r.Records(ctx) {
					got = err
					break
				}
				done <- got
			}
		}()
		time.Sleep(30 * time.Millisecond)
		select {
		case err := <-done:
			t.Fatalf("%s returned %v on an empty ring", style, err)
		default:
		}
		return done
	}
	wait := func(t *testing.T, done chan error) error {
		select {
		case err := <-done:
			return err
		case <-time.After(5 * time.Second):
			t.Fatal("the blocked read did not return")
			return nil
		}
	}
	for _, style := range []string{"ReadInto", "Poll", "Records"} {
		t.Run(style, func(t *testing.T) {
			r := newReader(t, ring)
			// A record arrives.
			done := blocked(t, r, context.Background(), style)
			p.run(t, 1, 8, 1, 0, 1)
			if err := wait(t, done); err != nil {
				t.Fatalf("%s after a record: %v", style, err)
			}
			consumeAll(t, r)
			// Cancelled.
			ctx, cancel := context.WithCancel(context.Background())
			done = blocked(t, r, ctx, style)
			cancel()
			if err := wait(t, done); !errors.Is(err, context.Canceled) {
				t.Fatalf("%s after cancel: %v", style, err)
			}
			// Past the deadline.
			start := time.Now() // before the deadline is set, as it counts from then
			ctx, cancel = context.WithTimeout(context.Background(), 80*time.Millisecond)
			defer cancel()
			done = blocked(t, r, ctx, style)
			if err := wait(t, done); !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("%s after the deadline: %v", style, err)
			}
			if d := time.Since(start); d < 80*time.Millisecond {
				t.Fatalf("returned after %v, before the deadline", d)
			}
			// Still works.
			p.run(t, 3, 8, 1, 0, 1)
			checkRecords(t, readN(t, r, 3), expected(3, 8, 1, 0, 1))
			// Closed.
			done = blocked(t, r, context.Background(), style)
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			if err := wait(t, done); !errors.Is(err, ringbuf.ErrClosed) {
				t.Fatalf("%s after Close: %v", style, err)
			}
		})
	}
}

// TestAfterClose: every call on a closed Reader returns ErrClosed, Close
// twice is fine, and Close from inside a Consume callback ends that
// Consume with ErrClosed without deadlocking; the fds are closed either way.
func TestAfterClose(t *testing.T) {
	noFDLeak(t)
	ring := newRing(t, 64<<10)
	p := newProducer(t, ring, 0)
	fds := testenv.OpenFDs(t)
	r, err := ringbuf.NewReader(ring)
	if err != nil {
		t.Fatal(err)
	}
	if testenv.OpenFDs(t) == fds {
		t.Fatal("NewReader opened no fd")
	}
	p.run(t, 10, 8, 1, 0, 0)
	n, err := r.Consume(func(int, []byte) error {
		r.Close()
		return nil
	})
	if n != 1 || !errors.Is(err, ringbuf.ErrClosed) {
		t.Fatalf("Consume that closes its Reader = %d, %v; want 1, ErrClosed", n, err)
	}
	if got := testenv.OpenFDs(t); got != fds {
		t.Fatalf("%d fds open after Close, %d before NewReader", got, fds)
	}
	r.Close()
	var rec ringbuf.Record
	if err := r.ReadInto(context.Background(), &rec); !errors.Is(err, ringbuf.ErrClosed) {
		t.Errorf("ReadInto after Close: %v", err)
	}
	if _, err := r.Consume(func(int, []byte) error { return nil }); !errors.Is(err, ringbuf.ErrClosed) {
		t.Errorf("Consume after Close: %v", err)
	}
	if _, err := r.Poll(context.Background(), func(int, []byte) error { return nil }); !errors.Is(err, ringbuf.ErrClosed) {
		t.Errorf("Poll after Close: %v", err)
	}
	for _, err := range r.Records(context.Background()) {
		if !errors.Is(err, ringbuf.ErrClosed) {
			t.Errorf("Records after Close: %v", err)
		}
	}
	if _, err := r.Add(ring); !errors.Is(err, ringbuf.ErrClosed) {
		t.Errorf("Add after Close: %v", err)
	}
}

// TestBadMaps: a map that is not a ring buffer, a bad fd and a user ring
// buffer are refused with a clear error, and nothing stays open.
func TestBadMaps(t *testing.T) {
	noFDLeak(t)
	array, err := cgo.MapCreate(opts.MapTypeArray, "evt_array", 4, 8, 4, nil)
	if err != nil {
		t.Fatal(err)
	}
	testenv.CloseAtEnd(t, array)
	good := newRing(t, 4096)
	user := testenv.MapFD(t, events(t), "user_ring")

	_, err = ringbuf.NewReader(good, array)
	testenv.WantErrno(t, err, unix.EINVAL, "evt_array")
	if !errors.Is(err, unix.EINVAL) {
		t.Fatal(err)
	}
	_, err = ringbuf.NewReader(user)
	testenv.WantErrno(t, err, unix.EINVAL, "user_ringbuf")
	_, err = ringbuf.NewReader(-1)
	testenv.WantErrno(t, err, unix.EBADF, "")
	_, err = ringbuf.NewWriter(good)
	testenv.WantErrno(t, err, unix.EINVAL, "not user_ringbuf")
	_, err = ringbuf.NewMapReader(nil)
	testenv.WantErrno(t, err, unix.EINVAL, "nil")
}
