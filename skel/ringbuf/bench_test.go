package ringbuf_test

import (
	"context"
	"strings"
	"testing"

	"github.com/golibbpf/golibbpf/cgo/cbench"
	"github.com/golibbpf/golibbpf/skel/ringbuf"
)

// benchRingSize is the ring the benchmarks read: 256 KiB (it stays in the
// CPU's cache, so the benchmark measures the readers, not the memory) holds
// 10 922 16-byte records or 254 1 KiB ones per refill.
const benchRingSize = 256 << 10

// cNsPerEvent holds, per record size, the ns/event of libbpf's
// ring_buffer__consume measured by the C sub-benchmark of the same run;
// the Go sub-benchmarks report their ratio to it.
var cNsPerEvent = map[uint32]float64{}

// BenchmarkConsume reads already-produced records of 16 bytes and 1 KiB
// through libbpf's ring_buffer__consume in C (with a callback that counts
// records and bytes) and through this package's readers: Consume and
// Records (zero copy) and ReadInto (a copy into a reused buffer). The ring
// is refilled by one test_run of the produce program with the timer
// stopped; b.N is the number of records. Run the C sub-benchmark first
// (it is listed first), e.g.:
//
//	go test -run '^$' -bench Consume -benchmem -benchtime 4000000x ./skel/ringbuf
func BenchmarkConsume(b *testing.B) {
	for _, size := range []uint32{16, 1024} {
		name := "16B"
		if size == 1024 {
			name = "1KiB"
		}
		b.Run(name+"/C", func(b *testing.B) {
			fill, ring := benchRing(b, size)
			c, err := cbench.NewRingbuf(ring)
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			cNsPerEvent[size] = run(b, size, fill, func() int {
				n, err := c.Consume()
				if err != nil {
					b.Fatal(err)
				}
				return n
			})
			if c.Bytes() != uint64(size)*c.Records() {
				b.Fatalf("C saw %d bytes in %d records", c.Bytes(), c.Records())
			}
		})
		b.Run(name+"/Consume", func(b *testing.B) {
			fill, ring := benchRing(b, size)
			r := benchReader(b, ring)
			var bytes uint64
			count := func(ring int, data []byte) error {
				bytes += uint64(len(data))
				return nil
			}
			run(b, size, fill, func() int {
				n, err := r.Consume(count)
				if err != nil {
					b.Fatal(err)
				}
				return n
			})
			checkBytes(b, bytes, size)
		})
		b.Run(name+"/Records", func(b *testing.B) {
			fill, ring := benchRing(b, size)
			r := benchReader(b, ring)
			var bytes uint64
			ctx := context.Background()
			run(b, size, fill, func() int {
				n := 0
				for rec, err := range r.Records(ctx) {
					if err != nil {
						b.Fatal(err)
					}
					bytes += uint64(len(rec.Data))
					if n++; n == perFill(size) {
						break
					}
				}
				return n
			})
			checkBytes(b, bytes, size)
		})
		b.Run(name+"/ReadInto", func(b *testing.B) {
			fill, ring := benchRing(b, size)
			r := benchReader(b, ring)
			var bytes uint64
			ctx := context.Background()
			rec := ringbuf.Record{Data: make([]byte, 0, 4096)}
			run(b, size, fill, func() int {
				n := perFill(size)
				for i := 0; i < n; i++ {
					if err := r.ReadInto(ctx, &rec); err != nil {
						b.Fatal(err)
					}
					bytes += uint64(len(rec.Data))
				}
				return n
			})
			checkBytes(b, bytes, size)
		})
	}
}

// perFill is how many records of size bytes one refill writes.
func perFill(size uint32) int { return benchRingSize / int((size+8+7)&^7) }

// benchRing makes a ring and returns a function that fills it with
// perFill(size) records.
func benchRing(b *testing.B, size uint32) (fill func(), ring int) {
	ring = newRing(b, benchRingSize)
	p := newProducer(b, ring, 0)
	n := uint32(perFill(size))
	return func() {
		if a := p.run(b, n, size, 1, 0, 0); a.Submitted != n {
			b.Fatalf("refill: %+v", a)
		}
	}, ring
}

func benchReader(b *testing.B, ring int) *ringbuf.Reader {
	r, err := ringbuf.NewReader(ring)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { r.Close() })
	return r
}

// run consumes b.N records (rounded up to whole refills), refilling the
// ring with the timer stopped, and reports ns/event and the ratio to C
// (for the Go readers). It returns the ns/event.
func run(b *testing.B, size uint32, fill func(), consume func() int) float64 {
	b.ReportAllocs()
	b.StopTimer()
	total := 0
	for total < b.N {
		fill()
		b.StartTimer()
		n := consume()
		b.StopTimer()
		if n != perFill(size) {
			b.Fatalf("consumed %d records of a refill of %d", n, perFill(size))
		}
		total += n
	}
	ns := float64(b.Elapsed().Nanoseconds()) / float64(total)
	b.ReportMetric(ns, "ns/event")
	if c := cNsPerEvent[size]; c > 0 && !strings.HasSuffix(b.Name(), "/C") {
		b.ReportMetric(ns/c, "xC")
	}
	// b.N records were asked for; the extra ones of the last refill are in
	// b.Elapsed too, so ns/op is not exact: ns/event is.
	return ns
}

func checkBytes(b *testing.B, bytes uint64, size uint32) {
	if bytes%uint64(size) != 0 || bytes == 0 {
		b.Fatalf("read %d bytes of %d-byte records", bytes, size)
	}
}
