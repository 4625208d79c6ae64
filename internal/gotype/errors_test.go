package gotype

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/golibbpf/golibbpf/internal/btf"
	"github.com/golibbpf/golibbpf/internal/testenv"
)

func layoutSpec(t *testing.T) *btf.Spec {
	t.Helper()
	spec, err := btf.LoadELF(testenv.BPFObject(t, "gotype_layout"))
	if err != nil {
		t.Fatal(err)
	}
	return spec
}

func mustType(t *testing.T, spec *btf.Spec, name string) *btf.Type {
	t.Helper()
	typ, err := spec.TypeByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return typ
}

func wantErr(t *testing.T, err, sentinel error, words ...string) {
	t.Helper()
	if !errors.Is(err, sentinel) {
		t.Fatalf("got %v, want an error wrapping %v", err, sentinel)
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not mention %q", err, w)
		}
	}
}

func TestGoName(t *testing.T) {
	for in, want := range map[string]string{
		"service_mapping": "ServiceMapping",
		"CFG_TGID":        "CfgTgid",
		"ipAddr":          "IpAddr",
		"__pad":           "Pad",
		"a":               "A",
		".bss":            "Bss",
		".data.foo":       "DataFoo",
		".rodata.my-sec":  "RodataMySec",
		"x_1":             "X1",
		"1st":             "X1st",
		"TCP_v4":          "TcpV4",
		"___":             "",
		"LICENSE":         "License",
	} {
		if got := GoName(in); got != want {
			t.Errorf("GoName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReservedClash(t *testing.T) {
	_, err := Generate(layoutSpec(t), &Options{Prefix: "Layout", Reserved: []string{"Layout", "LayoutBss"}})
	wantErr(t, err, ErrNameClash, "reserved name LayoutBss", "section .bss", "LayoutBss")
}

func TestCNameClash(t *testing.T) {
	spec := layoutSpec(t)
	mustType(t, spec, "gl_bits").Name = "gl__point" // GoName: GlPoint, as gl_point's
	_, err := Generate(spec, &Options{Prefix: "Layout"})
	wantErr(t, err, ErrNameClash, "struct gl_point", "struct gl__point", "LayoutGlPoint")
}

func TestMemberClash(t *testing.T) {
	spec := layoutSpec(t)
	bits := mustType(t, spec, "gl_bits")
	bits.Members[6].Name = "set_a" // tail becomes SetA, the setter of bitfield a
	_, err := Generate(spec, &Options{Prefix: "Layout"})
	wantErr(t, err, ErrNameClash, "member set_a of struct gl_bits", "member a of struct gl_bits", "SetA in LayoutGlBits")
}

func TestBigEndian(t *testing.T) {
	spec := layoutSpec(t)
	spec.ByteOrder = binary.BigEndian
	_, err := Generate(spec, nil)
	wantErr(t, err, ErrUnsupported, "big-endian")
}

func TestSelfContaining(t *testing.T) {
	spec := layoutSpec(t)
	pt := mustType(t, spec, "gl_point")
	pt.Members[1].Type = pt.ID // struct gl_point { s16 x; struct gl_point y; }
	_, err := Generate(spec, &Options{Prefix: "Layout"})
	wantErr(t, err, ErrUnsupported, "struct gl_point contains itself")
}

func TestOverlap(t *testing.T) {
	spec := layoutSpec(t)
	pt := mustType(t, spec, "gl_point")
	pt.Members[1].BitOffset = 8 // y overlaps x
	_, err := Generate(spec, &Options{Prefix: "Layout"})
	wantErr(t, err, ErrUnsupported, "member y of struct gl_point overlaps member x of struct gl_point")
}

// TestPackedFallback shrinks struct gl_key to 7 bytes: Go cannot give it
// uint32 alignment any more, so id becomes packed storage with accessors.
func TestPackedFallback(t *testing.T) {
	spec := layoutSpec(t)
	mustType(t, spec, "gl_key").Size = 7
	out, err := Generate(spec, &Options{Prefix: "Layout"})
	if err != nil {
		t.Fatal(err)
	}
	decls := strings.Join(strings.Fields(out.Decls), " ") // without gofmt's alignment
	for _, want := range []string{
		"packedId [4]byte",
		"packedPort [2]byte",
		"func (p *LayoutGlKey) Id() (v uint32)",
		"func (p *LayoutGlKey) SetPort(v uint16)",
		"Proto uint8",
	} {
		if !strings.Contains(decls, want) {
			t.Errorf("Decls lacks %q", want)
		}
	}
	if !strings.Contains(out.CheckLayout, `unsafe.Sizeof(LayoutGlKey{}), 7)`) {
		t.Errorf("CheckLayout does not check LayoutGlKey's size of 7")
	}
}
