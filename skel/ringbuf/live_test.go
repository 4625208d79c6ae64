package ringbuf_test

import (
	"context"
	"encoding/binary"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/skel/ringbuf"
)

// TestLive: a raw tracepoint on sys_enter, filtered to getppid calls of
// this process, writes a record per call while a Reader reads them in
// another goroutine: each call's record arrives once, in order.
func TestLive(t *testing.T) {
	noFDLeak(t)
	obj := events(t)
	cfg := testenv.MapFD(t, obj, "live_cfg")
	testenv.Update(t, cfg, uint32(0), uint64(unix.SYS_GETPPID))
	testenv.Update(t, cfg, uint32(1), uint64(os.Getpid()))
	t.Cleanup(func() { testenv.Update(t, cfg, uint32(1), uint64(0)) })

	r, err := ringbuf.NewReader(testenv.MapFD(t, obj, "live_ring"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.Consume(func(int, []byte) error { return nil }) // records of an earlier run

	prog, err := cgo.ObjectFindProgramByName(obj, "live")
	if err != nil {
		t.Fatal(err)
	}
	link, err := cgo.ProgramAttach(prog)
	if err != nil {
		t.Fatal(err)
	}
	defer cgo.LinkDestroy(link)

	const calls = 2000
	got := make(chan []uint64, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		var seqs []uint64
		for rec, err := range r.Records(ctx) {
			if err != nil {
				t.Error(err)
				break
			}
			if len(rec.Data) != 16 || binary.LittleEndian.Uint32(rec.Data[8:]) == 0 {
				t.Errorf("record %x", rec.Data)
			}
			seqs = append(seqs, binary.LittleEndian.Uint64(rec.Data))
			if len(seqs) == calls {
				break
			}
		}
		got <- seqs
	}()
	for i := 0; i < calls; i++ {
		unix.Getppid()
		if i%100 == 0 {
			time.Sleep(time.Millisecond) // let the reader wait on an empty ring now and then
		}
	}
	seqs := <-got
	if len(seqs) != calls {
		t.Fatalf("%d records for %d calls", len(seqs), calls)
	}
	for i := 1; i < len(seqs); i++ {
		if seqs[i] != seqs[0]+uint64(i) {
			t.Fatalf("record %d has seq %d after %d", i, seqs[i], seqs[i-1])
		}
	}
}
