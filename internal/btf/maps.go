package btf

import (
	"fmt"

	"github.com/golibbpf/golibbpf/opts"
)

// Map is a BTF-defined map of the .maps section, as libbpf's
// parse_btf_map_def reads it from the __uint, __type, __array and __ulong
// fields of its definition.
type Map struct {
	Name       string
	Type       opts.MapType
	Key        TypeID // from __type(key, ...); 0 if only key_size was given
	Value      TypeID // from __type(value, ...); 0 if none
	KeySize    uint32
	ValueSize  uint32
	MaxEntries uint32
	Flags      uint32
	NumaNode   uint32
	Pinning    uint32
	MapExtra   uint64
	// Inner is the inner map's definition of a map-in-map declared with
	// __array(values, struct inner), else nil.
	Inner *Map
}

// Maps returns the maps of the .maps section in offset order, or nil if
// there is none. A definition libbpf would reject (no type, a field of the
// wrong shape, conflicting sizes) is an error naming the map.
func (s *Spec) Maps() ([]Map, error) {
	var maps []Map
	for _, d := range s.Datasecs() {
		if d.Name != ".maps" {
			continue
		}
		for _, v := range d.Vars {
			if s.Types[v.ID].Kind != KindVar {
				return nil, formatErr("map %q is a %s, not a var", v.Name, s.Types[v.ID].Kind)
			}
			def, err := s.Resolve(v.Type)
			if err != nil {
				return nil, fmt.Errorf("map %q: %w", v.Name, err)
			}
			m, err := s.mapDef(v.Name, def, true)
			if err != nil {
				return nil, err
			}
			maps = append(maps, *m)
		}
	}
	return maps, nil
}

func (s *Spec) mapDef(name string, def *Type, outer bool) (*Map, error) {
	bad := func(format string, args ...any) (*Map, error) {
		return nil, formatErr("map %q: %s", name, fmt.Sprintf(format, args...))
	}
	if def.Kind != KindStruct {
		return bad("definition is a %s, not a struct", def.Kind)
	}
	m := &Map{Name: name}
	setSize := func(field string, dst *uint32, sz uint32) error {
		if *dst != 0 && *dst != sz {
			return formatErr("map %q: %s %d conflicts with the size %d given before", name, field, sz, *dst)
		}
		*dst = sz
		return nil
	}
	for _, f := range def.Members {
		switch f.Name {
		case "type", "max_entries", "map_flags", "numa_node", "key_size", "value_size", "pinning":
			v, err := s.mapInt(f.Type)
			if err != nil {
				return bad("field %s: %v", f.Name, err)
			}
			switch f.Name {
			case "type":
				m.Type = opts.MapType(v)
			case "max_entries":
				m.MaxEntries = v
			case "map_flags":
				m.Flags = v
			case "numa_node":
				m.NumaNode = v
			case "pinning":
				if v > 1 {
					return bad("pinning %d, want 0 (none) or 1 (by name)", v)
				}
				m.Pinning = v
			case "key_size":
				err = setSize("key_size", &m.KeySize, v)
			case "value_size":
				err = setSize("value_size", &m.ValueSize, v)
			}
			if err != nil {
				return nil, err
			}
		case "map_extra":
			v, err := s.mapLong(f.Type)
			if err != nil {
				return bad("field map_extra: %v", err)
			}
			m.MapExtra = v
		case "key", "value":
			p := s.Types[f.Type]
			if p.Kind != KindPtr {
				return bad("%s is a %s, not a pointer", f.Name, p.Kind)
			}
			sz, err := s.Sizeof(p.Type)
			if err != nil {
				return bad("%s: %v", f.Name, err)
			}
			if f.Name == "key" {
				m.Key = p.Type
				err = setSize("key", &m.KeySize, sz)
			} else {
				m.Value = p.Type
				err = setSize("value", &m.ValueSize, sz)
			}
			if err != nil {
				return nil, err
			}
		case "values":
			inner, err := s.mapValues(name, f.Type, m, outer)
			if err != nil {
				return nil, err
			}
			m.Inner = inner
			if err := setSize("values", &m.ValueSize, 4); err != nil {
				return nil, err
			}
		}
	}
	if m.Type == opts.MapTypeUnspec {
		return bad("map type isn't specified")
	}
	return m, nil
}

// mapValues decodes __array(values, T): an array of pointers to T, where T
// is the inner map's definition (map-in-map) or a program (prog array).
func (s *Spec) mapValues(name string, id TypeID, m *Map, outer bool) (*Map, error) {
	arr := s.Types[id]
	if arr.Kind != KindArray || arr.Array.Nelems != 0 {
		return nil, formatErr("map %q: values is not a zero-length array", name)
	}
	p, err := s.Resolve(arr.Array.Elem)
	if err != nil {
		return nil, fmt.Errorf("map %q: %w", name, err)
	}
	if p.Kind != KindPtr {
		return nil, formatErr("map %q: values are %s, not pointers", name, p.Kind)
	}
	switch m.Type {
	case opts.MapTypeArrayOfMaps, opts.MapTypeHashOfMaps:
		if !outer {
			return nil, formatErr("map %q: nested map-in-map", name)
		}
		def, err := s.Resolve(p.Type)
		if err != nil {
			return nil, fmt.Errorf("map %q: %w", name, err)
		}
		return s.mapDef(name+".inner", def, false)
	case opts.MapTypeProgArray:
		return nil, nil
	}
	return nil, formatErr("map %q: values given for a %v map (the type must come first)", name, m.Type)
}

// mapInt decodes __uint(name, N): a pointer to an array of N elements.
func (s *Spec) mapInt(id TypeID) (uint32, error) {
	p, err := s.Resolve(id)
	if err != nil {
		return 0, err
	}
	if p.Kind != KindPtr {
		return 0, fmt.Errorf("a %s, not a pointer to an array", p.Kind)
	}
	arr := s.Types[p.Type]
	if arr.Kind != KindArray {
		return 0, fmt.Errorf("a pointer to %s, not to an array", arr.Kind)
	}
	return arr.Array.Nelems, nil
}

// mapLong decodes __ulong(name, N) (an enum whose one value is N) or
// __uint(name, N).
func (s *Spec) mapLong(id TypeID) (uint64, error) {
	t, err := s.Resolve(id)
	if err != nil {
		return 0, err
	}
	if t.Kind == KindPtr {
		v, err := s.mapInt(id)
		return uint64(v), err
	}
	if t.Kind != KindEnum && t.Kind != KindEnum64 {
		return 0, fmt.Errorf("a %s, not an enum", t.Kind)
	}
	if len(t.Values) != 1 {
		return 0, fmt.Errorf("an enum of %d values, want 1", len(t.Values))
	}
	v := t.Values[0].Value
	if t.Kind == KindEnum {
		v &= 1<<32 - 1 // libbpf reads the 32-bit val as unsigned
	}
	return v, nil
}
