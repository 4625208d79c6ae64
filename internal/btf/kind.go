package btf

import "fmt"

// Kind is the kind of a BTF type (BTF_KIND_*).
type Kind uint8

// The BTF kinds, with their values from the kernel's include/uapi/linux/btf.h.
const (
	KindVoid      Kind = 0  // the void type, ID 0 (BTF_KIND_UNKN)
	KindInt       Kind = 1  // BTF_KIND_INT
	KindPtr       Kind = 2  // BTF_KIND_PTR
	KindArray     Kind = 3  // BTF_KIND_ARRAY
	KindStruct    Kind = 4  // BTF_KIND_STRUCT
	KindUnion     Kind = 5  // BTF_KIND_UNION
	KindEnum      Kind = 6  // BTF_KIND_ENUM
	KindFwd       Kind = 7  // BTF_KIND_FWD
	KindTypedef   Kind = 8  // BTF_KIND_TYPEDEF
	KindVolatile  Kind = 9  // BTF_KIND_VOLATILE
	KindConst     Kind = 10 // BTF_KIND_CONST
	KindRestrict  Kind = 11 // BTF_KIND_RESTRICT
	KindFunc      Kind = 12 // BTF_KIND_FUNC
	KindFuncProto Kind = 13 // BTF_KIND_FUNC_PROTO
	KindVar       Kind = 14 // BTF_KIND_VAR
	KindDatasec   Kind = 15 // BTF_KIND_DATASEC
	KindFloat     Kind = 16 // BTF_KIND_FLOAT
	KindDeclTag   Kind = 17 // BTF_KIND_DECL_TAG
	KindTypeTag   Kind = 18 // BTF_KIND_TYPE_TAG
	KindEnum64    Kind = 19 // BTF_KIND_ENUM64
)

var kindNames = [...]string{
	KindVoid: "void", KindInt: "int", KindPtr: "ptr", KindArray: "array",
	KindStruct: "struct", KindUnion: "union", KindEnum: "enum", KindFwd: "fwd",
	KindTypedef: "typedef", KindVolatile: "volatile", KindConst: "const",
	KindRestrict: "restrict", KindFunc: "func", KindFuncProto: "func_proto",
	KindVar: "var", KindDatasec: "datasec", KindFloat: "float",
	KindDeclTag: "decl_tag", KindTypeTag: "type_tag", KindEnum64: "enum64",
}

// String returns the kind's name as libbpf's btf_kind_str spells it in
// lower case ("struct", "func_proto", ...).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// IntEncoding is the encoding of a BTF_KIND_INT (BTF_INT_SIGNED, ...).
type IntEncoding uint8

// The integer encodings; at most one is set.
const (
	IntSigned IntEncoding = 1 << 0 // BTF_INT_SIGNED
	IntChar   IntEncoding = 1 << 1 // BTF_INT_CHAR
	IntBool   IntEncoding = 1 << 2 // BTF_INT_BOOL
)

// Linkage is the linkage of a BTF VAR or FUNC.
type Linkage uint32

// VAR linkages (BTF_VAR_*); FUNC uses the same numbers for BTF_FUNC_STATIC,
// BTF_FUNC_GLOBAL and BTF_FUNC_EXTERN.
const (
	LinkageStatic Linkage = 0 // BTF_VAR_STATIC
	LinkageGlobal Linkage = 1 // BTF_VAR_GLOBAL_ALLOCATED
	LinkageExtern Linkage = 2 // BTF_VAR_GLOBAL_EXTERN
)

// String returns "static", "global" or "extern".
func (l Linkage) String() string {
	switch l {
	case LinkageStatic:
		return "static"
	case LinkageGlobal:
		return "global"
	case LinkageExtern:
		return "extern"
	}
	return fmt.Sprintf("linkage(%d)", uint32(l))
}
