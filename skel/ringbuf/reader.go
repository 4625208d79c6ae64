package ringbuf

import (
	"context"
	"fmt"
	"runtime"
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
// may be called from any goroutine at any time. A Reader that is no longer
// reachable is closed by the garbage collector, but call Close.
type Reader struct {
	guard  epoll.Guard
	set    *ringSet
	cur    int  // the ring ReadInto reads first
	leased bool // ReadInto holds the guard's lease (see ReadInto)
}

// A ringSet is what a Reader frees: its rings and its poller. It stands
// apart from the Reader so that the Reader's cleanup can free it.
type ringSet struct {
	poller *epoll.Poller
	rings  []*ring
}

// NewReader returns a Reader over the ring buffer maps with the given fds.
// The Reader duplicates them; the caller keeps its own. Records carry the
// index of their ring: 0 for fd, 1 for the first of more, and so on.
func NewReader(fd int, more ...int) (*Reader, error) {
	p, err := epoll.New()
	if err != nil {
		return nil, fmt.Errorf("ringbuf: %w", err)
	}
	s := &ringSet{poller: p}
	for _, f := range append([]int{fd}, more...) {
		if err := s.add(f); err != nil {
			s.free()
			return nil, err
		}
	}
	r := &Reader{set: s}
	r.guard.SetRelease(s.closeFDs)
	r.guard.SetUnmap(s.unmap)
	// The safety net for a Reader dropped without Close, or closed while
	// ReadInto held its lease and never called again (see Close).
	runtime.AddCleanup(r, (*ringSet).free, s)
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
	r.endLease()
	if !r.guard.Enter() {
		return -1, ErrClosed
	}
	defer r.guard.Exit()
	if err := r.set.add(fd); err != nil {
		return -1, err
	}
	return len(r.set.rings) - 1, nil
}

func (s *ringSet) add(fd int) error {
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
	if err := s.poller.Add(g.fd, uint32(len(s.rings)), unix.EPOLLIN); err != nil {
		g.close()
		return fmt.Errorf("ringbuf: %s: %w", g.desc, err)
	}
	s.rings = append(s.rings, g)
	return nil
}

// Rings returns the number of ring buffers the Reader reads.
func (r *Reader) Rings() int { return len(r.set.rings) }

// Consume hands every record ready now to fn, without waiting, and returns
// how many it handed. data is the record in the ring's memory: valid only
// until fn returns, and not to be written. If fn returns an error, Consume
// stops there (that record counts as read) and returns the error.
func (r *Reader) Consume(fn func(ring int, data []byte) error) (int, error) {
	r.endLease()
	if !r.guard.Enter() {
		return 0, ErrClosed
	}
	defer r.guard.Exit()
	return r.consume(fn)
}

func (r *Reader) consume(fn func(ring int, data []byte) error) (int, error) {
	total := 0
	for i, g := range r.set.rings {
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
	r.endLease()
	if !r.guard.Enter() {
		return 0, ErrClosed
	}
	defer r.guard.Exit()
	for {
		n, err := r.consume(fn)
		if n > 0 || err != nil {
			return n, err
		}
		if err := r.set.poller.Wait(ctx, nil); err != nil {
			return 0, err
		}
	}
}

// wait commits every ring's consumer position, so the producers see the
// space and wake us, and waits for one of them. The caller must have
// entered the guard: a lease does not cover the poller's fds.
func (r *Reader) wait(ctx context.Context) error {
	for _, g := range r.set.rings {
		g.commit()
	}
	return r.set.poller.Wait(ctx, nil)
}

// Close stops the Reader: a read blocked in another goroutine returns
// ErrClosed, and so does every later read. Close never waits and may be
// called more than once.
//
// The fds are closed now, or, if a read is running in another goroutine,
// as soon as it returns. So are the rings unmapped, with one exception:
// ReadInto keeps the rings mapped between calls while it has records left
// in a batch (see ReadInto), and if Close finds it so, the rings stay
// mapped until the next read on the Reader (which returns ErrClosed) or
// until the garbage collector finds the Reader unreachable.
func (r *Reader) Close() error {
	r.guard.Close(r.interrupt)
	return nil
}

// interrupt wakes a wait in progress; the Guard runs it before any release.
func (r *Reader) interrupt() { r.set.poller.Interrupt() }

// endLease gives back the lease ReadInto holds between calls, if it does.
// Every other read calls it first, so that the lease never outlives the
// reads that use it.
func (r *Reader) endLease() {
	if r.leased {
		r.leased = false
		r.guard.EndLease()
	}
}

// closeFDs closes the rings' fds and the poller's: the Guard runs it once,
// when the Reader is closed and no call is inside. The rings stay mapped.
func (s *ringSet) closeFDs() {
	for _, g := range s.rings {
		g.closeFD()
	}
	s.poller.Release()
}

// unmap unmaps the rings: the Guard runs it once, when the Reader is closed,
// no call is inside and ReadInto holds no lease.
func (s *ringSet) unmap() {
	for _, g := range s.rings {
		g.unmap()
	}
}

// free releases everything still held: after a failed NewReader, and as
// the cleanup of a Reader no longer reachable (whatever Close already freed
// is not freed again).
func (s *ringSet) free() {
	s.closeFDs()
	s.unmap()
}
