package uprobe

import (
	"bytes"
	"debug/elf"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"unsafe"
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

// loadBinary finds the file offsets of the targets. `go test` links with
// -s -w, so the binary has no ELF symbol table; instead each target's
// run-time address is taken from Go, turned into a link-time virtual address
// (minus the load bias, 0 for ET_EXEC) and then into a file offset through
// the PT_LOAD program header whose file-backed part holds it. Each result is
// proved by comparing the bytes at that file offset with the bytes at the
// address in this process's memory (/proc/self/mem); variables must also lie
// in .noptrdata (initialised, pointer-free, file backed and writable).
var loadBinary = sync.OnceValues(func() (*binary, error) {
	path, err := os.Executable()
	if err != nil {
		return nil, err
	}
	f, err := elf.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	raw, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	mem, err := os.Open("/proc/self/mem")
	if err != nil {
		return nil, err
	}
	defer mem.Close()
	bias, err := loadBias(f, path)
	if err != nil {
		return nil, err
	}
	noptrdata := f.Section(".noptrdata")
	if noptrdata == nil {
		return nil, fmt.Errorf("%s has no .noptrdata section", path)
	}

	// resolve returns the file offset of the size bytes at run-time address
	// addr, checked against memory.
	resolve := func(what string, addr uintptr, size uint64) (uint64, error) {
		vaddr := uint64(addr - bias)
		off, ok := fileOffset(f, vaddr, size)
		if !ok {
			return 0, fmt.Errorf("%s at %#x (+%d) is in no file-backed part of a PT_LOAD segment of %s", what, vaddr, size, path)
		}
		inFile, inMem := make([]byte, size), make([]byte, size)
		if _, err := raw.ReadAt(inFile, int64(off)); err != nil {
			return 0, fmt.Errorf("%s: reading %s at %#x: %w", what, path, off, err)
		}
		if _, err := mem.ReadAt(inMem, int64(addr)); err != nil {
			return 0, fmt.Errorf("%s: reading memory at %#x: %w", what, addr, err)
		}
		if !bytes.Equal(inFile, inMem) {
			return 0, fmt.Errorf("%s: file offset %#x holds % x, memory at %#x holds % x", what, off, inFile, addr, inMem)
		}
		return off, nil
	}

	b := &binary{path: path, funcs: map[uintptr]uint64{}, vars: map[uintptr]uint64{}}
	for _, fn := range targetFuncs {
		pc := reflect.ValueOf(fn).Pointer()
		name := runtime.FuncForPC(pc).Name()
		if b.funcs[pc], err = resolve(name, pc, 16); err != nil {
			return nil, err
		}
	}
	for i, p := range targetVars {
		addr := uintptr(unsafe.Pointer(p))
		vaddr := uint64(addr - bias)
		if vaddr < noptrdata.Addr || vaddr+2 > noptrdata.Addr+noptrdata.Size {
			return nil, fmt.Errorf("semaphore %d at %#x is not in .noptrdata [%#x, %#x)",
				i, vaddr, noptrdata.Addr, noptrdata.Addr+noptrdata.Size)
		}
		if b.vars[addr], err = resolve(fmt.Sprintf("semaphore %d", i), addr, 2); err != nil {
			return nil, err
		}
	}
	return b, nil
})

// fileOffset converts the link-time address of size bytes into their
// offset in the file, through the PT_LOAD segment whose file-backed part
// holds them.
func fileOffset(f *elf.File, vaddr, size uint64) (uint64, bool) {
	for _, p := range f.Progs {
		if p.Type == elf.PT_LOAD && vaddr >= p.Vaddr && vaddr+size <= p.Vaddr+p.Filesz {
			return vaddr - p.Vaddr + p.Off, true
		}
	}
	return 0, false
}

// loadBias is the difference between run-time and link-time addresses of
// the running executable f: 0 for ET_EXEC; for a position-independent one,
// taken from where /proc/self/maps shows its first page.
func loadBias(f *elf.File, path string) (uintptr, error) {
	if f.Type == elf.ET_EXEC {
		return 0, nil
	}
	var first *elf.Prog
	for _, p := range f.Progs {
		if p.Type == elf.PT_LOAD {
			first = p
			break
		}
	}
	if first == nil || first.Off != 0 {
		return 0, fmt.Errorf("%s: the first PT_LOAD does not map offset 0", path)
	}
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(maps), "\n") {
		var start, end, off, inode uint64
		var perms, dev, file string
		n, _ := fmt.Sscanf(line, "%x-%x %s %x %s %d %s", &start, &end, &perms, &off, &dev, &inode, &file)
		if n == 7 && file == path && off == 0 {
			return uintptr(start - first.Vaddr&^(first.Align-1)), nil
		}
	}
	return 0, fmt.Errorf("%s is not in /proc/self/maps", path)
}

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
