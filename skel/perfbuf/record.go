package perfbuf

import (
	"context"
	"iter"
)

// A Record is one sample, or one report of lost samples, from a CPU's ring.
type Record struct {
	CPU  int    // the CPU whose ring it came from
	Data []byte // the sample's raw bytes (with the kernel's padding); empty for a loss
	Lost uint64 // when not 0, the record reports this many samples lost on CPU
}

// ReadInto copies the next record into rec, reusing rec.Data's memory: a
// sample, or a report of lost samples (rec.Lost > 0, rec.Data empty). It
// waits while every ring is empty, until ctx is done (ctx.Err()) or the
// Reader is closed (ErrClosed).
func (r *Reader) ReadInto(ctx context.Context, rec *Record) error {
	if !r.guard.Enter() {
		return ErrClosed
	}
	for {
		for k := 0; k < len(r.rings); k++ {
			g := r.rings[r.cur]
			if data, lost, ok := g.next(); ok {
				rec.CPU, rec.Lost = g.cpu, lost
				rec.Data = append(rec.Data[:0], data...)
				if g.tail == g.head {
					g.commit()
				}
				r.guard.Exit()
				return nil
			}
			if r.cur++; r.cur == len(r.rings) {
				r.cur = 0
			}
		}
		if err := r.wait(ctx); err != nil {
			r.guard.Exit()
			return err
		}
	}
}

// Records returns an iterator over the samples (lost ones are counted in
// Lost) that waits when the rings are empty. Each Record's Data is valid
// only until the loop body ends. The loop ends when the body breaks out of
// it, or with a last pair whose error is ctx.Err() or ErrClosed.
func (r *Reader) Records(ctx context.Context) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		if !r.guard.Enter() {
			yield(Record{}, ErrClosed)
			return
		}
		defer r.guard.Exit()
		for {
			for k := 0; k < len(r.rings); k++ {
				g := r.rings[r.cur]
				for data, lost, ok := g.next(); ok; data, lost, ok = g.next() {
					if lost != 0 {
						continue
					}
					if !yield(Record{CPU: g.cpu, Data: data}, nil) {
						g.commit()
						return
					}
					if r.guard.Closed() {
						yield(Record{}, ErrClosed)
						return
					}
				}
				if r.cur++; r.cur == len(r.rings) {
					r.cur = 0
				}
			}
			if err := r.wait(ctx); err != nil {
				yield(Record{}, err)
				return
			}
		}
	}
}
