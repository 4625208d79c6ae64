package main

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

// location says where probes go in the binary: by symbol name when it has
// a symbol table (syms), else by file offset.
type location struct {
	names   []string // the functions' Go names, main.square, ...
	syms    []string // names, if the binary's symbol table has them all; else nil
	offsets []uint64 // the file offsets of the functions' entries
}

// locate finds the functions fns of the running binary path. Call it
// before any probe is attached: it checks every file offset by comparing
// the code there with the code in memory, and a probe changes the latter.
func locate(path string, fns []func(uint64) uint64) (*location, error) {
	f, err := elf.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	mem, err := os.Open("/proc/self/mem")
	if err != nil {
		return nil, err
	}
	defer mem.Close()
	bias, err := loadBias(f, path)
	if err != nil {
		return nil, err
	}

	loc := &location{}
	for _, fn := range fns {
		pc := reflect.ValueOf(fn).Pointer()
		name := runtime.FuncForPC(pc).Name()
		off, ok := fileOffset(f, uint64(pc-bias))
		if !ok {
			return nil, fmt.Errorf("%s at %#x is not in a file-backed segment of %s", name, pc, path)
		}
		inFile, inMem := make([]byte, 16), make([]byte, 16)
		if _, err := file.ReadAt(inFile, int64(off)); err != nil {
			return nil, err
		}
		if _, err := mem.ReadAt(inMem, int64(pc)); err != nil {
			return nil, err
		}
		if !bytes.Equal(inFile, inMem) {
			return nil, fmt.Errorf("%s: the code at file offset %#x is not the code at %#x", name, off, pc)
		}
		loc.names = append(loc.names, name)
		loc.offsets = append(loc.offsets, off)
	}

	syms, err := f.Symbols()
	if errors.Is(err, elf.ErrNoSymbols) {
		return loc, nil // stripped, as by go run: offsets only
	}
	if err != nil {
		return nil, err
	}
	funcs := map[string]bool{}
	for _, s := range syms {
		if elf.ST_TYPE(s.Info) == elf.STT_FUNC {
			funcs[s.Name] = true
		}
	}
	for _, name := range loc.names {
		if !funcs[name] {
			return loc, nil
		}
	}
	loc.syms = loc.names
	return loc, nil
}

// fileOffset turns a link-time address into a file offset, through the
// PT_LOAD segment whose file-backed part holds it.
func fileOffset(f *elf.File, vaddr uint64) (uint64, bool) {
	for _, p := range f.Progs {
		if p.Type == elf.PT_LOAD && vaddr >= p.Vaddr && vaddr < p.Vaddr+p.Filesz {
			return vaddr - p.Vaddr + p.Off, true
		}
	}
	return 0, false
}

// loadBias is what was added to the binary's link-time addresses when it
// was mapped: 0 unless it is position independent (-buildmode=pie).
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
		return 0, fmt.Errorf("%s: its first PT_LOAD segment does not start the file", path)
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
	return 0, fmt.Errorf("%s is not mapped in /proc/self/maps", path)
}
