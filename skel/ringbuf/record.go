package ringbuf

import (
	"context"
	"runtime"
	"unsafe"
)

// A Record is one record read from a ring buffer.
type Record struct {
	Ring int    // the index of its ring in the Reader
	Data []byte // its bytes
}

// ReadInto copies the next record into rec, reusing rec.Data's memory when
// it is large enough. It waits while every ring is empty, until ctx is done
// (returning ctx.Err()) or the Reader is closed (returning ErrClosed). It
// reads the rings in turn, each until it is empty.
//
// Like Consume, ReadInto pays its atomic read-modify-write operations once
// per batch (the records a ring held when ReadInto last read its producer
// position), not once per record. To
// that end it keeps a lease on the rings' memory between calls while the
// batch lasts, and gives it back when the batch is done, before it waits,
// when it returns an error, and when another read style is used. Close
// never waits for the lease: it closes the fds at once, and the rings are
// unmapped by the next read, which returns ErrClosed (see Close).
func (r *Reader) ReadInto(ctx context.Context, rec *Record) error {
	// The fast path: the lease is held (so the rings stay mapped), the
	// Reader is open (an atomic load, a plain load on amd64: a read after
	// Close returns ErrClosed and gives the lease back, so that the rings
	// are unmapped) and the ring read last has the next record of its
	// batch ready.
	if r.leased && !r.guard.Closed() {
		g := r.set.rings[r.cur]
		if p, n := g.nextInBatch(); p != nil {
			// copyOut, written out to save a call on every record's path.
			rec.Ring = r.cur
			rec.Data = copyRecord(rec.Data, p, n)
			if g.pos == g.limit {
				r.batchDone(g)
			}
			runtime.KeepAlive(r) // see copyOut
			return nil
		}
	}
	return r.readInto(ctx, rec)
}

// readInto is ReadInto past its fast path.
func (r *Reader) readInto(ctx context.Context, rec *Record) error {
	for {
		// The lease keeps the rings mapped, not the fds: check Closed
		// first, and use no fd before Enter.
		if !r.leased {
			if !r.guard.Lease() {
				return ErrClosed
			}
			r.leased = true
		} else if r.guard.Closed() {
			r.endLease()
			return ErrClosed
		}
		rings := r.set.rings
		for k := 0; k < len(rings); k++ {
			i := r.cur
			g := rings[i]
			if p, n := g.next(); p != nil {
				r.copyOut(rec, g, i, p, n)
				return nil
			}
			if i++; i == len(rings) {
				i = 0
			}
			r.cur = i
		}
		// Every ring is empty: wait, without the lease, so that a Close
		// meanwhile frees everything at once.
		r.endLease()
		if !r.guard.Enter() {
			return ErrClosed
		}
		err := r.wait(ctx)
		r.guard.Exit()
		if err != nil {
			return err
		}
	}
}

// copyOut copies the record of n bytes at p, just taken from ring i (g),
// into rec. The caller holds the lease; copyOut gives it back when that
// was the last record of the ring's batch.
func (r *Reader) copyOut(rec *Record, g *ring, i int, p unsafe.Pointer, n uint32) {
	rec.Ring = i
	rec.Data = copyRecord(rec.Data, p, n)
	if g.pos == g.limit {
		r.batchDone(g)
	}
	// The Reader's cleanup unmaps the rings: keep the Reader reachable
	// until the copy is done.
	runtime.KeepAlive(r)
}

// batchDone ends a batch of ring g whose last record ReadInto has copied:
// it gives the space back to the producers now, and the lease with it.
func (r *Reader) batchDone(g *ring) {
	g.commit()
	r.endLease()
}

// copyRecord copies the record of n bytes at p into dst's memory, if it is
// large enough, or else into new memory, and returns the copy. It copies
// records of 8 to 32 bytes, the common small ones, with two overlapping
// 8- or 16-byte moves, which read and write only the record's bytes: a
// call to memmove would add a quarter or more to ReadInto's time at 16
// bytes.
func copyRecord(dst []byte, p unsafe.Pointer, n uint32) []byte {
	if n < 8 || n > 32 || uint64(cap(dst)) < uint64(n) {
		return append(dst[:0], unsafe.Slice((*byte)(p), n)...)
	}
	dst = dst[:n]
	if n <= 16 {
		*(*[8]byte)(dst) = *(*[8]byte)(p)
		*(*[8]byte)(dst[n-8:]) = *(*[8]byte)(unsafe.Add(p, n-8))
	} else {
		*(*[16]byte)(dst) = *(*[16]byte)(p)
		*(*[16]byte)(dst[n-16:]) = *(*[16]byte)(unsafe.Add(p, n-16))
	}
	return dst
}
