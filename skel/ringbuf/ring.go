package ringbuf

import (
	"fmt"
	"os"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/opts"
	"github.com/golibbpf/golibbpf/skel/internal/epoll"
)

// The record header of a BPF ring buffer (include/uapi/linux/bpf.h): a
// 32-bit length whose top two bits say the record is still being written
// (busy) or was thrown away (discard), then 32 bits the kernel uses. Records
// start 8-byte aligned.
const (
	busyBit    = 1 << 31
	discardBit = 1 << 30
	hdrSize    = 8
)

var pageSize = os.Getpagesize()

// ring is one BPF_MAP_TYPE_RINGBUF map mapped for reading: the consumer
// page read-write, the producer page and the data area (twice in a row, so
// a record that wraps around reads as one piece) read-only.
type ring struct {
	fd    int     // our duplicate of the map's fd
	mask  uint64  // data size - 1
	cons  *uint64 // the consumer position, in the consumer page
	prod  *uint64 // the producer position, in the producer page
	data  unsafe.Pointer
	pos   uint64 // how far we have read; committed to *cons in batches
	done  uint64 // the consumer position last committed
	limit uint64 // the producer position we last read: records before it are reserved
	desc  string

	consMem, prodMem []byte // the mappings, for munmap
}

// openRing maps the ring buffer map fd. On error nothing is left open.
func openRing(fd int, kind opts.MapType) (*ring, error) {
	info, err := epoll.GetMapInfo(fd)
	if err != nil {
		return nil, err
	}
	desc := info.Describe(fd)
	if info.Type != kind {
		return nil, fmt.Errorf("%s is a %s map, not %s: %w", desc, info.Type, kind, unix.EINVAL)
	}
	size := uint64(info.MaxEntries)
	if size == 0 || size&(size-1) != 0 || size%uint64(pageSize) != 0 {
		return nil, fmt.Errorf("%s: data size %d is not a power of two multiple of the page size: %w", desc, size, unix.EINVAL)
	}
	g := &ring{fd: -1, mask: size - 1, desc: desc}
	if g.fd, err = unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0); err != nil {
		return nil, fmt.Errorf("%s: dup: %w", desc, err)
	}
	return g, nil
}

// mapReader maps the ring for reading.
func (g *ring) mapReader() error {
	var err error
	if g.consMem, err = unix.Mmap(g.fd, 0, pageSize, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED); err != nil {
		return fmt.Errorf("%s: mmap consumer page: %w", g.desc, err)
	}
	size := g.mask + 1
	if g.prodMem, err = unix.Mmap(g.fd, int64(pageSize), pageSize+int(2*size), unix.PROT_READ, unix.MAP_SHARED); err != nil {
		return fmt.Errorf("%s: mmap producer page and data: %w", g.desc, err)
	}
	g.cons = (*uint64)(unsafe.Pointer(&g.consMem[0]))
	g.prod = (*uint64)(unsafe.Pointer(&g.prodMem[0]))
	g.data = unsafe.Pointer(&g.prodMem[pageSize])
	g.pos = atomic.LoadUint64(g.cons)
	g.limit, g.done = g.pos, g.pos
	return nil
}

// close unmaps the ring and closes its fd.
func (g *ring) close() {
	g.closeFD()
	g.unmap()
}

// closeFD closes the ring's fd. Reading the mapped ring does not need it.
func (g *ring) closeFD() {
	if g.fd >= 0 {
		unix.Close(g.fd)
		g.fd = -1
	}
}

// unmap unmaps the ring; it touches no field closeFD does.
func (g *ring) unmap() {
	if g.consMem != nil {
		unix.Munmap(g.consMem)
		g.consMem = nil
	}
	if g.prodMem != nil {
		unix.Munmap(g.prodMem)
		g.prodMem = nil
	}
	g.cons, g.prod, g.data = nil, nil, nil
}

// commit publishes the consumer position, giving the space before it back
// to the producers.
func (g *ring) commit() {
	if g.done != g.pos {
		atomic.StoreUint64(g.cons, g.pos)
		g.done = g.pos
	}
}

// next returns the next record ready to read and advances past it (and
// past discarded records), or returns nil if there is none. It commits the
// consumer position whenever it catches up with the producer position it
// knew, before it reads that position again, so a record it returned stays
// valid until the next call to next (or commit). It never blocks.
func (g *ring) next() (p unsafe.Pointer, n uint32) {
	for {
		if g.pos == g.limit {
			g.commit()
			g.limit = atomic.LoadUint64(g.prod)
			if g.pos == g.limit {
				return nil, 0
			}
		}
		hdr := (*uint32)(unsafe.Add(g.data, g.pos&g.mask))
		l := atomic.LoadUint32(hdr)
		if l&busyBit != 0 {
			return nil, 0
		}
		n = l &^ discardBit
		g.pos += uint64(n+hdrSize+7) &^ 7
		if l&discardBit == 0 {
			return unsafe.Add(unsafe.Pointer(hdr), hdrSize), n
		}
	}
}

// nextInBatch is next's common case, small enough to be inlined: it
// returns the next record if it lies before the producer position last
// read and is neither busy nor discarded, and nil (leaving the rest to
// next) if not.
func (g *ring) nextInBatch() (unsafe.Pointer, uint32) {
	if g.pos == g.limit {
		return nil, 0
	}
	hdr := (*uint32)(unsafe.Add(g.data, g.pos&g.mask))
	l := atomic.LoadUint32(hdr)
	if l&(busyBit|discardBit) != 0 {
		return nil, 0
	}
	g.pos += uint64(l+hdrSize+7) &^ 7
	return unsafe.Add(unsafe.Pointer(hdr), hdrSize), l
}
