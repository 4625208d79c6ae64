package main

import (
	"debug/elf"
	"errors"

	"github.com/golibbpf/golibbpf/internal/elfsym"
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
	exe, err := elfsym.Open(path)
	if err != nil {
		return nil, err
	}
	defer exe.Close()

	loc := &location{}
	for _, fn := range fns {
		name, off, err := exe.Func(fn)
		if err != nil {
			return nil, err
		}
		loc.names = append(loc.names, name)
		loc.offsets = append(loc.offsets, off)
	}

	syms, err := exe.ELF.Symbols()
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
