package elfsym

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

//go:noinline
func probeMe(x uint64) uint64 { return x*3 + 1 }

// initialised, pointer-free: in the file-backed .noptrdata.
var fileBacked = [4]uint32{0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00}

func openSelf(t *testing.T) *Exe {
	t.Helper()
	path, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	e, err := Open(path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return e
}

// Func and Offset give file offsets whose bytes are those in memory.
func TestFuncAndOffset(t *testing.T) {
	e := openSelf(t)
	file, err := os.ReadFile(e.Path)
	if err != nil {
		t.Fatal(err)
	}

	name, off, err := e.Func(probeMe)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(name, ".probeMe") {
		t.Errorf("Func name %q, want ...probeMe", name)
	}
	code := make([]byte, entryCheck)
	mem, err := os.Open("/proc/self/mem")
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	if _, err := mem.ReadAt(code, int64(reflect.ValueOf(probeMe).Pointer())); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(file[off:off+entryCheck], code) {
		t.Errorf("file offset %#x holds % x, the entry holds % x", off, file[off:off+entryCheck], code)
	}

	size := uint64(unsafe.Sizeof(fileBacked))
	off, err = e.Offset("fileBacked", uintptr(unsafe.Pointer(&fileBacked)), size)
	if err != nil {
		t.Fatal(err)
	}
	if mem := unsafe.Slice((*byte)(unsafe.Pointer(&fileBacked)), size); !bytes.Equal(file[off:off+size], mem) {
		t.Errorf("file offset %#x holds % x, the variable % x", off, file[off:off+size], mem)
	}
}

// Memory that is not in the file, or differs from it, is refused.
func TestOffsetRefused(t *testing.T) {
	e := openSelf(t)
	heap := make([]byte, 8)
	if _, err := e.Offset("heap", uintptr(unsafe.Pointer(&heap[0])), 8); err == nil || !strings.Contains(err.Error(), "no file-backed part") {
		t.Errorf("Offset of heap memory: %v, want a not-file-backed error", err)
	}
	old := fileBacked[0]
	fileBacked[0]++
	defer func() { fileBacked[0] = old }()
	if _, err := e.Offset("changed", uintptr(unsafe.Pointer(&fileBacked)), 4); err == nil || !strings.Contains(err.Error(), "memory at") {
		t.Errorf("Offset of a changed variable: %v, want a mismatch error", err)
	}
}
