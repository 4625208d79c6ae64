package ringbuf

import (
	"context"
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/opts"
	"github.com/golibbpf/golibbpf/skel/internal/epoll"
)

// ErrClosed is returned by a read on a closed Reader or Writer, and by a
// read that Close interrupted.
var ErrClosed = epoll.ErrClosed

// A Reader reads records from one or more BPF ring buffers
// (BPF_MAP_TYPE_RINGBUF), straight from the memory it shares with the
// kernel: no system call and no allocation per record, and a system call
// (epoll_wait) only when every ring is empty.
//
// There are two ways to read. Consume, Poll and Records hand out records
// in place (zero copy): a record's bytes are valid until the callback
// returns or the loop body ends. ReadInto copies one record into a buffer
// the caller reuses. The consumer position is given back to the kernel in
// batches: when a read has caught up with the producers, and before any
// wait.
//
// A Reader is not safe for concurrent reads: use one per goroutine. Close
// may be called from any goroutine at any time.
type Reader struct {
	guard  epoll.Guard
	poller *epoll.Poller
	rings  []*ring
	cur    int // the ring ReadInto reads first
}

// NewReader returns a Reader over the ring buffer maps with the given fds.
// The Reader duplicates them; the caller keeps its own. Records carry the
// index of their ring: 0 for fd, 1 for the first of more, and so on.
func NewReader(fd int, more ...int) (*Reader, error) {
	p, err := epoll.New()
	if err != nil {
		return nil, fmt.Errorf("ringbuf: %w", err)
	}
	r := &Reader{poller: p}
	r.guard.SetRelease(r.release)
	for _, f := range append([]int{fd}, more...) {
		if err := r.add(f); err != nil {
			r.release()
			return nil, err
		}
	}
	return r, nil
}

// NewMapReader is NewReader for maps given as Map values.
func NewMapReader(m Map, more ...Map) (*Reader, error) {
	fds, err := mapFDs(append([]Map{m}, more...))
	if err != nil {
		return nil, err
	}
	return NewReader(fds[0], fds[1:]...)
}

// Add adds the ring buffer map fd to the Reader, as ring_buffer__add does;
// its records carry the next ring index, which Add returns. It must not run
// during a read.
func (r *Reader) Add(fd int) (int, error) {
	if !r.guard.Enter() {
		return -1, ErrClosed
	}
	defer r.guard.Exit()
	if err := r.add(fd); err != nil {
		return -1, err
	}
	return len(r.rings) - 1, nil
}

func (r *Reader) add(fd int) error {
	if fd < 0 {
		return fmt.Errorf("ringbuf: bad map fd %d: %w", fd, unix.EBADF)
	}
	g, err := openRing(fd, opts.MapTypeRingBuf)
	if err != nil {
		return fmt.Errorf("ringbuf: %w", err)
	}
	if err := g.mapReader(); err != nil {
		g.close()
		return fmt.Errorf("ringbuf: %w", err)
	}
	if err := r.poller.Add(g.fd, uint32(len(r.rings)), unix.EPOLLIN); err != nil {
		g.close()
		return fmt.Errorf("ringbuf: %s: %w", g.desc, err)
	}
	r.rings = append(r.rings, g)
	return nil
}

// Rings returns the number of ring buffers the Reader reads.
func (r *Reader) Rings() int { return len(r.rings) }

// Consume hands every record ready now to fn, without waiting, and returns
// how many it handed. data is the record in the ring's memory: valid only
// until fn returns, and not to be written. If fn returns an error, Consume
// stops there (that record counts as read) and returns the error.
func (r *Reader) Consume(fn func(ring int, data []byte) error) (int, error) {
	if !r.guard.Enter() {
		return 0, ErrClosed
	}
	defer r.guard.Exit()
	return r.consume(fn)
}

func (r *Reader) consume(fn func(ring int, data []byte) error) (int, error) {
	total := 0
	for i, g := range r.rings {
		for {
			p, n := g.next()
			if p == nil {
				break
			}
			total++
			if err := fn(i, unsafe.Slice((*byte)(p), n)); err != nil {
				g.commit()
				return total, err
			}
			if r.guard.Closed() {
				return total, ErrClosed
			}
		}
	}
	return total, nil
}

// Poll waits until a record is ready, ctx is done or the Reader is closed,
// then hands every ready record to fn as Consume does. It returns how many
// records it handed, and ctx.Err() or ErrClosed if it stopped for that.
func (r *Reader) Poll(ctx context.Context, fn func(ring int, data []byte) error) (int, error) {
	if !r.guard.Enter() {
		return 0, ErrClosed
	}
	defer r.guard.Exit()
	for {
		n, err := r.consume(fn)
		if n > 0 || err != nil {
			return n, err
		}
		if err := r.poller.Wait(ctx, nil); err != nil {
			return 0, err
		}
	}
}

// wait commits every ring's consumer position, so the producers see the
// space and wake us, and waits for one of them.
func (r *Reader) wait(ctx context.Context) error {
	for _, g := range r.rings {
		g.commit()
	}
	return r.poller.Wait(ctx, nil)
}

// Close stops the Reader: a read blocked in another goroutine returns
// ErrClosed, and so does every later read. The rings are unmapped and the
// fds closed now, or, if a read is running in another goroutine, as soon as
// it returns. Close never waits and may be called more than once.
func (r *Reader) Close() error {
	r.guard.Close(r.interrupt)
	return nil
}

// release frees everything; the Guard runs it once, when no read is inside.
func (r *Reader) release() {
	for _, g := range r.rings {
		g.close()
	}
	r.rings = nil
	r.poller.Release()
}

// interrupt wakes a wait in progress; the Guard runs it before any release.
func (r *Reader) interrupt() {
	if r.poller != nil {
		r.poller.Interrupt()
	}
}
