package ringbuf

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/opts"
	"github.com/golibbpf/golibbpf/skel/internal/epoll"
)

// ErrFull is returned by Reserve when the user ring buffer has no room for
// the record until BPF drains it. It wraps unix.ENOSPC.
var ErrFull = fmt.Errorf("ringbuf: user ring buffer full: %w", unix.ENOSPC)

// A Writer produces records into a user ring buffer
// (BPF_MAP_TYPE_USER_RINGBUF) that BPF programs drain with
// bpf_user_ringbuf_drain. A record is reserved in the ring's memory,
// filled in place, then submitted or discarded; BPF sees records in the
// order they were reserved, and stops at one that is reserved but not yet
// submitted or discarded.
//
// Reserve is not safe for concurrent use (the ring has one producer);
// Submit and Discard of distinct records, and Close, may be called from any
// goroutine.
type Writer struct {
	guard   epoll.Guard
	poller  *epoll.Poller
	fd      int
	desc    string
	mask    uint64
	cons    *uint64 // the consumer position, written by the kernel
	prod    *uint64 // the producer position, ours
	data    unsafe.Pointer
	consMem []byte
	prodMem []byte
}

// NewWriter returns a Writer for the user ring buffer map fd. The Writer
// duplicates fd; the caller keeps its own.
func NewWriter(fd int) (*Writer, error) {
	if fd < 0 {
		return nil, fmt.Errorf("ringbuf: bad map fd %d: %w", fd, unix.EBADF)
	}
	g, err := openRing(fd, opts.MapTypeUserRingBuf)
	if err != nil {
		return nil, fmt.Errorf("ringbuf: %w", err)
	}
	w := &Writer{fd: g.fd, desc: g.desc, mask: g.mask}
	w.guard.SetRelease(w.release)
	fail := func(what string, err error) (*Writer, error) {
		w.release()
		return nil, fmt.Errorf("ringbuf: %s: %s: %w", w.desc, what, err)
	}
	// The consumer page is the kernel's: read-only to us. The producer
	// page and the data (twice, for records that wrap) are ours.
	if w.consMem, err = unix.Mmap(w.fd, 0, pageSize, unix.PROT_READ, unix.MAP_SHARED); err != nil {
		return fail("mmap consumer page", err)
	}
	size := int(w.mask + 1)
	if w.prodMem, err = unix.Mmap(w.fd, int64(pageSize), pageSize+2*size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED); err != nil {
		return fail("mmap producer page and data", err)
	}
	w.cons = (*uint64)(unsafe.Pointer(&w.consMem[0]))
	w.prod = (*uint64)(unsafe.Pointer(&w.prodMem[0]))
	w.data = unsafe.Pointer(&w.prodMem[pageSize])
	if w.poller, err = epoll.New(); err != nil {
		return fail("poller", err)
	}
	if err := w.poller.Add(w.fd, 0, unix.EPOLLOUT|unix.EPOLLET); err != nil {
		return fail("poller", err)
	}
	return w, nil
}

// NewMapWriter is NewWriter for a map given as a Map value.
func NewMapWriter(m Map) (*Writer, error) {
	fds, err := mapFDs([]Map{m})
	if err != nil {
		return nil, err
	}
	return NewWriter(fds[0])
}

// Size returns the size of the ring's data area in bytes. A record of n
// bytes takes n+8 rounded up to a multiple of 8.
func (w *Writer) Size() int { return int(w.mask + 1) }

// Reserve reserves a record of size bytes and returns its memory, to be
// filled and then passed to Submit or Discard; size must be at least 1.
// It returns ErrFull if the
// ring has no room now, and an error wrapping unix.E2BIG if the record
// could never fit.
func (w *Writer) Reserve(size int) ([]byte, error) {
	if !w.guard.Enter() {
		return nil, ErrClosed
	}
	defer w.guard.Exit()
	return w.reserve(size)
}

func (w *Writer) reserve(size int) ([]byte, error) {
	if size <= 0 || size >= discardBit {
		return nil, fmt.Errorf("ringbuf: %s: record size %d: %w", w.desc, size, unix.EINVAL)
	}
	total := uint64(size+hdrSize+7) &^ 7
	if total > w.mask+1 {
		return nil, fmt.Errorf("ringbuf: %s: a %d-byte record does not fit in a %d-byte ring: %w", w.desc, size, w.mask+1, unix.E2BIG)
	}
	cons := atomic.LoadUint64(w.cons)
	prod := *w.prod // only we write it
	if prod-cons+total > w.mask+1 {
		return nil, ErrFull
	}
	hdr := unsafe.Add(w.data, prod&w.mask)
	*(*uint64)(hdr) = uint64(uint32(size) | busyBit) // len with the busy bit, then 0
	atomic.StoreUint64(w.prod, prod+total)
	return unsafe.Slice((*byte)(unsafe.Add(hdr, hdrSize)), size), nil
}

// ReserveWait is Reserve that waits, while the ring is full, until BPF
// drains it, ctx is done or the Writer is closed. The kernel signals room
// when a drain took records (bpf_user_ringbuf_drain without
// BPF_RB_NO_WAKEUP); the wait is edge-triggered, since the kernel reports a
// user ring buffer writable whenever it is not completely full.
func (w *Writer) ReserveWait(ctx context.Context, size int) ([]byte, error) {
	if !w.guard.Enter() {
		return nil, ErrClosed
	}
	defer w.guard.Exit()
	for {
		b, err := w.reserve(size)
		if !errors.Is(err, ErrFull) {
			return b, err
		}
		if err := w.poller.Wait(ctx, nil); err != nil {
			return nil, err
		}
	}
}

// Submit hands the record sample, from Reserve, to BPF.
func (w *Writer) Submit(sample []byte) error { return w.finish(sample, 0, "submit") }

// Discard gives the record sample, from Reserve, back unread: BPF skips it.
func (w *Writer) Discard(sample []byte) error { return w.finish(sample, discardBit, "discard") }

// finish clears the busy bit of sample's header (setting flag), after
// checking that sample is a reserved record of this ring.
func (w *Writer) finish(sample []byte, flag uint32, what string) error {
	if !w.guard.Enter() {
		return ErrClosed
	}
	defer w.guard.Exit()
	if cap(sample) == 0 {
		return fmt.Errorf("ringbuf: %s: %s of an empty slice: %w", w.desc, what, unix.EINVAL)
	}
	p := unsafe.Pointer(unsafe.SliceData(sample))
	off := uintptr(p) - uintptr(w.data) - hdrSize
	if uintptr(p) < uintptr(w.data)+hdrSize || off > uintptr(w.mask) || off%8 != 0 {
		return fmt.Errorf("ringbuf: %s: %s of memory that is not a record of this ring: %w", w.desc, what, unix.EINVAL)
	}
	hdr := (*uint32)(unsafe.Add(p, -hdrSize))
	l := atomic.LoadUint32(hdr)
	if l&busyBit == 0 || int(l&^busyBit) != len(sample) {
		return fmt.Errorf("ringbuf: %s: %s of a record that is not reserved (or was resliced): %w", w.desc, what, unix.EINVAL)
	}
	atomic.StoreUint32(hdr, l&^busyBit|flag)
	return nil
}

// Write reserves a record, copies data into it and submits it.
func (w *Writer) Write(data []byte) error {
	b, err := w.Reserve(len(data))
	if err != nil {
		return err
	}
	copy(b, data)
	return w.Submit(b)
}

// Close stops the Writer: a ReserveWait in another goroutine returns
// ErrClosed, and so does every later call. Records reserved and not yet
// submitted stay unreadable to BPF. The ring is unmapped and the fd closed
// now, or when a call running in another goroutine returns.
func (w *Writer) Close() error {
	w.guard.Close(w.interrupt)
	return nil
}

func (w *Writer) release() {
	if w.consMem != nil {
		unix.Munmap(w.consMem)
		w.consMem = nil
	}
	if w.prodMem != nil {
		unix.Munmap(w.prodMem)
		w.prodMem = nil
	}
	if w.fd >= 0 {
		unix.Close(w.fd)
		w.fd = -1
	}
	if w.poller != nil {
		w.poller.Release()
	}
	w.cons, w.prod, w.data = nil, nil, nil
}

// interrupt wakes a wait in progress; the Guard runs it before any release.
func (w *Writer) interrupt() {
	if w.poller != nil {
		w.poller.Interrupt()
	}
}
