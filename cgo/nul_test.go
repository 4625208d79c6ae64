package cgo_test

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
)

// TestStringsWithNUL: a path or name holding a NUL byte, which C would read
// as a shorter one, is refused before any call, naming the function.
func TestStringsWithNUL(t *testing.T) {
	before := cgo.OutstandingAllocations()
	for name, err := range map[string]error{
		"bpf_object__open_file": func() error { _, err := cgo.ObjectOpenFile("/tmp/x.o\x00.evil", nil); return err }(),
		"bpf_obj_get":           func() error { _, err := cgo.ObjGet("/sys/fs/bpf/a\x00b"); return err }(),
		"bpf_obj_pin":           cgo.ObjPin(-1, "/sys/fs/bpf/a\x00b"),
	} {
		if !errors.Is(err, unix.EINVAL) || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "NUL") {
			t.Errorf("%s: got %v, want an EINVAL error naming it and the NUL byte", name, err)
		}
	}
	if n := cgo.OutstandingAllocations(); n != before {
		t.Errorf("%d C allocations outstanding, %d before", n, before)
	}
}
