package main

import (
	"fmt"
	"path/filepath"

	"github.com/golibbpf/golibbpf/internal/btf"
	"github.com/golibbpf/golibbpf/internal/gotype"
	"github.com/golibbpf/golibbpf/opts"
)

// newSkeleton reads a BPF object and builds the model of its skeleton.
func newSkeleton(c *genConfig, embed string, elfBytes []byte) (*skeleton, error) {
	name := filepath.Base(embed)
	obj, err := readObject(name, elfBytes)
	if err != nil {
		return nil, err
	}
	spec, err := btf.Parse(elfBytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	reserved := []string{c.Type, c.Type + "Object", c.Type + "Progs", c.Type + "Maps", c.Type + "Links",
		c.Type + "TypedMaps", "Open" + c.Type, "OpenAndLoad" + c.Type}
	types, err := gotype.Generate(spec, &gotype.Options{Prefix: c.Type, Reserved: reserved})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	sk := &skeleton{
		Type:      c.Type,
		Package:   c.Package,
		Source:    name,
		EmbedPath: embed,
		Imports:   types.Imports,
		Decls:     types.Decls,
		Check:     types.CheckLayout,
		CheckFunc: types.CheckLayoutFunc,
	}

	fields := map[string]string{} // Go field name → C name, per struct
	unique := func(kind, field, cName string) error {
		if field == "" {
			return fmt.Errorf("%s: the %s %q has no letter or digit to make a Go name of; rename it", name, kind, cName)
		}
		key := kind + "." + field
		if other, dup := fields[key]; dup {
			return fmt.Errorf("%s: the %s %q and %q both become the Go name %s; rename one", name, kind, other, cName, field)
		}
		fields[key] = cName
		return nil
	}
	for _, p := range obj.Programs {
		f := gotype.GoName(p.Name)
		if err := unique("program", f, p.Name); err != nil {
			return nil, err
		}
		sk.Programs = append(sk.Programs, genProgram{Field: f, Name: p.Name, Section: p.Section})
	}
	for _, m := range types.Maps {
		if err := unique("map", m.GoName, m.Name); err != nil {
			return nil, err
		}
		gm := genMap{
			Field:   m.GoName,
			Name:    m.Name,
			Key:     m.KeyGoType,
			Value:   m.ValueGoType,
			PerCPU:  m.MapType.PerCPU(),
			RingBuf: m.MapType == opts.MapTypeRingBuf,
		}
		gm.TypeComment = " (" + m.MapType.String()
		if gm.Key != "" && gm.Value != "" {
			gm.TypeComment += ", " + gm.Key + " → " + gm.Value
		}
		gm.TypeComment += ")"
		sk.Maps = append(sk.Maps, gm)
	}
	for _, cName := range obj.StructOps {
		f := gotype.GoName(cName)
		if err := unique("map", f, cName); err != nil {
			return nil, err
		}
		if prog, dup := fields["program."+f]; dup {
			return nil, fmt.Errorf("%s: the program %q and the struct_ops map %q both become the link %s; rename one", name, prog, cName, f)
		}
		sk.Maps = append(sk.Maps, genMap{Field: f, Name: cName, StructOps: true, TypeComment: " (struct_ops)"})
	}
	for _, d := range types.Datasecs {
		f := d.GoName
		if err := unique("data section", f, d.Section); err != nil {
			return nil, err
		}
		sk.Sections = append(sk.Sections, genSection{Field: f, Name: d.Section, GoType: d.GoType, ReadOnly: d.ReadOnly, Kconfig: d.Section == ".kconfig"})
	}
	return sk, nil
}
