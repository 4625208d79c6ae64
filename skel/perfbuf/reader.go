package perfbuf

import (
	"context"
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/opts"
	"github.com/golibbpf/golibbpf/skel/internal/epoll"
)

// ErrClosed is returned by a read on a closed Reader, and by a read that
// Close interrupted.
var ErrClosed = epoll.ErrClosed

// A Reader reads the samples BPF programs write with bpf_perf_event_output
// to a BPF_MAP_TYPE_PERF_EVENT_ARRAY: it opens a BPF output perf event on
// every online CPU, puts it in the map at that CPU's index, and reads its
// ring straight from shared memory (a system call only when every ring is
// empty). Samples the kernel could not write because a ring was full are
// counted (Lost), not waited for.
//
// Consume, Poll and Records hand out samples in place (zero copy); ReadInto
// copies one into a buffer the caller reuses and also reports lost-sample
// records. Raw samples carry the kernel's padding: a sample of n bytes comes
// with (n+4) rounded up to a multiple of 8, minus 4, bytes.
//
// A Reader is not safe for concurrent reads; Close may be called from any
// goroutine at any time.
type Reader struct {
	guard  epoll.Guard
	poller *epoll.Poller
	mapFD  int
	desc   string
	rings  []*ring
	cur    int
}

// NewReader returns a Reader for the perf event array map fd (duplicated;
// the caller keeps its own); o may be nil. The map's slots for the online
// CPUs are overwritten, and deleted again by Close.
func NewReader(fd int, o *Options) (*Reader, error) {
	if o == nil {
		o = &Options{}
	}
	pageSize := os.Getpagesize()
	oo := *o
	if oo.Pages == 0 {
		oo.Pages = 8
	}
	if err := oo.validate(pageSize); err != nil {
		return nil, err
	}
	if fd < 0 {
		return nil, fmt.Errorf("perfbuf: bad map fd %d: %w", fd, unix.EBADF)
	}
	info, err := epoll.GetMapInfo(fd)
	if err != nil {
		return nil, fmt.Errorf("perfbuf: %w", err)
	}
	desc := info.Describe(fd)
	if info.Type != opts.MapTypePerfEventArray {
		return nil, fmt.Errorf("perfbuf: %s is a %s map, not %s: %w", desc, info.Type, opts.MapTypePerfEventArray, unix.EINVAL)
	}
	cpus, err := onlineCPUs()
	if err != nil {
		return nil, err
	}
	r := &Reader{mapFD: -1, desc: desc}
	r.guard.SetRelease(r.release)
	fail := func(err error) (*Reader, error) {
		r.release()
		return nil, fmt.Errorf("perfbuf: %s: %w", desc, err)
	}
	if r.mapFD, err = unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0); err != nil {
		return fail(fmt.Errorf("dup: %w", err))
	}
	if r.poller, err = epoll.New(); err != nil {
		return fail(err)
	}
	for _, cpu := range cpus {
		if cpu >= int(info.MaxEntries) {
			break
		}
		g, err := openRing(cpu, oo.Pages, pageSize, &oo)
		if err != nil {
			return fail(err)
		}
		r.rings = append(r.rings, g)
		key, val := uint32(cpu), uint32(g.fd)
		if err := cgo.MapUpdateElem(r.mapFD, unsafe.Pointer(&key), unsafe.Pointer(&val), 0); err != nil {
			return fail(err)
		}
		if err := r.poller.Add(g.fd, uint32(len(r.rings)-1), unix.EPOLLIN); err != nil {
			return fail(err)
		}
	}
	if len(r.rings) == 0 {
		return fail(fmt.Errorf("no online CPU below max_entries %d: %w", info.MaxEntries, unix.ENODEV))
	}
	return r, nil
}

// NewMapReader is NewReader for a map given as a Map value.
func NewMapReader(m Map, o *Options) (*Reader, error) {
	if m == nil {
		return nil, fmt.Errorf("perfbuf: nil map: %w", unix.EINVAL)
	}
	fd, err := m.FD()
	if err != nil {
		return nil, fmt.Errorf("perfbuf: %w", err)
	}
	return NewReader(fd, o)
}

// CPUs returns the CPUs the Reader reads, in ring order.
func (r *Reader) CPUs() []int {
	out := make([]int, len(r.rings))
	for i, g := range r.rings {
		out[i] = g.cpu
	}
	return out
}

// Lost returns how many samples the kernel reported lost so far, over all
// CPUs. The kernel reports a loss when it next writes a sample on that CPU.
func (r *Reader) Lost() uint64 {
	var n uint64
	for _, g := range r.rings {
		n += g.lost
	}
	return n
}

// Consume hands every sample ready now to fn, without waiting, and returns
// how many. data is valid only until fn returns and is not to be written.
// Lost samples are counted in Lost. If fn returns an error, Consume stops
// there and returns it.
func (r *Reader) Consume(fn func(cpu int, data []byte) error) (int, error) {
	if !r.guard.Enter() {
		return 0, ErrClosed
	}
	defer r.guard.Exit()
	return r.consume(fn)
}

func (r *Reader) consume(fn func(cpu int, data []byte) error) (int, error) {
	total := 0
	for _, g := range r.rings {
		for {
			data, lost, ok := g.next()
			if !ok {
				break
			}
			if lost != 0 {
				continue
			}
			total++
			if err := fn(g.cpu, data); err != nil {
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

// Poll waits until a sample is ready, ctx is done or the Reader is closed,
// then hands every ready sample to fn as Consume does.
func (r *Reader) Poll(ctx context.Context, fn func(cpu int, data []byte) error) (int, error) {
	if !r.guard.Enter() {
		return 0, ErrClosed
	}
	defer r.guard.Exit()
	for {
		n, err := r.consume(fn)
		if n > 0 || err != nil {
			return n, err
		}
		if err := r.wait(ctx); err != nil {
			return 0, err
		}
	}
}

func (r *Reader) wait(ctx context.Context) error {
	for _, g := range r.rings {
		g.commit()
	}
	return r.poller.Wait(ctx, nil)
}

// Close stops the Reader: a read blocked in another goroutine returns
// ErrClosed, and so does every later read. The perf events are removed from
// the map and closed, and the rings unmapped, now or, if a read is running
// in another goroutine, as soon as it returns. Close never waits.
func (r *Reader) Close() error {
	r.guard.Close(r.interrupt)
	return nil
}

func (r *Reader) release() {
	for _, g := range r.rings {
		if r.mapFD >= 0 {
			key := uint32(g.cpu)
			cgo.MapDeleteElem(r.mapFD, unsafe.Pointer(&key))
		}
		g.close()
	}
	r.rings = nil
	if r.mapFD >= 0 {
		unix.Close(r.mapFD)
		r.mapFD = -1
	}
	if r.poller != nil {
		r.poller.Release()
	}
}

// interrupt wakes a wait in progress; the Guard runs it before any release.
func (r *Reader) interrupt() {
	if r.poller != nil {
		r.poller.Interrupt()
	}
}
