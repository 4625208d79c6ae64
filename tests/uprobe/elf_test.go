package uprobe

import (
	"fmt"
	"os"
	"reflect"
	"sync"
	"testing"
	"unsafe"

	"github.com/golibbpf/golibbpf/internal/elfsym"
)

// binary is the running test binary: its path and the file offsets of the
// probe targets and semaphores of targets.go.
type binary struct {
	path  string
	funcs map[uintptr]uint64 // run-time entry of a function -> file offset
	vars  map[uintptr]uint64 // run-time address of a variable -> file offset
}

// targetFuncs and targetVars are resolved once, before any test has put a
// breakpoint into the code or changed a semaphore.
var (
	targetFuncs = []any{targetA, targetB, targetRef, targetInfoE, targetInfoF}
	targetVars  = []*uint16{&refSemaphore, &infoSemaphore}
)

// loadBinary finds the file offsets of the targets with package elfsym
// (`go test` links with -s -w, so the binary has no ELF symbol table);
// variables must also lie in .noptrdata (initialised, pointer-free, file
// backed and writable).
var loadBinary = sync.OnceValues(func() (*binary, error) {
	path, err := os.Executable()
	if err != nil {
		return nil, err
	}
	exe, err := elfsym.Open(path)
	if err != nil {
		return nil, err
	}
	defer exe.Close()
	noptrdata := exe.ELF.Section(".noptrdata")
	if noptrdata == nil {
		return nil, fmt.Errorf("%s has no .noptrdata section", path)
	}

	b := &binary{path: path, funcs: map[uintptr]uint64{}, vars: map[uintptr]uint64{}}
	for _, fn := range targetFuncs {
		_, off, err := exe.Func(fn)
		if err != nil {
			return nil, err
		}
		b.funcs[reflect.ValueOf(fn).Pointer()] = off
	}
	for i, p := range targetVars {
		addr := uintptr(unsafe.Pointer(p))
		vaddr := exe.LinkAddr(addr)
		if vaddr < noptrdata.Addr || vaddr+2 > noptrdata.Addr+noptrdata.Size {
			return nil, fmt.Errorf("semaphore %d at %#x is not in .noptrdata [%#x, %#x)",
				i, vaddr, noptrdata.Addr, noptrdata.Addr+noptrdata.Size)
		}
		if b.vars[addr], err = exe.Offset(fmt.Sprintf("semaphore %d", i), addr, 2); err != nil {
			return nil, err
		}
	}
	return b, nil
})

// testBinary returns the running test binary or fails t.
func testBinary(t testing.TB) *binary {
	t.Helper()
	b, err := loadBinary()
	if err != nil {
		t.Fatalf("resolving probe targets in the test binary: %v", err)
	}
	return b
}

// funcOffset is the file offset of the entry of fn, one of targetFuncs.
func (b *binary) funcOffset(t testing.TB, fn any) uint64 {
	t.Helper()
	off, ok := b.funcs[reflect.ValueOf(fn).Pointer()]
	if !ok {
		t.Fatalf("%v is not in targetFuncs", fn)
	}
	return off
}

// varOffset is the file offset of p, one of targetVars.
func (b *binary) varOffset(t testing.TB, p *uint16) uint64 {
	t.Helper()
	off, ok := b.vars[uintptr(unsafe.Pointer(p))]
	if !ok {
		t.Fatalf("%p is not in targetVars", p)
	}
	return off
}
