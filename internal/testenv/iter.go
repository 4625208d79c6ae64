package testenv

import (
	"io"
	"os"
	"testing"

	"github.com/golibbpf/golibbpf/cgo"
)

// ReadIter creates an iterator from the iter link linkFD (bpf_iter_create)
// and returns all it reads, to the end.
func ReadIter(t testing.TB, linkFD int) string {
	t.Helper()
	fd, err := cgo.IterCreate(linkFD)
	if err != nil {
		t.Fatalf("IterCreate: %v", err)
	}
	f := os.NewFile(uintptr(fd), "bpf_iter")
	defer f.Close()
	out, err := io.ReadAll(f)
	if err != nil {
		t.Fatalf("reading the iterator: %v", err)
	}
	return string(out)
}
