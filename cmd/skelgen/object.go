package main

import (
	"bytes"
	"cmp"
	"debug/elf"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// program is one BPF program of an object, as libbpf will see it.
type program struct {
	Name    string // the C function name, e.g. connect4
	Section string // its ELF section, e.g. cgroup/connect4
}

// object is what skelgen reads from a compiled BPF object besides its BTF.
type object struct {
	Programs  []program // in ELF order, as libbpf lists them
	StructOps []string  // the struct_ops maps: variables of .struct_ops and .struct_ops.link
}

// readObject checks that elfBytes is a BPF ELF object with BTF and lists its
// programs: the global functions in executable sections other than .text,
// which libbpf treats as subprograms.
func readObject(name string, elfBytes []byte) (*object, error) {
	f, err := elf.NewFile(bytes.NewReader(elfBytes))
	if err != nil {
		return nil, fmt.Errorf("%s is not an ELF file: %w", name, err)
	}
	defer f.Close()
	if f.Machine != elf.EM_BPF {
		return nil, fmt.Errorf("%s is an ELF file for %s, not a BPF object (EM_BPF)", name, f.Machine)
	}
	if f.Type != elf.ET_REL {
		return nil, fmt.Errorf("%s is an ELF %s, not a relocatable BPF object", name, f.Type)
	}
	if f.Section(".BTF") == nil {
		return nil, fmt.Errorf("%s has no .BTF section: compile it with -g", name)
	}
	syms, err := f.Symbols()
	if err != nil && !errors.Is(err, elf.ErrNoSymbols) {
		return nil, fmt.Errorf("%s: reading the symbol table: %w", name, err)
	}
	o := &object{}
	progs := globals(f, syms, elf.STT_FUNC, func(sec *elf.Section) bool {
		return sec.Flags&elf.SHF_EXECINSTR != 0 && sec.Name != ".text"
	})
	for _, s := range progs {
		o.Programs = append(o.Programs, program{s.Name, f.Sections[s.Section].Name})
	}
	// libbpf makes a struct_ops map of every global variable of a
	// .struct_ops or .struct_ops.* (.struct_ops.link) section.
	maps := globals(f, syms, elf.STT_OBJECT, func(sec *elf.Section) bool {
		return sec.Name == ".struct_ops" || strings.HasPrefix(sec.Name, ".struct_ops.")
	})
	for _, s := range maps {
		o.StructOps = append(o.StructOps, s.Name)
	}
	return o, nil
}

// globals returns the global symbols of type typ defined in a section that
// keep accepts, in section and then offset order: the order libbpf lists
// programs and maps in.
func globals(f *elf.File, syms []elf.Symbol, typ elf.SymType, keep func(*elf.Section) bool) []elf.Symbol {
	var out []elf.Symbol
	for _, s := range syms {
		if elf.ST_TYPE(s.Info) != typ || elf.ST_BIND(s.Info) != elf.STB_GLOBAL {
			continue
		}
		if s.Section <= elf.SHN_UNDEF || s.Section >= elf.SHN_LORESERVE || int(s.Section) >= len(f.Sections) {
			continue
		}
		if keep(f.Sections[s.Section]) {
			out = append(out, s)
		}
	}
	slices.SortStableFunc(out, func(a, b elf.Symbol) int {
		return cmp.Or(cmp.Compare(a.Section, b.Section), cmp.Compare(a.Value, b.Value))
	})
	return out
}
