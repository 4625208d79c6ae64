package ringbuf

import (
	"context"
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
// ReadInto pays two atomic operations per call, so that Close can run from
// any goroutine; Consume and Records pay them once per batch and are the
// faster way to read small records.
func (r *Reader) ReadInto(ctx context.Context, rec *Record) error {
	if !r.guard.Enter() {
		return ErrClosed
	}
	for {
		for k := 0; k < len(r.rings); k++ {
			i := r.cur
			g := r.rings[i]
			if p, n := g.next(); p != nil {
				rec.Ring = i
				rec.Data = append(rec.Data[:0], unsafe.Slice((*byte)(p), n)...)
				if g.pos == g.limit {
					// Caught up, and the record is copied: give the space back now.
					g.commit()
				}
				r.guard.Exit()
				return nil
			}
			if i++; i == len(r.rings) {
				i = 0
			}
			r.cur = i
		}
		if err := r.wait(ctx); err != nil {
			r.guard.Exit()
			return err
		}
	}
}
