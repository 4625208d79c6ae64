package btf

// Datasec is one global-data section (a BTF DATASEC) after the fixups.
type Datasec struct {
	ID   TypeID
	Name string // the ELF section: ".bss", ".data.foo", ".kconfig", ...
	Size uint32
	Vars []Var // sorted by offset
}

// Var is one variable of a Datasec.
type Var struct {
	ID      TypeID // the VAR (or, in .ksyms, the FUNC)
	Name    string
	Type    TypeID // the variable's type
	Offset  uint32
	Size    uint32
	Linkage Linkage
}

// Datasecs returns every DATASEC in type ID order, .maps and license
// included; see DataSection for the ones libbpf turns into maps.
func (s *Spec) Datasecs() []Datasec {
	var ds []Datasec
	for _, t := range s.Types {
		if t.Kind != KindDatasec {
			continue
		}
		d := Datasec{ID: t.ID, Name: t.Name, Size: t.Size, Vars: make([]Var, 0, len(t.Vars))}
		for _, vs := range t.Vars {
			v := s.Types[vs.Type]
			d.Vars = append(d.Vars, Var{ID: v.ID, Name: v.Name, Type: v.Type, Offset: vs.Offset, Size: vs.Size, Linkage: v.Linkage})
		}
		ds = append(ds, d)
	}
	return ds
}

// DataSection reports whether libbpf backs the ELF section name with an
// internal array map (.bss, .data, .rodata, .kconfig and their .NAME
// variants), and whether that map is read-only for BPF programs after load
// (.rodata and .kconfig).
func DataSection(name string) (isData, readOnly bool) {
	switch {
	case name == ".kconfig":
		return true, true
	case name == ".rodata" || hasPrefix(name, ".rodata."):
		return true, true
	case name == ".data" || hasPrefix(name, ".data."), name == ".bss" || hasPrefix(name, ".bss."):
		return true, false
	}
	return false, false
}

func hasPrefix(s, p string) bool { return len(s) > len(p) && s[:len(p)] == p }
