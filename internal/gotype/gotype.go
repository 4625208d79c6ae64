package gotype

import (
	"encoding/binary"
	"errors"
	"fmt"
	"go/format"
	"strings"

	"github.com/golibbpf/golibbpf/internal/btf"
	"github.com/golibbpf/golibbpf/opts"
)

// ErrUnsupported is wrapped by the error Generate returns for BTF it cannot
// express in Go (a big-endian object, a type without a size used as a value,
// a bitfield wider than its storage allows).
var ErrUnsupported = errors.New("unsupported BTF")

// Options configure Generate.
type Options struct {
	// Prefix starts every generated type and constant name ("Connect4"
	// gives Connect4Bss, Connect4ServiceKey, ...). It should be an exported
	// Go identifier or empty.
	Prefix string
	// Reserved lists Go names the caller declares itself (the skeleton
	// type, its constructors, ...): a generated name among them is an
	// ErrNameClash.
	Reserved []string
}

// Output is what Generate produces.
type Output struct {
	// Decls is gofmt'ed Go source declaring every generated type, constant
	// and method, without a package clause or imports.
	Decls string
	// Imports are the import paths Decls and CheckLayout need, sorted.
	Imports []string
	// Datasecs are the global-data sections, in BTF order.
	Datasecs []Datasec
	// Maps are the BTF-defined maps of .maps, in section order.
	Maps []Map
	// CheckLayout is gofmt'ed Go source of a function, called
	// CheckLayoutFunc, with the signature func() error. It compares
	// unsafe.Sizeof and unsafe.Offsetof of every generated struct and field
	// with the BTF layout and returns an error naming each Go and C name
	// that disagrees, or nil.
	CheckLayout     string
	CheckLayoutFunc string
}

// Datasec is a global-data section and the Go struct that views it.
type Datasec struct {
	Section  string // ELF section: ".bss", ".data.foo", ...
	GoName   string // the section's Go name without the prefix: "Bss", "DataFoo"
	GoType   string // the generated struct: "Connect4Bss"
	Size     uint32 // BTF size after libbpf's fixups
	GoSize   uint32 // unsafe.Sizeof of GoType: Size plus any trailing padding Go adds
	ReadOnly bool   // .rodata, .rodata.* and .kconfig: frozen at load
	Vars     []Var  // the exposed (non-static) variables, by offset
}

// Var is one variable of a Datasec.
type Var struct {
	Name   string // C name
	GoName string // field of the section's struct (or accessor methods, if Packed)
	Offset uint32
	Size   uint32
	GoType string
	// Packed is set when Go could not place the variable at its offset:
	// it is then read with GoName() and written with SetGoName(v).
	Packed bool
}

// Map is a BTF-defined map and the Go types of its keys and values.
type Map struct {
	Name   string // C name
	GoName string
	// KeyGoType and ValueGoType are Go type expressions: a generated type,
	// a predeclared one ("uint32"), or "[N]byte" when the map gives only a
	// size. They are "" for maps without keys or values (ring buffers).
	// For per-CPU maps they describe one CPU's value.
	KeyGoType   string
	ValueGoType string
	KeySize     uint32
	ValueSize   uint32
	MaxEntries  uint32
	MapType     opts.MapType
}

// Generate produces the Go declarations for spec's data sections and maps.
// o may be nil. The result is deterministic for a given spec and options.
func Generate(spec *btf.Spec, o *Options) (*Output, error) {
	if o == nil {
		o = &Options{}
	}
	if spec.ByteOrder != binary.LittleEndian {
		return nil, fmt.Errorf("gotype: the object is big-endian: %w", ErrUnsupported)
	}
	if o.Prefix != "" && GoName(o.Prefix) == "" {
		return nil, fmt.Errorf("gotype: prefix %q is not a Go identifier", o.Prefix)
	}
	g := newGenerator(spec, o)
	out := &Output{}
	for _, d := range spec.Datasecs() {
		if isData, _ := btf.DataSection(d.Name); !isData {
			continue
		}
		ds, err := g.datasec(d)
		if err != nil {
			return nil, err
		}
		out.Datasecs = append(out.Datasecs, *ds)
	}
	maps, err := spec.Maps()
	if err != nil {
		return nil, fmt.Errorf("gotype: %w", err)
	}
	for _, m := range maps {
		gm, err := g.mapTypes(m)
		if err != nil {
			return nil, err
		}
		out.Maps = append(out.Maps, *gm)
	}
	if out.Decls, err = g.render(); err != nil {
		return nil, err
	}
	out.CheckLayoutFunc = checkFuncName(o.Prefix)
	if out.CheckLayout, err = g.renderCheck(out.CheckLayoutFunc); err != nil {
		return nil, err
	}
	out.Imports = g.imports()
	return out, nil
}

// gofmt formats src, a list of declarations, as a Go file would hold them.
func gofmt(src string) (string, error) {
	if strings.TrimSpace(src) == "" {
		return "", nil
	}
	const pkg = "package p\n"
	b, err := format.Source([]byte(pkg + src))
	if err != nil {
		return "", fmt.Errorf("gotype: generated code does not parse (a bug): %w\n%s", err, src)
	}
	return strings.TrimLeft(strings.TrimPrefix(string(b), pkg), "\n"), nil
}
