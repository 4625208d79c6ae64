package ringbuf

import (
	"context"
	"iter"
	"unsafe"
)

// Records returns an iterator over the Reader's records that waits when
// the rings are empty. Each Record is handed out in place: its Data is
// valid only until the loop body ends, and not to be written. The loop
// ends when the body breaks out of it, or with a last pair whose error is
// ctx.Err() or ErrClosed.
//
//	for rec, err := range r.Records(ctx) {
//		if err != nil {
//			return err
//		}
//		handle(rec.Ring, rec.Data)
//	}
func (r *Reader) Records(ctx context.Context) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		r.endLease()
		if !r.guard.Enter() {
			yield(Record{}, ErrClosed)
			return
		}
		defer r.guard.Exit()
		for {
			for k := 0; k < len(r.set.rings); k++ {
				i := r.cur
				g := r.set.rings[i]
				for p, n := g.next(); p != nil; p, n = g.next() {
					if !yield(Record{Ring: i, Data: unsafe.Slice((*byte)(p), n)}, nil) {
						g.commit()
						return
					}
					if r.guard.Closed() {
						yield(Record{}, ErrClosed)
						return
					}
				}
				if i++; i == len(r.set.rings) {
					i = 0
				}
				r.cur = i
			}
			if err := r.wait(ctx); err != nil {
				yield(Record{}, err)
				return
			}
		}
	}
}
