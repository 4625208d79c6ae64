package gotype

import (
	"fmt"
	"strconv"

	"github.com/golibbpf/golibbpf/internal/btf"
)

// maxNesting bounds how deeply types may nest (structs in arrays in
// structs ...), so that corrupt BTF cannot recurse without end.
const maxNesting = 64

// layout is the size and alignment Go gives a type on a 64-bit target.
type layout struct{ size, align uint32 }

// hint names an anonymous type after where it is used, when it has neither
// a name nor a typedef.
type hint struct {
	name string // Go type name to use
	what string // where the type is used, for messages
}

type declKind int

const (
	declStruct declKind = iota
	declUnion
	declEnum
)

// decl is one generated named type.
type decl struct {
	kind    declKind
	name    string // Go type name
	what    string // the C entity, for comments and messages
	done    bool   // body generated (guards against a type containing itself)
	lay     layout
	btfSize uint32
	ns      *namespace // field and method names
	fields  []field
	methods []string
	// enums
	underlying string
	consts     []enumConst
}

type field struct {
	name    string // Go field name; "_" for padding; "" when embedded
	typ     string
	comment string
	off     uint32
	check   string // C entity for the layout check; "" for none
}

type enumConst struct{ name, value, comment string }

type generator struct {
	spec       *btf.Spec
	prefix     string
	global     *namespace
	decls      []*decl
	byID       map[btf.TypeID]*decl
	depth      int
	usesUnsafe bool // Decls need "unsafe"
}

func newGenerator(spec *btf.Spec, o *Options) *generator {
	g := &generator{
		spec:   spec,
		prefix: o.Prefix,
		global: newNamespace(""),
		byID:   make(map[btf.TypeID]*decl),
	}
	for _, r := range o.Reserved {
		g.global.names[r] = fmt.Sprintf("the reserved name %s", r)
	}
	return g
}

func unsupported(format string, args ...any) error {
	return fmt.Errorf("gotype: %s: %w", fmt.Sprintf(format, args...), ErrUnsupported)
}

// resolve skips qualifiers and typedefs, returning the first typedef's name.
func (g *generator) resolve(id btf.TypeID) (*btf.Type, string, error) {
	t := g.spec.Types[id]
	typedef := ""
	for i := 0; ; i++ {
		switch t.Kind {
		case btf.KindTypedef:
			if typedef == "" {
				typedef = t.Name
			}
		case btf.KindVolatile, btf.KindConst, btf.KindRestrict, btf.KindTypeTag:
		default:
			return t, typedef, nil
		}
		if i == maxNesting {
			return nil, "", unsupported("type [%d]: modifier chain longer than %d", id, maxNesting)
		}
		t = g.spec.Types[t.Type]
	}
}

// goType returns the Go type expression for BTF type id and its layout.
func (g *generator) goType(id btf.TypeID, h hint) (string, layout, error) {
	g.depth++
	defer func() { g.depth-- }()
	if g.depth > maxNesting {
		return "", layout{}, unsupported("%s: types nest deeper than %d", h.what, maxNesting)
	}
	t, typedef, err := g.resolve(id)
	if err != nil {
		return "", layout{}, err
	}
	switch t.Kind {
	case btf.KindInt:
		typ, lay := intType(t)
		return typ, lay, nil
	case btf.KindPtr:
		return "uint64", layout{8, 8}, nil
	case btf.KindFloat:
		switch t.Size {
		case 4:
			return "float32", layout{4, 4}, nil
		case 8:
			return "float64", layout{8, 8}, nil
		}
		return fmt.Sprintf("[%d]byte", t.Size), layout{t.Size, 1}, nil
	case btf.KindArray:
		elem, el, err := g.goType(t.Array.Elem, h)
		if err != nil {
			return "", layout{}, err
		}
		size := uint64(t.Array.Nelems) * uint64(el.size)
		if size > 1<<31-1 {
			return "", layout{}, unsupported("%s: array of %d bytes", h.what, size)
		}
		if bs, err := g.spec.Sizeof(t.Array.Elem); err != nil || bs != el.size {
			return "", layout{}, unsupported("%s: array element is %d bytes in Go, %d in BTF (%v)", h.what, el.size, bs, err)
		}
		return fmt.Sprintf("[%d]%s", t.Array.Nelems, elem), layout{uint32(size), el.align}, nil
	case btf.KindStruct, btf.KindUnion, btf.KindEnum, btf.KindEnum64:
		d, err := g.named(t, typedef, h)
		if err != nil {
			return "", layout{}, err
		}
		return d.name, d.lay, nil
	}
	return "", layout{}, unsupported("%s: a %s [%d] cannot be stored", h.what, t.Kind, t.ID)
}

// intType maps a BTF integer to a Go type.
func intType(t *btf.Type) (string, layout) {
	switch {
	case t.Size == 1 && t.Encoding&btf.IntBool != 0:
		return "bool", layout{1, 1}
	case t.Size == 1 && t.Name == "char":
		return "byte", layout{1, 1}
	case t.Size == 16:
		return "[2]uint64", layout{16, 8}
	case t.Signed():
		return "int" + strconv.Itoa(int(t.Size)*8), layout{t.Size, t.Size}
	}
	return "uint" + strconv.Itoa(int(t.Size)*8), layout{t.Size, t.Size}
}

// named returns the declaration of a struct, union or enum, generating it
// on first use.
func (g *generator) named(t *btf.Type, typedef string, h hint) (*decl, error) {
	if d, ok := g.byID[t.ID]; ok {
		if !d.done {
			return nil, unsupported("%s contains itself", d.what)
		}
		return d, nil
	}
	kind := t.Kind.String()
	if t.Kind == btf.KindEnum64 {
		kind = "enum"
	}
	var name, what string
	switch {
	case t.Name != "":
		name, what = GoName(t.Name), kind+" "+t.Name
	case typedef != "":
		name, what = GoName(typedef), fmt.Sprintf("%s (anonymous %s)", typedef, kind)
	default:
		name, what = h.name, fmt.Sprintf("anonymous %s in %s", kind, h.what)
	}
	if name == "" {
		return nil, unsupported("%s: %q makes no Go name", what, t.Name+typedef)
	}
	if t.Name != "" || typedef != "" {
		name = g.prefix + name
	}
	if err := g.global.claim(name, what); err != nil {
		return nil, err
	}
	d := &decl{name: name, what: what, btfSize: t.Size, ns: newNamespace(" in " + name)}
	g.byID[t.ID] = d
	g.decls = append(g.decls, d)
	var err error
	switch t.Kind {
	case btf.KindStruct:
		d.kind = declStruct
		err = g.structBody(d, t)
	case btf.KindUnion:
		d.kind = declUnion
		err = g.unionBody(d, t)
	default:
		d.kind = declEnum
		err = g.enumBody(d, t)
	}
	if err != nil {
		return nil, err
	}
	d.done = true
	return d, nil
}

// memberName is the Go name of member i, or "" for an unnamed member.
func memberName(d *decl, i int, m btf.Member) (string, error) {
	if m.Name == "" {
		return "", nil
	}
	n := GoName(m.Name)
	if n == "" {
		return "", unsupported("member %d (%q) of %s makes no Go name", i, m.Name, d.what)
	}
	return n, nil
}

// bitfieldOf reports whether member m is a bitfield and where its bits are:
// either the struct says so (kind_flag) or, without kind_flag, the member's
// integer type is narrower than its storage.
func (g *generator) bitfieldOf(m btf.Member) (base *btf.Type, bitOff, bits uint32, ok bool, err error) {
	base, _, err = g.resolve(m.Type)
	if err != nil {
		return nil, 0, 0, false, err
	}
	if m.BitfieldSize != 0 {
		return base, m.BitOffset, m.BitfieldSize, true, nil
	}
	if base.Kind == btf.KindInt && (uint32(base.Bits) != base.Size*8 || base.BitOffset != 0) {
		return base, m.BitOffset + uint32(base.BitOffset), uint32(base.Bits), true, nil
	}
	return base, m.BitOffset, 0, false, nil
}

func (g *generator) enumBody(d *decl, t *btf.Type) error {
	switch t.Size {
	case 1, 2, 4, 8:
	default:
		return unsupported("%s has size %d", d.what, t.Size)
	}
	bits := t.Size * 8
	d.underlying = "uint" + strconv.Itoa(int(bits))
	if t.Signed() {
		d.underlying = "int" + strconv.Itoa(int(bits))
	}
	d.lay = layout{t.Size, t.Size}
	for i, v := range t.Values {
		n := GoName(v.Name)
		if n == "" {
			return unsupported("enumerator %d (%q) of %s makes no Go name", i, v.Name, d.what)
		}
		n = g.prefix + n
		if err := g.global.claim(n, fmt.Sprintf("enumerator %s of %s", v.Name, d.what)); err != nil {
			return err
		}
		var val string
		if t.Signed() {
			val = strconv.FormatInt(int64(v.Value<<(64-bits))>>(64-bits), 10)
		} else {
			val = strconv.FormatUint(v.Value<<(64-bits)>>(64-bits), 10)
		}
		d.consts = append(d.consts, enumConst{name: n, value: val, comment: v.Name})
	}
	return nil
}
