package main

import (
	"bytes"
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
	type indexed struct {
		program
		sec   int
		value uint64
	}
	var progs []indexed
	for _, s := range syms {
		if elf.ST_TYPE(s.Info) != elf.STT_FUNC || elf.ST_BIND(s.Info) != elf.STB_GLOBAL {
			continue
		}
		if s.Section <= elf.SHN_UNDEF || s.Section >= elf.SHN_LORESERVE || int(s.Section) >= len(f.Sections) {
			continue
		}
		sec := f.Sections[s.Section]
		if sec.Flags&elf.SHF_EXECINSTR == 0 || sec.Name == ".text" {
			continue
		}
		progs = append(progs, indexed{program{s.Name, sec.Name}, int(s.Section), s.Value})
	}
	slices.SortStableFunc(progs, func(a, b indexed) int {
		if a.sec != b.sec {
			return a.sec - b.sec
		}
		return int(a.value) - int(b.value)
	})
	o := &object{}
	for _, p := range progs {
		o.Programs = append(o.Programs, p.program)
	}
	o.StructOps = structOpsMaps(f, syms)
	return o, nil
}

// structOpsMaps lists the struct_ops maps libbpf makes of an object: one
// per global variable of a .struct_ops or .struct_ops.link section, in
// section and offset order.
func structOpsMaps(f *elf.File, syms []elf.Symbol) []string {
	type sym struct {
		name  string
		sec   int
		value uint64
	}
	var maps []sym
	for _, s := range syms {
		if elf.ST_TYPE(s.Info) != elf.STT_OBJECT || elf.ST_BIND(s.Info) != elf.STB_GLOBAL {
			continue
		}
		if s.Section <= elf.SHN_UNDEF || s.Section >= elf.SHN_LORESERVE || int(s.Section) >= len(f.Sections) {
			continue
		}
		name := f.Sections[s.Section].Name
		if name == ".struct_ops" || name == ".struct_ops.link" || strings.HasPrefix(name, ".struct_ops.") {
			maps = append(maps, sym{s.Name, int(s.Section), s.Value})
		}
	}
	slices.SortStableFunc(maps, func(a, b sym) int {
		if a.sec != b.sec {
			return a.sec - b.sec
		}
		return int(a.value) - int(b.value)
	})
	names := make([]string, len(maps))
	for i, m := range maps {
		names[i] = m.name
	}
	return names
}
