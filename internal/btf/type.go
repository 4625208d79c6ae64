package btf

// TypeID identifies a type within a Spec; 0 is void.
type TypeID uint32

// Type is one BTF type. Which fields are meaningful depends on Kind; the
// others are zero.
type Type struct {
	ID       TypeID
	Kind     Kind
	Name     string // "" for anonymous types
	KindFlag bool   // kind_flag: bitfield offsets (STRUCT, UNION), signedness (ENUM, ENUM64), union forward (FWD)

	// Size is the size in bytes of an INT, STRUCT, UNION, ENUM, ENUM64,
	// DATASEC or FLOAT.
	Size uint32

	// Type is the referenced type of a PTR, TYPEDEF, VOLATILE, CONST,
	// RESTRICT, TYPE_TAG, FUNC (its FUNC_PROTO), VAR or DECL_TAG, and the
	// return type of a FUNC_PROTO.
	Type TypeID

	// Encoding, Bits and BitOffset describe an INT.
	Encoding  IntEncoding
	Bits      uint8
	BitOffset uint8

	Array        Array        // ARRAY
	Members      []Member     // STRUCT, UNION
	Values       []EnumValue  // ENUM, ENUM64
	Params       []Param      // FUNC_PROTO
	Linkage      Linkage      // VAR, FUNC
	Vars         []VarSecinfo // DATASEC
	ComponentIdx int32        // DECL_TAG: the member or parameter index, -1 for the type itself
}

// Array describes a BTF_KIND_ARRAY.
type Array struct {
	Elem   TypeID // element type
	Index  TypeID // index type
	Nelems uint32 // number of elements
}

// Member is one member of a STRUCT or UNION.
type Member struct {
	Name         string // "" for an anonymous struct or union member
	Type         TypeID
	BitOffset    uint32 // offset from the start of the struct, in bits
	BitfieldSize uint32 // bits of a bitfield member (kind_flag set), else 0
}

// EnumValue is one enumerator of an ENUM or ENUM64. Value holds the 64-bit
// pattern: sign-extended from 32 bits for a signed ENUM.
type EnumValue struct {
	Name  string
	Value uint64
}

// Param is one parameter of a FUNC_PROTO.
type Param struct {
	Name string
	Type TypeID
}

// VarSecinfo is one variable of a DATASEC.
type VarSecinfo struct {
	Type   TypeID // the VAR (or FUNC, for .ksyms)
	Offset uint32
	Size   uint32
}

// Signed reports whether an ENUM or ENUM64 holds signed values.
func (t *Type) Signed() bool {
	if t.Kind == KindInt {
		return t.Encoding&IntSigned != 0
	}
	return t.KindFlag
}
