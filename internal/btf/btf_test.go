package btf

import (
	"debug/elf"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/golibbpf/golibbpf/opts"
)

// objects returns the compiled BPF test objects of tests/testdata.
func objects(t testing.TB) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "tests", "testdata", "*.bpf.o"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no BPF objects in tests/testdata (run make bpf): %v", err)
	}
	objs := make(map[string][]byte)
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		objs[filepath.Base(p)] = b
	}
	return objs
}

func layoutSpec(t *testing.T) *Spec {
	t.Helper()
	s, err := LoadELF(filepath.Join("..", "..", "tests", "testdata", "gotype_layout.bpf.o"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestFixups checks the DATASEC sizes and offsets libbpf's fixups produce
// (clang writes 0 for all of them) and the static marking.
func TestFixups(t *testing.T) {
	s := layoutSpec(t)
	want := map[string]uint32{".bss": 392, ".data": 32, ".data.foo": 24, ".rodata": 16, ".maps": 80, "license": 4}
	for _, d := range s.Datasecs() {
		if d.Size != want[d.Name] {
			t.Errorf("%s size %d, want %d", d.Name, d.Size, want[d.Name])
		}
		for i := 1; i < len(d.Vars); i++ {
			if d.Vars[i].Offset < d.Vars[i-1].Offset {
				t.Errorf("%s vars not sorted by offset", d.Name)
			}
		}
		for _, v := range d.Vars {
			switch v.Name {
			case "gl_data_bits":
				if v.Offset != 16 {
					t.Errorf("gl_data_bits at %d, want 16", v.Offset)
				}
			case "gl_hidden":
				if v.Linkage != LinkageStatic {
					t.Errorf("gl_hidden linkage %v", v.Linkage)
				}
			case "gl_f64":
				if v.Offset != 384 || v.Size != 8 {
					t.Errorf("gl_f64 at %d size %d", v.Offset, v.Size)
				}
			}
		}
	}
}

func TestMaps(t *testing.T) {
	s := layoutSpec(t)
	maps, err := s.Maps()
	if err != nil {
		t.Fatal(err)
	}
	if len(maps) != 3 {
		t.Fatalf("%d maps, want 3", len(maps))
	}
	h := maps[0]
	if h.Name != "gl_hash" || h.Type != opts.MapTypeHash || h.KeySize != 8 || h.ValueSize != 32 || h.MaxEntries != 8 {
		t.Errorf("gl_hash = %+v", h)
	}
	if k := s.Types[h.Key]; k.Kind != KindStruct || k.Name != "gl_key" {
		t.Errorf("gl_hash key is %s %q", k.Kind, k.Name)
	}
	if r := maps[2]; r.Type != opts.MapTypeRingBuf || r.MaxEntries != 4096 || r.Key != 0 || r.KeySize != 0 {
		t.Errorf("gl_ring = %+v", r)
	}
}

func TestTypes(t *testing.T) {
	s := layoutSpec(t)
	bits, err := s.TypeByName("gl_bits")
	if err != nil {
		t.Fatal(err)
	}
	if !bits.KindFlag || bits.Members[3].Name != "d" || bits.Members[3].BitfieldSize != 40 || bits.Members[3].BitOffset != 15 {
		t.Errorf("gl_bits member d = %+v (kind_flag %v)", bits.Members[3], bits.KindFlag)
	}
	if a, _ := s.Alignof(bits.ID); a != 8 {
		t.Errorf("Alignof(gl_bits) = %d, want 8", a)
	}
	packed, _ := s.TypeByName("gl_packed")
	if a, _ := s.Alignof(packed.ID); a != 1 {
		t.Errorf("Alignof(gl_packed) = %d, want 1", a)
	}
	sign, _ := s.TypeByName("gl_sign")
	if !sign.Signed() || int64(sign.Values[0].Value) != -5 {
		t.Errorf("gl_sign = %+v", sign)
	}
	big, _ := s.TypeByName("gl_big")
	if big.Kind != KindEnum64 || big.Values[1].Value != 0xfffffffff0 {
		t.Errorf("gl_big = %+v", big)
	}
	nested, _ := s.TypeByName("gl_nested")
	if n, _ := s.Sizeof(nested.ID); n != 104 {
		t.Errorf("Sizeof(gl_nested) = %d", n)
	}
	if _, err := s.TypeByName("no_such_type"); !errors.Is(err, ErrNotFound) {
		t.Errorf("TypeByName(no_such_type): %v", err)
	}
}

func TestBadInput(t *testing.T) {
	for name, b := range map[string][]byte{
		"empty":    nil,
		"not ELF":  []byte("hello, world, this is not an ELF file at all"),
		"host ELF": mustRead(t, "/proc/self/exe"),
	} {
		if _, err := Parse(b); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: %v, want ErrFormat", name, err)
		}
	}
	// An object whose .BTF is cut short.
	obj := objects(t)["gotype_layout.bpf.o"]
	f, err := elf.NewFile(bytesReader(obj))
	if err != nil {
		t.Fatal(err)
	}
	sec := f.Section(".BTF")
	bad := append([]byte(nil), obj...)
	for i := sec.Offset + 24; i < sec.Offset+sec.Size; i++ {
		bad[i] = 0xff
	}
	if _, err := Parse(bad); !errors.Is(err, ErrFormat) {
		t.Errorf("corrupt .BTF: %v, want ErrFormat", err)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAllObjects parses every test object and walks its types.
func TestAllObjects(t *testing.T) {
	for name, b := range objects(t) {
		s, err := Parse(b)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if _, err := s.Maps(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
