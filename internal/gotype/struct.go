package gotype

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/golibbpf/golibbpf/internal/btf"
)

// item is one thing a struct holds: a field, an embedded struct or union, or
// the storage of some bitfields.
type item struct {
	off, size, align uint32
	name             string // Go name; for storage, the unexported field name
	cname            string // C name ("" for storage and unnamed members)
	typ              string
	what             string // the C entity
	embedded         bool
	packed           bool       // stored as bytes behind accessors
	bitfields        []bitfield // set for bitfield storage
}

// bitfield is one bitfield member.
type bitfield struct {
	name   string // Go name of the accessors
	what   string
	bitOff uint32 // from the start of the struct
	bits   uint32
	typ    string // Go type the accessors use
	signed bool
	isBool bool
}

func (g *generator) structBody(d *decl, t *btf.Type) error {
	var items []item
	var bfs []bitfield
	for i, m := range t.Members {
		name, err := memberName(d, i, m)
		if err != nil {
			return err
		}
		what := fmt.Sprintf("member %s of %s", m.Name, d.what)
		base, bitOff, bits, isBF, err := g.bitfieldOf(m)
		if err != nil {
			return err
		}
		if isBF {
			if name == "" {
				continue // an unnamed bitfield is padding
			}
			bf, err := g.newBitfield(name, what, base, bitOff, bits)
			if err != nil {
				return err
			}
			bfs = append(bfs, bf)
			continue
		}
		if bitOff%8 != 0 {
			return unsupported("%s starts at bit %d, inside a byte", what, bitOff)
		}
		embedded := false
		h := hint{d.name + name, what}
		if name == "" {
			if base.Kind != btf.KindStruct && base.Kind != btf.KindUnion {
				continue
			}
			embedded = true
			h = hint{d.name + "Anon" + strconv.Itoa(i), fmt.Sprintf("unnamed member #%d of %s", i, d.what)}
			what = h.what
		}
		typ, lay, err := g.goType(m.Type, h)
		if err != nil {
			return err
		}
		if lay.size == 0 {
			continue // a flexible array or empty struct takes no room
		}
		if embedded {
			name = typ
		}
		items = append(items, item{off: bitOff / 8, size: lay.size, align: lay.align, name: name, cname: m.Name, typ: typ, what: what, embedded: embedded})
	}
	storage, err := bitfieldStorage(d, bfs)
	if err != nil {
		return err
	}
	items = append(items, storage...)
	return g.layoutItems(d, t.ID, items, t.Size, false)
}

func (g *generator) newBitfield(name, what string, base *btf.Type, bitOff, bits uint32) (bitfield, error) {
	bf := bitfield{name: name, what: what, bitOff: bitOff, bits: bits}
	switch base.Kind {
	case btf.KindInt:
		bf.typ, _ = intType(base)
		bf.signed = base.Signed()
		bf.isBool = bf.typ == "bool"
		if base.Size == 16 {
			return bf, unsupported("%s: 128-bit bitfield", what)
		}
	case btf.KindEnum, btf.KindEnum64:
		d, err := g.named(base, "", hint{"", what})
		if err != nil {
			return bf, err
		}
		bf.typ, bf.signed = d.name, base.Signed()
	default:
		return bf, unsupported("%s: bitfield of %s", what, base.Kind)
	}
	if bits > 64 || bitOff%8+bits > 64 {
		return bf, unsupported("%s: %d-bit bitfield at bit %d spans more than 8 bytes", what, bits, bitOff)
	}
	return bf, nil
}

// bitfieldStorage groups bitfields whose bytes overlap or touch into
// byte-array storage items.
func bitfieldStorage(d *decl, bfs []bitfield) ([]item, error) {
	slices.SortStableFunc(bfs, func(a, b bitfield) int { return cmp.Compare(a.bitOff, b.bitOff) })
	var items []item
	for _, bf := range bfs {
		start, end := bf.bitOff/8, (bf.bitOff+bf.bits+7)/8
		if n := len(items); n > 0 && start <= items[n-1].off+items[n-1].size {
			last := &items[n-1]
			last.size = max(last.size, end-last.off)
			last.bitfields = append(last.bitfields, bf)
			continue
		}
		items = append(items, item{off: start, size: end - start, align: 1, bitfields: []bitfield{bf}})
	}
	for i := range items {
		items[i].name = "bitfields" + strconv.Itoa(i)
		items[i].typ = fmt.Sprintf("[%d]byte", items[i].size)
		items[i].what = "bitfields of " + d.what
	}
	return items, nil
}

// layoutItems places items in d with explicit padding up to size. A
// datasec's struct may end in padding Go adds; any other struct must be
// exactly size bytes, so items whose alignment does not allow that are
// stored as bytes.
func (g *generator) layoutItems(d *decl, id btf.TypeID, items []item, size uint32, datasec bool) error {
	slices.SortStableFunc(items, func(a, b item) int { return cmp.Compare(a.off, b.off) })
	var end uint64
	for i, it := range items {
		if uint64(it.off) < end {
			return unsupported("%s overlaps %s", it.what, items[i-1].what)
		}
		end = uint64(it.off) + uint64(it.size)
		if end > uint64(size) {
			return unsupported("%s ends at byte %d, beyond the %d bytes of %s", it.what, end, size, d.what)
		}
	}
	maxAlign := uint32(1)
	for i := range items {
		if it := &items[i]; it.off%it.align != 0 {
			it.packed = true
		} else {
			maxAlign = max(maxAlign, it.align)
		}
	}
	if !datasec && size%maxAlign != 0 {
		maxAlign = 1
		for i := range items {
			if it := &items[i]; !it.packed && size%it.align != 0 {
				it.packed = true
			} else if !it.packed {
				maxAlign = max(maxAlign, it.align)
			}
		}
	}
	if !datasec {
		if ca, err := g.spec.Alignof(id); err == nil && ca > maxAlign && ca <= 8 && size%ca == 0 {
			d.fields = append(d.fields, field{name: "_", typ: fmt.Sprintf("[0]uint%d", ca*8), comment: fmt.Sprintf("aligns to %d bytes, as C does", ca)})
			maxAlign = ca
		}
	}
	var off uint32
	for i := range items {
		it := &items[i]
		if it.off > off {
			d.fields = append(d.fields, padding(off, it.off-off))
		}
		if err := g.place(d, it); err != nil {
			return err
		}
		off = it.off + it.size
	}
	if off < size {
		d.fields = append(d.fields, padding(off, size-off))
	}
	d.lay = layout{roundUp(size, maxAlign), maxAlign}
	return nil
}

func padding(off, n uint32) field {
	return field{name: "_", typ: fmt.Sprintf("[%d]byte", n), comment: fmt.Sprintf("padding at %d", off)}
}

func roundUp(n, a uint32) uint32 { return uint32((uint64(n) + uint64(a) - 1) / uint64(a) * uint64(a)) }

// place adds it to d's fields and methods, claiming its names.
func (g *generator) place(d *decl, it *item) error {
	comment := fmt.Sprintf("offset %d, size %d", it.off, it.size)
	if it.cname != "" {
		comment = it.cname + ": " + comment
	}
	switch {
	case it.bitfields != nil:
		d.fields = append(d.fields, field{name: it.name, typ: it.typ, comment: comment, off: it.off, check: it.what})
		for _, bf := range it.bitfields {
			if err := g.bitfieldMethods(d, bf, fmt.Sprintf("p.%s[%d:%d]", it.name, bf.bitOff/8-it.off, (bf.bitOff+bf.bits+7)/8-it.off)); err != nil {
				return err
			}
		}
	case it.packed:
		store := "packed" + it.name
		d.fields = append(d.fields, field{name: store, typ: fmt.Sprintf("[%d]byte", it.size), comment: comment + ", packed " + it.typ, off: it.off, check: it.what})
		if err := claimAccessors(d, it.name, it.what); err != nil {
			return err
		}
		g.usesUnsafe = true
		d.methods = append(d.methods, fmt.Sprintf(`// %[1]s returns %[3]s, which Go cannot align at offset %[5]d.
func (p *%[2]s) %[1]s() (v %[4]s) {
	*(*[%[6]d]byte)(unsafe.Pointer(&v)) = p.%[7]s
	return v
}

// Set%[1]s sets %[3]s.
func (p *%[2]s) Set%[1]s(v %[4]s) {
	p.%[7]s = *(*[%[6]d]byte)(unsafe.Pointer(&v))
}
`, it.name, d.name, it.what, it.typ, it.off, it.size, store))
	default:
		if err := d.ns.claim(it.name, it.what); err != nil {
			return err
		}
		f := field{name: it.name, typ: it.typ, comment: comment, off: it.off, check: it.what}
		if it.embedded {
			f.name, f.comment = "", it.what+": "+comment
		}
		d.fields = append(d.fields, f)
	}
	return nil
}

func claimAccessors(d *decl, name, what string) error {
	if err := d.ns.claim(name, what); err != nil {
		return err
	}
	return d.ns.claim("Set"+name, "the setter of "+what)
}

// bitfieldMethods adds the getter and setter of bf, whose bytes are the
// slice expression store (little-endian).
func (g *generator) bitfieldMethods(d *decl, bf bitfield, store string) error {
	if err := claimAccessors(d, bf.name, bf.what); err != nil {
		return err
	}
	shift := bf.bitOff % 8
	mask := uint64(1)<<bf.bits - 1
	if bf.bits == 64 {
		mask = ^uint64(0)
	}
	var get, set string
	switch {
	case bf.isBool:
		get = fmt.Sprintf("return v>>%d&1 != 0", shift)
		set = "var u uint64\n\tif v {\n\t\tu = 1\n\t}"
	case bf.signed:
		get = fmt.Sprintf("return %s(int64(v<<%d) >> %d)", bf.typ, 64-shift-bf.bits, 64-bf.bits)
		set = "u := uint64(v)"
	default:
		get = fmt.Sprintf("return %s(v >> %d & %#x)", bf.typ, shift, mask)
		set = "u := uint64(v)"
	}
	d.methods = append(d.methods, fmt.Sprintf(`// %[1]s returns %[3]s, a %[4]d-bit field at bit %[5]d.
func (p *%[2]s) %[1]s() %[6]s {
	var v uint64
	for i, b := range %[7]s {
		v |= uint64(b) << (8 * i)
	}
	%[8]s
}

// Set%[1]s sets %[3]s, keeping its low %[4]d bits.
func (p *%[2]s) Set%[1]s(v %[6]s) {
	%[9]s
	b := %[7]s
	var w uint64
	for i, x := range b {
		w |= uint64(x) << (8 * i)
	}
	w = w&^(%#[10]x<<%[11]d) | (u&%#[10]x)<<%[11]d
	for i := range b {
		b[i] = byte(w >> (8 * i))
	}
}
`, bf.name, d.name, bf.what, bf.bits, bf.bitOff, bf.typ, store, get, set, mask, shift))
	return nil
}

func (g *generator) unionBody(d *decl, t *btf.Type) error {
	size := t.Size
	a, err := g.spec.Alignof(t.ID)
	if err != nil || a > 8 || a == 0 {
		a = 1
	}
	for size%a != 0 {
		a /= 2
	}
	if a > 1 {
		d.fields = append(d.fields, field{name: "_", typ: fmt.Sprintf("[0]uint%d", a*8), comment: fmt.Sprintf("aligns to %d bytes, as C does", a)})
	}
	d.fields = append(d.fields, field{name: "raw", typ: fmt.Sprintf("[%d]byte", size), comment: "the union's bytes", check: "the bytes of " + d.what})
	d.lay = layout{size, a}
	for i, m := range t.Members {
		name, err := memberName(d, i, m)
		if err != nil {
			return err
		}
		what := fmt.Sprintf("member %s of %s", m.Name, d.what)
		base, bitOff, bits, isBF, err := g.bitfieldOf(m)
		if err != nil {
			return err
		}
		if isBF {
			if name == "" {
				continue
			}
			bf, err := g.newBitfield(name, what, base, bitOff, bits)
			if err != nil {
				return err
			}
			if (bitOff+bits+7)/8 > size {
				return unsupported("%s lies beyond the union's %d bytes", what, size)
			}
			if err := g.bitfieldMethods(d, bf, fmt.Sprintf("p.raw[%d:%d]", bitOff/8, (bitOff+bits+7)/8)); err != nil {
				return err
			}
			continue
		}
		if bitOff%8 != 0 {
			return unsupported("%s starts at bit %d, inside a byte", what, bitOff)
		}
		h := hint{d.name + name, what}
		if name == "" {
			if base.Kind != btf.KindStruct && base.Kind != btf.KindUnion {
				continue
			}
			name = "Anon" + strconv.Itoa(i)
			what = fmt.Sprintf("unnamed member #%d of %s", i, d.what)
			h = hint{d.name + name, what}
		}
		typ, lay, err := g.goType(m.Type, h)
		if err != nil {
			return err
		}
		off := bitOff / 8
		if uint64(off)+uint64(lay.size) > uint64(size) {
			return unsupported("%s lies beyond the union's %d bytes", what, size)
		}
		if lay.size == 0 {
			continue
		}
		g.usesUnsafe = true
		ptr := "unsafe.Pointer(p)"
		if off != 0 {
			ptr = fmt.Sprintf("unsafe.Add(unsafe.Pointer(p), %d)", off)
		}
		if off%lay.align == 0 && lay.align <= a {
			if err := d.ns.claim(name, what); err != nil {
				return err
			}
			d.methods = append(d.methods, fmt.Sprintf(`// %[1]s returns a pointer to %[3]s.
func (p *%[2]s) %[1]s() *%[4]s {
	return (*%[4]s)(%[5]s)
}
`, name, d.name, what, typ, ptr))
			continue
		}
		if err := claimAccessors(d, name, what); err != nil {
			return err
		}
		d.methods = append(d.methods, fmt.Sprintf(`// %[1]s returns %[3]s, which Go cannot align within the union.
func (p *%[2]s) %[1]s() (v %[4]s) {
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&v)), %[5]d), p.raw[%[6]d:])
	return v
}

// Set%[1]s sets %[3]s.
func (p *%[2]s) Set%[1]s(v %[4]s) {
	copy(p.raw[%[6]d:%[7]d], unsafe.Slice((*byte)(unsafe.Pointer(&v)), %[5]d))
}
`, name, d.name, what, typ, lay.size, off, off+lay.size))
	}
	return nil
}

// datasec generates the struct of one global-data section.
func (g *generator) datasec(ds btf.Datasec) (*Datasec, error) {
	goName := GoName(ds.Name)
	if goName == "" {
		return nil, unsupported("section %q makes no Go name", ds.Name)
	}
	_, ro := btf.DataSection(ds.Name)
	out := &Datasec{Section: ds.Name, GoName: goName, GoType: g.prefix + goName, Size: ds.Size, ReadOnly: ro}
	what := "section " + ds.Name
	if err := g.global.claim(out.GoType, what); err != nil {
		return nil, err
	}
	d := &decl{kind: declStruct, name: out.GoType, what: what, btfSize: ds.Size, ns: newNamespace(" in " + out.GoType)}
	g.decls = append(g.decls, d)
	var items []item
	for _, v := range ds.Vars {
		if v.Linkage != btf.LinkageGlobal {
			continue // static variables are not exposed, as in bpftool's skeletons
		}
		name := GoName(v.Name)
		if name == "" {
			return nil, unsupported("variable %q of %s makes no Go name", v.Name, ds.Name)
		}
		vwhat := fmt.Sprintf("variable %s of %s", v.Name, ds.Name)
		typ, lay, err := g.goType(v.Type, hint{out.GoType + name, vwhat})
		if err != nil {
			return nil, err
		}
		if lay.size == 0 {
			continue
		}
		items = append(items, item{off: v.Offset, size: lay.size, align: lay.align, name: name, cname: v.Name, typ: typ, what: vwhat})
	}
	if err := g.layoutItems(d, ds.ID, items, ds.Size, true); err != nil {
		return nil, err
	}
	d.done = true
	out.GoSize = d.lay.size
	slices.SortStableFunc(items, func(a, b item) int { return cmp.Compare(a.off, b.off) })
	for _, it := range items {
		out.Vars = append(out.Vars, Var{Name: it.cname, GoName: it.name, Offset: it.off, Size: it.size, GoType: it.typ, Packed: it.packed})
	}
	return out, nil
}

// mapTypes generates the key and value types of one map.
func (g *generator) mapTypes(m btf.Map) (*Map, error) {
	goName := GoName(m.Name)
	if goName == "" {
		return nil, unsupported("map %q makes no Go name", m.Name)
	}
	out := &Map{Name: m.Name, GoName: goName, KeySize: m.KeySize, ValueSize: m.ValueSize, MaxEntries: m.MaxEntries, MapType: m.Type}
	var err error
	if out.KeyGoType, err = g.mapType(m.Key, m.KeySize, hint{g.prefix + goName + "Key", "key of map " + m.Name}); err != nil {
		return nil, err
	}
	if out.ValueGoType, err = g.mapType(m.Value, m.ValueSize, hint{g.prefix + goName + "Value", "value of map " + m.Name}); err != nil {
		return nil, err
	}
	return out, nil
}

func (g *generator) mapType(id btf.TypeID, size uint32, h hint) (string, error) {
	switch {
	case id != 0:
		typ, lay, err := g.goType(id, h)
		if err != nil {
			return "", err
		}
		if lay.size != size {
			return "", unsupported("%s is %d bytes in Go, %d in BTF", h.what, lay.size, size)
		}
		return typ, nil
	case size == 4:
		return "uint32", nil // fds and IDs of map-in-map and prog arrays
	case size != 0:
		return fmt.Sprintf("[%d]byte", size), nil
	}
	return "", nil
}
