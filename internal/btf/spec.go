package btf

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// ErrNotFound is returned when a type, section or symbol does not exist.
var ErrNotFound = errors.New("not found")

// maxDepth bounds every walk through the type graph (libbpf's
// MAX_RESOLVE_DEPTH), so that a cyclic graph yields an error.
const maxDepth = 32

// Spec is the decoded BTF of one object. Alignof memoises its results, so a
// Spec is not safe for concurrent use, and Types should not be changed after
// the first call to Alignof.
type Spec struct {
	// ByteOrder is the byte order of the BTF (and of the ELF object).
	ByteOrder binary.ByteOrder

	// Types holds every type, indexed by TypeID; Types[0] is void.
	Types []*Type

	byName map[string][]TypeID
	aligns map[TypeID]uint32 // memoised Alignof of structs and unions
}

func (s *Spec) index() {
	s.byName = make(map[string][]TypeID)
	for _, t := range s.Types[1:] {
		if t.Name != "" {
			s.byName[t.Name] = append(s.byName[t.Name], t.ID)
		}
	}
}

// TypeByID returns the type with the given ID.
func (s *Spec) TypeByID(id TypeID) (*Type, error) {
	if int64(id) >= int64(len(s.Types)) {
		return nil, fmt.Errorf("btf: type [%d]: %w", id, ErrNotFound)
	}
	return s.Types[id], nil
}

// TypesByName returns every type called name, in ID order.
func (s *Spec) TypesByName(name string) []*Type {
	var ts []*Type
	for _, id := range s.byName[name] {
		ts = append(ts, s.Types[id])
	}
	return ts
}

// TypeByName returns the type called name. When several types share the
// name (a struct and its typedef, say) it prefers, in order, a STRUCT,
// UNION, ENUM or ENUM64, then anything but a FWD, then the FWD.
func (s *Spec) TypeByName(name string) (*Type, error) {
	ts := s.TypesByName(name)
	if len(ts) == 0 {
		return nil, fmt.Errorf("btf: type %q: %w", name, ErrNotFound)
	}
	best, rank := ts[0], 3
	for _, t := range ts {
		r := 1
		switch t.Kind {
		case KindStruct, KindUnion, KindEnum, KindEnum64:
			r = 0
		case KindFwd:
			r = 2
		}
		if r < rank {
			best, rank = t, r
		}
	}
	return best, nil
}

// Resolve follows typedefs and the const, volatile, restrict and type_tag
// qualifiers from id to the first other type.
func (s *Spec) Resolve(id TypeID) (*Type, error) {
	t, err := s.TypeByID(id)
	if err != nil {
		return nil, err
	}
	for depth := 0; ; depth++ {
		switch t.Kind {
		case KindTypedef, KindVolatile, KindConst, KindRestrict, KindTypeTag:
		default:
			return t, nil
		}
		if depth == maxDepth {
			return nil, formatErr("type [%d]: modifier chain longer than %d", id, maxDepth)
		}
		t = s.Types[t.Type]
	}
}

// Sizeof returns the size in bytes of a value of type id, as libbpf's
// btf__resolve_size computes it. Functions, void and forward declarations
// have no size.
func (s *Spec) Sizeof(id TypeID) (uint32, error) {
	var n uint64 = 1
	t, err := s.TypeByID(id)
	if err != nil {
		return 0, err
	}
	for depth := 0; depth <= maxDepth; depth++ {
		switch t.Kind {
		case KindInt, KindStruct, KindUnion, KindEnum, KindEnum64, KindDatasec, KindFloat:
			n *= uint64(t.Size)
			if n > 1<<32-1 {
				return 0, formatErr("type [%d]: size over 4 GiB", id)
			}
			return uint32(n), nil
		case KindPtr:
			return uint32(n * 8), nil // BPF pointers are 64 bits; n <= 2^32/8 here
		case KindTypedef, KindVolatile, KindConst, KindRestrict, KindTypeTag, KindVar:
			t = s.Types[t.Type]
		case KindArray:
			n *= uint64(t.Array.Nelems)
			if n > 1<<32-1 {
				return 0, formatErr("type [%d]: size over 4 GiB", id)
			}
			t = s.Types[t.Array.Elem]
		default:
			return 0, formatErr("type [%d]: %s %q has no size", id, t.Kind, t.Name)
		}
	}
	return 0, formatErr("type [%d]: type chain longer than %d", id, maxDepth)
}

// Alignof returns the alignment of type id as libbpf's btf__align_of
// computes it: the natural alignment of scalars (at most 8), the maximum of
// the members' alignments for a struct or union, and 1 for a struct whose
// layout shows it is packed.
func (s *Spec) Alignof(id TypeID) (uint32, error) {
	return s.alignof(id, 0)
}

func (s *Spec) alignof(id TypeID, depth int) (uint32, error) {
	if depth > maxDepth {
		return 0, formatErr("type [%d]: nesting deeper than %d", id, maxDepth)
	}
	t, err := s.TypeByID(id)
	if err != nil {
		return 0, err
	}
	switch t.Kind {
	case KindInt, KindEnum, KindEnum64, KindFloat:
		if t.Size == 0 {
			return 0, formatErr("type [%d]: %s %q has size 0", id, t.Kind, t.Name)
		}
		return min(t.Size, 8), nil
	case KindPtr:
		return 8, nil
	case KindTypedef, KindVolatile, KindConst, KindRestrict, KindTypeTag:
		return s.alignof(t.Type, depth+1)
	case KindArray:
		return s.alignof(t.Array.Elem, depth+1)
	case KindStruct, KindUnion:
		// Memoised: without it, a struct whose members share deep types
		// costs exponential time.
		if a, ok := s.aligns[id]; ok {
			return a, nil
		}
		a, err := s.alignofComposite(t, depth)
		if err != nil {
			return 0, err
		}
		if s.aligns == nil {
			s.aligns = make(map[TypeID]uint32)
		}
		s.aligns[id] = a
		return a, nil
	}
	return 0, formatErr("type [%d]: %s %q has no alignment", id, t.Kind, t.Name)
}

func (s *Spec) alignofComposite(t *Type, depth int) (uint32, error) {
	var a uint32 = 1
	for _, m := range t.Members {
		ma, err := s.alignof(m.Type, depth+1)
		if err != nil {
			return 0, err
		}
		a = max(a, ma)
		// A member off its natural alignment means a packed struct.
		if m.BitfieldSize == 0 && m.BitOffset%(8*ma) != 0 {
			return 1, nil
		}
	}
	if t.Size%a != 0 {
		return 1, nil
	}
	return a, nil
}
