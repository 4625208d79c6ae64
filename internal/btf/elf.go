package btf

import (
	"bytes"
	"cmp"
	"debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
)

// LoadELF reads the BPF ELF object at path and parses it as Parse does.
func LoadELF(path string) (*Spec, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("btf: %w", err)
	}
	s, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// Parse decodes the .BTF section of the BPF ELF object elfBytes and applies
// libbpf's open-time fixups: DATASEC sizes of zero become the ELF section
// sizes and, for those sections, VAR offsets become the values of the
// variables' ELF symbols; globals with hidden or internal visibility become
// static; VARs are sorted by offset; .kconfig externs are laid out as libbpf
// lays out its kconfig map.
func Parse(elfBytes []byte) (*Spec, error) {
	o, err := readELF(elfBytes)
	if err != nil {
		return nil, err
	}
	s, err := ParseBTF(o.btf)
	if err != nil {
		return nil, err
	}
	if s.ByteOrder != o.byteOrder {
		return nil, formatErr("BTF is %v but the ELF object is %v", s.ByteOrder, o.byteOrder)
	}
	if err := s.fixupDatasecs(o); err != nil {
		return nil, err
	}
	return s, nil
}

// object is what the fixups need from the ELF file.
type object struct {
	byteOrder binary.ByteOrder
	btf       []byte
	secSize   map[string]uint64
	syms      []elf.Symbol
}

func readELF(b []byte) (o *object, err error) {
	// debug/elf is not guaranteed panic-free on hostile input; turn a
	// panic inside it into an error.
	defer func() {
		if r := recover(); r != nil {
			o, err = nil, formatErr("corrupt ELF file: %v", r)
		}
	}()
	f, err := elf.NewFile(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("btf: not an ELF file: %v: %w", err, ErrFormat)
	}
	if f.Class != elf.ELFCLASS64 || f.Machine != elf.EM_BPF {
		return nil, formatErr("not a BPF object (ELF class %v, machine %v)", f.Class, f.Machine)
	}
	o = &object{byteOrder: f.ByteOrder, secSize: make(map[string]uint64)}
	for _, sec := range f.Sections {
		if sec.Type == elf.SHT_PROGBITS || sec.Type == elf.SHT_NOBITS {
			o.secSize[sec.Name] = sec.Size
		}
		if sec.Name != ".BTF" {
			continue
		}
		if sec.Type != elf.SHT_PROGBITS || sec.Flags&elf.SHF_COMPRESSED != 0 {
			return nil, formatErr(".BTF is not a plain PROGBITS section")
		}
		if sec.Size > uint64(len(b)) {
			return nil, formatErr(".BTF claims %d bytes in a %d-byte file", sec.Size, len(b))
		}
		if o.btf, err = sec.Data(); err != nil {
			return nil, formatErr("reading .BTF: %v", err)
		}
	}
	if o.btf == nil {
		return nil, fmt.Errorf("btf: object has no .BTF section (compile with clang -g): %w", ErrNotFound)
	}
	o.syms, err = f.Symbols()
	if err != nil && !errors.Is(err, elf.ErrNoSymbols) {
		return nil, formatErr("reading symbols: %v", err)
	}
	return o, nil
}

// varSymbol finds the ELF symbol libbpf's find_elf_var_sym finds: a global
// or weak STT_OBJECT called name.
func (o *object) varSymbol(name string) (elf.Symbol, bool) {
	for _, sym := range o.syms {
		bind := elf.ST_BIND(sym.Info)
		if elf.ST_TYPE(sym.Info) == elf.STT_OBJECT && (bind == elf.STB_GLOBAL || bind == elf.STB_WEAK) && sym.Name == name {
			return sym, true
		}
	}
	return elf.Symbol{}, false
}

func (s *Spec) fixupDatasecs(o *object) error {
	for _, t := range s.Types {
		if t.Kind != KindDatasec {
			continue
		}
		var err error
		switch t.Name {
		case ".kconfig":
			err = s.layoutKconfig(t)
		case ".ksyms":
		default:
			err = s.fixupDatasec(t, o)
		}
		if err != nil {
			return err
		}
		slices.SortStableFunc(t.Vars, func(a, b VarSecinfo) int { return cmp.Compare(a.Offset, b.Offset) })
	}
	return nil
}

func (s *Spec) fixupDatasec(t *Type, o *object) error {
	fixOffsets := false
	if t.Size == 0 {
		size, ok := o.secSize[t.Name]
		if !ok || size == 0 || size > 1<<32-1 {
			return formatErr("DATASEC %q has size 0 and no ELF section of a usable size", t.Name)
		}
		t.Size, fixOffsets = uint32(size), true
	}
	for i := range t.Vars {
		v := s.Types[t.Vars[i].Type]
		if v.Kind != KindVar {
			return formatErr("DATASEC %q: entry %d is %s [%d], not a var", t.Name, i, v.Kind, v.ID)
		}
		if v.Linkage == LinkageStatic || v.Linkage == LinkageExtern {
			continue
		}
		sym, ok := o.varSymbol(v.Name)
		if !ok {
			return formatErr("DATASEC %q: no ELF symbol for var %q", t.Name, v.Name)
		}
		if fixOffsets {
			if sym.Value > 1<<32-1 {
				return formatErr("DATASEC %q: var %q at offset %d", t.Name, v.Name, sym.Value)
			}
			t.Vars[i].Offset = uint32(sym.Value)
		}
		if vis := elf.ST_VISIBILITY(sym.Other); vis == elf.STV_HIDDEN || vis == elf.STV_INTERNAL {
			v.Linkage = LinkageStatic
		}
	}
	return nil
}

// layoutKconfig gives the .kconfig externs the offsets libbpf gives them:
// sorted by alignment (descending), then size (ascending), then name, each
// at the next offset its alignment allows.
func (s *Spec) layoutKconfig(t *Type) error {
	type ext struct {
		i           int
		name        string
		size, align uint32
	}
	exts := make([]ext, 0, len(t.Vars))
	for i, vs := range t.Vars {
		v := s.Types[vs.Type]
		if v.Kind != KindVar {
			return formatErr(".kconfig: entry %d is %s [%d], not a var", i, v.Kind, v.ID)
		}
		size, err := s.Sizeof(v.Type)
		if err != nil {
			return fmt.Errorf(".kconfig %q: %w", v.Name, err)
		}
		align, err := s.Alignof(v.Type)
		if err != nil {
			return fmt.Errorf(".kconfig %q: %w", v.Name, err)
		}
		if size == 0 {
			return formatErr(".kconfig %q: size 0", v.Name)
		}
		exts = append(exts, ext{i, v.Name, size, align})
	}
	slices.SortFunc(exts, func(a, b ext) int {
		if a.align != b.align {
			return cmp.Compare(b.align, a.align)
		}
		if a.size != b.size {
			return cmp.Compare(a.size, b.size)
		}
		return cmp.Compare(a.name, b.name)
	})
	var off uint64
	for _, e := range exts {
		off = (off + uint64(e.align) - 1) / uint64(e.align) * uint64(e.align)
		if off+uint64(e.size) > 1<<32-1 {
			return formatErr(".kconfig larger than 4 GiB")
		}
		t.Vars[e.i].Offset = uint32(off)
		t.Vars[e.i].Size = e.size
		s.Types[t.Vars[e.i].Type].Linkage = LinkageGlobal
		off += uint64(e.size)
	}
	t.Size = uint32(off)
	return nil
}
