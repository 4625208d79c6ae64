package elfsym

import (
	"bytes"
	"debug/elf"
	"errors"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"strings"
)

// entryCheck is how many bytes of a function's entry Func compares.
const entryCheck = 16

// Exe is the running executable's ELF file, open for resolving addresses.
// Resolve addresses before any uprobe is attached to them: a probe changes
// the code in memory, and the comparison with the file then fails.
type Exe struct {
	Path string    // the executable's path
	ELF  *elf.File // its ELF headers
	raw  *os.File  // the file, for reading its bytes
	mem  *os.File  // /proc/self/mem
	bias uintptr   // run-time minus link-time addresses
}

// Open opens the running executable at path (os.Executable).
func Open(path string) (_ *Exe, err error) {
	e := &Exe{Path: path}
	defer func() {
		if err != nil {
			e.Close()
		}
	}()
	if e.ELF, err = elf.Open(path); err != nil {
		return nil, err
	}
	if e.raw, err = os.Open(path); err != nil {
		return nil, err
	}
	if e.mem, err = os.Open("/proc/self/mem"); err != nil {
		return nil, err
	}
	if e.bias, err = loadBias(e.ELF, path); err != nil {
		return nil, err
	}
	return e, nil
}

// Close closes the files Open opened.
func (e *Exe) Close() error {
	var errs []error
	if e.ELF != nil {
		errs = append(errs, e.ELF.Close())
	}
	for _, f := range []*os.File{e.raw, e.mem} {
		if f != nil {
			errs = append(errs, f.Close())
		}
	}
	return errors.Join(errs...)
}

// LinkAddr is the link-time virtual address of the run-time address addr.
func (e *Exe) LinkAddr(addr uintptr) uint64 { return uint64(addr - e.bias) }

// Func returns the name of the Go function fn and the file offset of its
// entry, checked against the code in memory.
func (e *Exe) Func(fn any) (name string, off uint64, err error) {
	pc := reflect.ValueOf(fn).Pointer()
	name = runtime.FuncForPC(pc).Name()
	off, err = e.Offset(name, pc, entryCheck)
	return name, off, err
}

// Offset returns the file offset of the size bytes at the run-time address
// addr, checked against memory; what names them in errors.
func (e *Exe) Offset(what string, addr uintptr, size uint64) (uint64, error) {
	vaddr := e.LinkAddr(addr)
	off, ok := fileOffset(e.ELF, vaddr, size)
	if !ok {
		return 0, fmt.Errorf("%s at %#x (+%d) is in no file-backed part of a PT_LOAD segment of %s", what, vaddr, size, e.Path)
	}
	inFile, inMem := make([]byte, size), make([]byte, size)
	if _, err := e.raw.ReadAt(inFile, int64(off)); err != nil {
		return 0, fmt.Errorf("%s: reading %s at %#x: %w", what, e.Path, off, err)
	}
	if _, err := e.mem.ReadAt(inMem, int64(addr)); err != nil {
		return 0, fmt.Errorf("%s: reading memory at %#x: %w", what, addr, err)
	}
	if !bytes.Equal(inFile, inMem) {
		return 0, fmt.Errorf("%s: file offset %#x holds % x, memory at %#x holds % x", what, off, inFile, addr, inMem)
	}
	return off, nil
}

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
// the running executable f: 0 for ET_EXEC; for a position-independent one
// (-buildmode=pie), taken from where /proc/self/maps shows its first page.
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
