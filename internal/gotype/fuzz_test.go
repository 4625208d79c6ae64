package gotype

import (
	"bytes"
	"debug/elf"
	"os"
	"path/filepath"
	"testing"

	"github.com/golibbpf/golibbpf/internal/btf"
)

// FuzzGenerate runs Generate on corrupted objects and corrupted .BTF
// sections: it must return an error or output, never panic. Pure Go: safe
// to run with -fuzz.
func FuzzGenerate(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "tests", "testdata", "*.bpf.o"))
	for _, p := range paths {
		obj, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(obj)
		if ef, err := elf.NewFile(bytes.NewReader(obj)); err == nil {
			if sec := ef.Section(".BTF"); sec != nil {
				if b, err := sec.Data(); err == nil {
					f.Add(b)
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, parse := range []func([]byte) (*btf.Spec, error){btf.Parse, btf.ParseBTF} {
			spec, err := parse(b)
			if err != nil {
				continue
			}
			out, err := Generate(spec, &Options{Prefix: "F"})
			if err == nil && out == nil {
				t.Fatal("nil output without an error")
			}
		}
	})
}
