package ringbuf_test

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/opts"
	"github.com/golibbpf/golibbpf/skel/ringbuf"
)

// Example writes records into a user ring buffer until it is full: a BPF
// program would drain them with bpf_user_ringbuf_drain. It needs root.
func Example() {
	fd, err := cgo.MapCreate(opts.MapTypeUserRingBuf, "example", 0, 0, 4096, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer unix.Close(fd)
	w, err := ringbuf.NewWriter(fd)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer w.Close()
	n := 0
	for {
		err := w.Write([]byte("a 24-byte sample, padded"))
		if errors.Is(err, ringbuf.ErrFull) {
			break
		} else if err != nil {
			fmt.Println(err)
			return
		}
		n++
	}
	// Each record takes an 8-byte header and its 24 bytes: 4096/32.
	fmt.Printf("%d-byte ring, full after %d records\n", w.Size(), n)
	// Output: 4096-byte ring, full after 128 records
}

// Read records in place until the context ends or the reader is closed.
func ExampleReader_Records() {
	var eventsFD int // the fd of a BPF_MAP_TYPE_RINGBUF map, e.g. from a skeleton
	r, err := ringbuf.NewReader(eventsFD)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	for rec, err := range r.Records(context.Background()) {
		if err != nil {
			break // ctx.Err() or ringbuf.ErrClosed
		}
		fmt.Printf("ring %d: %d bytes\n", rec.Ring, len(rec.Data)) // rec.Data is valid until the next iteration
	}
}

// Copy records one at a time into a reused buffer.
func ExampleReader_ReadInto() {
	var eventsFD int
	r, err := ringbuf.NewReader(eventsFD)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	rec := ringbuf.Record{Data: make([]byte, 0, 256)}
	for {
		if err := r.ReadInto(context.Background(), &rec); errors.Is(err, ringbuf.ErrClosed) {
			return
		} else if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%x\n", rec.Data)
	}
}

// Hand every ready record to a callback without waiting.
func ExampleReader_Consume() {
	var eventsFD int
	r, err := ringbuf.NewReader(eventsFD)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	var bytes int
	n, err := r.Consume(func(ring int, data []byte) error {
		bytes += len(data)
		return nil
	})
	fmt.Println(n, bytes, err)
}

// Send a record to a BPF program that drains a user ring buffer.
func ExampleWriter() {
	var userRingFD int // the fd of a BPF_MAP_TYPE_USER_RINGBUF map
	w, err := ringbuf.NewWriter(userRingFD)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer w.Close()
	b, err := w.Reserve(16)
	if errors.Is(err, ringbuf.ErrFull) {
		return // or ReserveWait
	}
	copy(b, "hello, bpf")
	if err := w.Submit(b); err != nil {
		fmt.Println(err)
	}
}
