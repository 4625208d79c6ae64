package cbench

/*
#cgo noescape cbench_ringbuf_consume
#cgo nocallback cbench_ringbuf_consume
#include <errno.h>
#include <stdlib.h>
#include <bpf/libbpf.h>

// What the trivial callback counts.
struct cbench_ringbuf {
	struct ring_buffer *rb;
	unsigned long long records;
	unsigned long long bytes;
};

static int cbench_ringbuf_count(void *ctx, void *data, size_t size)
{
	struct cbench_ringbuf *c = ctx;

	c->records++;
	c->bytes += size;
	return 0;
}

static struct cbench_ringbuf *cbench_ringbuf_new(int fd, int *err)
{
	struct cbench_ringbuf *c = calloc(1, sizeof(*c));

	if (!c) {
		*err = -ENOMEM;
		return NULL;
	}
	c->rb = ring_buffer__new(fd, cbench_ringbuf_count, c, NULL);
	if (!c->rb) {
		*err = -errno;
		free(c);
		return NULL;
	}
	return c;
}

// ring_buffer__consume until the ring is empty; the records consumed, or a
// negative errno.
static long cbench_ringbuf_consume(struct cbench_ringbuf *c)
{
	return ring_buffer__consume(c->rb);
}

static void cbench_ringbuf_free(struct cbench_ringbuf *c)
{
	ring_buffer__free(c->rb);
	free(c);
}
*/
import "C"

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// Ringbuf is libbpf's ring buffer consumer (struct ring_buffer) over one
// BPF_MAP_TYPE_RINGBUF map, with a C callback that only counts the
// records and bytes it is handed.
type Ringbuf struct{ c *C.struct_cbench_ringbuf }

// NewRingbuf is ring_buffer__new over the map fd.
func NewRingbuf(fd int) (*Ringbuf, error) {
	var cerr C.int
	c := C.cbench_ringbuf_new(C.int(fd), &cerr)
	if c == nil {
		return nil, fmt.Errorf("ring_buffer__new(map_fd=%d): %w", fd, unix.Errno(-cerr))
	}
	return &Ringbuf{c: c}, nil
}

// Consume is one ring_buffer__consume call: every ready record goes
// through the C callback, in C. It returns how many.
func (r *Ringbuf) Consume() (int, error) {
	n := C.cbench_ringbuf_consume(r.c)
	if n < 0 {
		return 0, fmt.Errorf("ring_buffer__consume: %w", unix.Errno(-n))
	}
	return int(n), nil
}

// Records returns how many records the callback has counted.
func (r *Ringbuf) Records() uint64 { return uint64(r.c.records) }

// Bytes returns how many bytes of records the callback has counted.
func (r *Ringbuf) Bytes() uint64 { return uint64(r.c.bytes) }

// Close is ring_buffer__free.
func (r *Ringbuf) Close() {
	if r.c != nil {
		C.cbench_ringbuf_free(r.c)
		r.c = nil
	}
}
