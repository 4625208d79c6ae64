package perfbuf_test

import (
	"context"
	"fmt"

	"github.com/golibbpf/golibbpf/skel/perfbuf"
)

// Read samples per CPU, and how many were lost.
func ExampleReader_ReadInto() {
	var perfMapFD int // the fd of a BPF_MAP_TYPE_PERF_EVENT_ARRAY map
	r, err := perfbuf.NewReader(perfMapFD, &perfbuf.Options{Pages: 16})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	var rec perfbuf.Record
	for r.ReadInto(context.Background(), &rec) == nil {
		if rec.Lost > 0 {
			fmt.Printf("cpu %d lost %d samples\n", rec.CPU, rec.Lost)
			continue
		}
		fmt.Printf("cpu %d: %x\n", rec.CPU, rec.Data)
	}
}

// Wake only when a ring holds 64 KiB, and read in place.
func ExampleReader_Poll() {
	var perfMapFD int
	r, err := perfbuf.NewReader(perfMapFD, &perfbuf.Options{Pages: 64, Watermark: 64 << 10})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	n, err := r.Poll(context.Background(), func(cpu int, data []byte) error {
		return nil // data is valid until this returns
	})
	fmt.Println(n, err, r.Lost())
}
