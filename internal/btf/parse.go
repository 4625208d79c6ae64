package btf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// ErrFormat is wrapped by every error about malformed BTF or ELF input.
var ErrFormat = errors.New("malformed BTF")

const (
	btfMagic     = 0xeb9f
	btfHeaderLen = 24
	maxTypeID    = 1<<31 - 1 // libbpf's BTF_MAX_NR_TYPES
)

func formatErr(format string, args ...any) error {
	return fmt.Errorf("btf: %s: %w", fmt.Sprintf(format, args...), ErrFormat)
}

// ParseBTF decodes a raw .BTF section (header, type and string sections).
// No ELF fixups are applied: DATASEC sizes and VAR offsets are as the
// compiler wrote them.
func ParseBTF(data []byte) (*Spec, error) {
	if len(data) < btfHeaderLen {
		return nil, formatErr(".BTF is %d bytes, shorter than its header", len(data))
	}
	var bo binary.ByteOrder
	switch {
	case binary.LittleEndian.Uint16(data) == btfMagic:
		bo = binary.LittleEndian
	case binary.BigEndian.Uint16(data) == btfMagic:
		bo = binary.BigEndian
	default:
		return nil, formatErr("bad magic %#04x", binary.LittleEndian.Uint16(data))
	}
	if v := data[2]; v != 1 {
		return nil, formatErr("version %d, want 1", v)
	}
	hdrLen := bo.Uint32(data[4:])
	typeOff, typeLen := bo.Uint32(data[8:]), bo.Uint32(data[12:])
	strOff, strLen := bo.Uint32(data[16:]), bo.Uint32(data[20:])
	if hdrLen < btfHeaderLen || uint64(hdrLen) > uint64(len(data)) {
		return nil, formatErr("header length %d out of range", hdrLen)
	}
	// A longer header (a newer kernel's) must be zero beyond what we know.
	for _, b := range data[btfHeaderLen:hdrLen] {
		if b != 0 {
			return nil, formatErr("unknown non-zero header fields")
		}
	}
	body := data[hdrLen:]
	types, err := subslice(body, typeOff, typeLen, "type section")
	if err != nil {
		return nil, err
	}
	strs, err := subslice(body, strOff, strLen, "string section")
	if err != nil {
		return nil, err
	}
	if len(strs) == 0 || strs[0] != 0 || strs[len(strs)-1] != 0 {
		return nil, formatErr("string section must start and end with NUL")
	}
	if typeOff%4 != 0 {
		return nil, formatErr("type section offset %d not 4-byte aligned", typeOff)
	}
	s := &Spec{ByteOrder: bo}
	d := decoder{bo: bo, buf: types, strs: strs}
	if err := d.decodeAll(s); err != nil {
		return nil, err
	}
	if err := s.checkRefs(); err != nil {
		return nil, err
	}
	s.index()
	return s, nil
}

func subslice(b []byte, off, n uint32, what string) ([]byte, error) {
	if uint64(off)+uint64(n) > uint64(len(b)) {
		return nil, formatErr("%s [%d, %d) beyond the %d bytes after the header", what, off, uint64(off)+uint64(n), len(b))
	}
	return b[off : off+n], nil
}

type decoder struct {
	bo   binary.ByteOrder
	buf  []byte
	off  int
	strs []byte
}

func (d *decoder) u32() (uint32, error) {
	if len(d.buf)-d.off < 4 {
		return 0, formatErr("type section truncated at byte %d", d.off)
	}
	v := d.bo.Uint32(d.buf[d.off:])
	d.off += 4
	return v, nil
}

// need reports an error unless n records of size bytes remain.
func (d *decoder) need(n, size int, what string) error {
	if n*size > len(d.buf)-d.off {
		return formatErr("%s: %d entries of %d bytes, %d bytes left", what, n, size, len(d.buf)-d.off)
	}
	return nil
}

func (d *decoder) str(off uint32) (string, error) {
	if uint64(off) >= uint64(len(d.strs)) {
		return "", formatErr("string offset %d beyond the %d-byte string section", off, len(d.strs))
	}
	end := bytes.IndexByte(d.strs[off:], 0)
	// The section ends in NUL, so end >= 0.
	return string(d.strs[off : int(off)+end]), nil
}

func (d *decoder) decodeAll(s *Spec) error {
	// Each type takes at least 12 bytes: bound the slice by the input.
	s.Types = make([]*Type, 1, 1+len(d.buf)/12)
	s.Types[0] = &Type{Kind: KindVoid}
	for d.off < len(d.buf) {
		if len(s.Types) > maxTypeID {
			return formatErr("more than %d types", maxTypeID)
		}
		t, err := d.decodeType(TypeID(len(s.Types)))
		if err != nil {
			return err
		}
		s.Types = append(s.Types, t)
	}
	return nil
}

func (d *decoder) decodeType(id TypeID) (*Type, error) {
	nameOff, err := d.u32()
	if err != nil {
		return nil, err
	}
	info, err := d.u32()
	if err != nil {
		return nil, err
	}
	sizeOrType, err := d.u32()
	if err != nil {
		return nil, err
	}
	t := &Type{
		ID:       id,
		Kind:     Kind(info >> 24 & 0x1f),
		KindFlag: info>>31 == 1,
	}
	vlen := int(info & 0xffff)
	if t.Name, err = d.str(nameOff); err != nil {
		return nil, fmt.Errorf("type [%d]: %w", id, err)
	}
	wrap := func(err error) (*Type, error) {
		return nil, fmt.Errorf("type [%d] %s %q: %w", id, t.Kind, t.Name, err)
	}
	switch t.Kind {
	case KindInt:
		t.Size = sizeOrType
		v, err := d.u32()
		if err != nil {
			return wrap(err)
		}
		t.Encoding = IntEncoding(v >> 24 & 0x0f)
		t.BitOffset = uint8(v >> 16)
		t.Bits = uint8(v)
		switch {
		case t.Size != 1 && t.Size != 2 && t.Size != 4 && t.Size != 8 && t.Size != 16:
			return wrap(formatErr("int size %d", t.Size))
		case t.Bits == 0 || uint32(t.BitOffset)+uint32(t.Bits) > t.Size*8 || v&0xf0000000 != 0 || v&0xff00 != 0:
			return wrap(formatErr("int bits %d at offset %d in %d bytes", t.Bits, t.BitOffset, t.Size))
		case t.Encoding != 0 && t.Encoding != IntSigned && t.Encoding != IntChar && t.Encoding != IntBool:
			return wrap(formatErr("int encoding %#x", t.Encoding))
		}
	case KindPtr, KindTypedef, KindVolatile, KindConst, KindRestrict, KindFunc, KindTypeTag:
		t.Type = TypeID(sizeOrType)
		if t.Kind == KindFunc {
			t.Linkage = Linkage(vlen)
		}
	case KindFwd:
	case KindFloat:
		t.Size = sizeOrType
		if t.Size != 2 && t.Size != 4 && t.Size != 8 && t.Size != 12 && t.Size != 16 {
			return wrap(formatErr("float size %d", t.Size))
		}
	case KindArray:
		if err := d.need(1, 12, "array"); err != nil {
			return wrap(err)
		}
		elem, _ := d.u32()
		index, _ := d.u32()
		n, _ := d.u32()
		t.Array = Array{Elem: TypeID(elem), Index: TypeID(index), Nelems: n}
	case KindStruct, KindUnion:
		t.Size = sizeOrType
		if err := d.need(vlen, 12, "members"); err != nil {
			return wrap(err)
		}
		t.Members = make([]Member, vlen)
		for i := range t.Members {
			nameOff, _ := d.u32()
			typ, _ := d.u32()
			off, _ := d.u32()
			m := &t.Members[i]
			if m.Name, err = d.str(nameOff); err != nil {
				return wrap(err)
			}
			m.Type = TypeID(typ)
			m.BitOffset = off
			if t.KindFlag {
				m.BitOffset = off & 0xffffff
				m.BitfieldSize = off >> 24
			}
		}
	case KindEnum:
		t.Size = sizeOrType
		if err := d.need(vlen, 8, "enumerators"); err != nil {
			return wrap(err)
		}
		t.Values = make([]EnumValue, vlen)
		for i := range t.Values {
			nameOff, _ := d.u32()
			v, _ := d.u32()
			if t.Values[i].Name, err = d.str(nameOff); err != nil {
				return wrap(err)
			}
			if t.KindFlag {
				t.Values[i].Value = uint64(int64(int32(v)))
			} else {
				t.Values[i].Value = uint64(v)
			}
		}
	case KindEnum64:
		t.Size = sizeOrType
		if err := d.need(vlen, 12, "enumerators"); err != nil {
			return wrap(err)
		}
		t.Values = make([]EnumValue, vlen)
		for i := range t.Values {
			nameOff, _ := d.u32()
			lo, _ := d.u32()
			hi, _ := d.u32()
			if t.Values[i].Name, err = d.str(nameOff); err != nil {
				return wrap(err)
			}
			t.Values[i].Value = uint64(hi)<<32 | uint64(lo)
		}
	case KindFuncProto:
		t.Type = TypeID(sizeOrType)
		if err := d.need(vlen, 8, "parameters"); err != nil {
			return wrap(err)
		}
		t.Params = make([]Param, vlen)
		for i := range t.Params {
			nameOff, _ := d.u32()
			typ, _ := d.u32()
			if t.Params[i].Name, err = d.str(nameOff); err != nil {
				return wrap(err)
			}
			t.Params[i].Type = TypeID(typ)
		}
	case KindVar:
		t.Type = TypeID(sizeOrType)
		l, err := d.u32()
		if err != nil {
			return wrap(err)
		}
		t.Linkage = Linkage(l)
	case KindDatasec:
		t.Size = sizeOrType
		if err := d.need(vlen, 12, "variables"); err != nil {
			return wrap(err)
		}
		t.Vars = make([]VarSecinfo, vlen)
		for i := range t.Vars {
			typ, _ := d.u32()
			off, _ := d.u32()
			size, _ := d.u32()
			t.Vars[i] = VarSecinfo{Type: TypeID(typ), Offset: off, Size: size}
		}
	case KindDeclTag:
		t.Type = TypeID(sizeOrType)
		v, err := d.u32()
		if err != nil {
			return wrap(err)
		}
		t.ComponentIdx = int32(v)
	default:
		return wrap(formatErr("unknown kind %d", uint8(t.Kind)))
	}
	if t.Size == 0 && (t.Kind == KindInt) {
		return wrap(formatErr("zero size"))
	}
	return t, nil
}

// checkRefs verifies that every type ID a type refers to exists, so that
// later code may index Types without checks.
func (s *Spec) checkRefs() error {
	n := TypeID(len(s.Types))
	bad := func(t *Type, ref TypeID, what string) error {
		return formatErr("type [%d] %s %q: %s refers to type [%d], there are %d", t.ID, t.Kind, t.Name, what, ref, n)
	}
	for _, t := range s.Types[1:] {
		if t.Type >= n {
			return bad(t, t.Type, "type")
		}
		if t.Array.Elem >= n || t.Array.Index >= n {
			return bad(t, max(t.Array.Elem, t.Array.Index), "array")
		}
		for _, m := range t.Members {
			if m.Type >= n {
				return bad(t, m.Type, "member "+m.Name)
			}
		}
		for _, p := range t.Params {
			if p.Type >= n {
				return bad(t, p.Type, "parameter "+p.Name)
			}
		}
		for _, v := range t.Vars {
			if v.Type >= n {
				return bad(t, v.Type, "variable")
			}
		}
	}
	return nil
}
