package perfbuf

import (
	"fmt"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Perf ring records (include/uapi/linux/perf_event.h): an 8-byte header
// {u32 type; u16 misc; u16 size}, then for PERF_RECORD_SAMPLE with
// PERF_SAMPLE_RAW a u32 size and the raw bytes, for PERF_RECORD_LOST a u64
// id and a u64 count.
const (
	recordLost   = unix.PERF_RECORD_LOST
	recordSample = unix.PERF_RECORD_SAMPLE
	headerSize   = 8
)

// ring is one CPU's perf event (PERF_COUNT_SW_BPF_OUTPUT) and its mapped
// ring: the control page, then the data area.
type ring struct {
	cpu     int
	fd      int
	mem     []byte
	meta    *unix.PerfEventMmapPage
	data    unsafe.Pointer
	mask    uint64
	tail    uint64 // how far we have read; committed to data_tail in batches
	head    uint64 // the data_head we last read
	lost    uint64 // samples the kernel reported lost
	scratch []byte // a record that wraps around, copied into one piece
}

// openRing opens the BPF output perf event on cpu and maps its ring of
// pages data pages.
func openRing(cpu, pages, pageSize int, o *Options) (*ring, error) {
	attr := unix.PerfEventAttr{
		Type:        unix.PERF_TYPE_SOFTWARE,
		Config:      unix.PERF_COUNT_SW_BPF_OUTPUT,
		Sample_type: unix.PERF_SAMPLE_RAW,
		Sample:      1,
		Wakeup:      1,
	}
	attr.Size = uint32(unsafe.Sizeof(attr))
	switch {
	case o.Watermark > 0:
		attr.Bits |= unix.PerfBitWatermark
		attr.Wakeup = uint32(o.Watermark)
	case o.WakeupEvents > 0:
		attr.Wakeup = uint32(o.WakeupEvents)
	}
	fd, err := unix.PerfEventOpen(&attr, -1, cpu, -1, unix.PERF_FLAG_FD_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("perf_event_open(bpf_output, cpu %d): %w", cpu, err)
	}
	g := &ring{cpu: cpu, fd: fd, mask: uint64(pages*pageSize) - 1}
	if g.mem, err = unix.Mmap(fd, 0, (1+pages)*pageSize, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED); err != nil {
		g.close()
		return nil, fmt.Errorf("mmap perf ring of cpu %d (%d pages): %w", cpu, pages, err)
	}
	g.meta = (*unix.PerfEventMmapPage)(unsafe.Pointer(&g.mem[0]))
	g.data = unsafe.Pointer(&g.mem[pageSize])
	g.tail = atomic.LoadUint64(&g.meta.Data_tail)
	g.head = g.tail
	if err := unix.IoctlSetInt(fd, unix.PERF_EVENT_IOC_ENABLE, 0); err != nil {
		g.close()
		return nil, fmt.Errorf("enable perf event of cpu %d: %w", cpu, err)
	}
	return g, nil
}

func (g *ring) close() {
	if g.mem != nil {
		unix.Munmap(g.mem)
		g.mem, g.meta, g.data = nil, nil, nil
	}
	if g.fd >= 0 {
		unix.Close(g.fd)
		g.fd = -1
	}
}

// commit publishes data_tail, giving the space before it back to the kernel.
func (g *ring) commit() {
	atomic.StoreUint64(&g.meta.Data_tail, g.tail)
}

// next returns the next record: a sample's raw bytes (lost == 0), or a
// count of lost samples (data == nil), or ok == false if the ring is
// empty. It commits data_tail whenever it has caught up with the data_head
// it knew, before reading data_head again, so a sample it returned stays
// valid until the next call. Raw bytes include the kernel's padding: a
// sample of n bytes comes with (n+4) rounded up to 8, minus 4.
func (g *ring) next() (data []byte, lost uint64, ok bool) {
	for {
		if g.tail == g.head {
			g.commit()
			g.head = atomic.LoadUint64(&g.meta.Data_head)
			if g.tail == g.head {
				return nil, 0, false
			}
		}
		off := g.tail & g.mask
		hdr := unsafe.Add(g.data, off) // 8-byte aligned, never wraps
		typ := *(*uint32)(hdr)
		size := uint64(*(*uint16)(unsafe.Add(hdr, 6)))
		g.tail += size
		if size < headerSize {
			// A corrupt ring: drop what we know of and resync at data_head.
			g.tail = g.head
			continue
		}
		body := g.bytes(off+headerSize, size-headerSize)
		switch typ {
		case recordSample:
			if len(body) < 4 {
				continue
			}
			n := uint64(*(*uint32)(unsafe.Pointer(&body[0])))
			if n > uint64(len(body))-4 {
				continue
			}
			return body[4 : 4+n : 4+n], 0, true
		case recordLost:
			if len(body) < 16 {
				continue
			}
			n := *(*uint64)(unsafe.Pointer(&body[8]))
			g.lost += n
			return nil, n, true
		}
	}
}

// bytes returns n bytes at off in the data area, copied into scratch if
// they wrap around its end.
func (g *ring) bytes(off, n uint64) []byte {
	off &= g.mask
	if off+n <= g.mask+1 {
		return unsafe.Slice((*byte)(unsafe.Add(g.data, off)), n)
	}
	if uint64(cap(g.scratch)) < n {
		g.scratch = make([]byte, n)
	}
	s := g.scratch[:n]
	first := g.mask + 1 - off
	copy(s, unsafe.Slice((*byte)(unsafe.Add(g.data, off)), first))
	copy(s[first:], unsafe.Slice((*byte)(g.data), n-first))
	return s
}
