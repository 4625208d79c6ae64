package btf

import (
	"bytes"
	"debug/elf"
	"io"
	"testing"
)

func bytesReader(b []byte) io.ReaderAt { return bytes.NewReader(b) }

// rawBTF extracts the .BTF section of an object, for seeds.
func rawBTF(obj []byte) []byte {
	f, err := elf.NewFile(bytes.NewReader(obj))
	if err != nil {
		return nil
	}
	sec := f.Section(".BTF")
	if sec == nil {
		return nil
	}
	b, _ := sec.Data()
	return b
}

// walk uses every part of a Spec, as a consumer would.
func walk(s *Spec) {
	for _, t := range s.Types {
		s.Sizeof(t.ID)
		s.Alignof(t.ID)
		s.Resolve(t.ID)
	}
	s.Datasecs()
	s.Maps()
}

// FuzzParse feeds corrupted objects and .BTF sections to Parse and
// ParseBTF: they must return an error or a usable Spec, never panic. Pure
// Go: safe to run with -fuzz.
func FuzzParse(f *testing.F) {
	for _, obj := range objects(f) {
		f.Add(obj)
		f.Add(rawBTF(obj))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if s, err := Parse(b); err == nil {
			walk(s)
		}
		if s, err := ParseBTF(b); err == nil {
			walk(s)
		}
	})
}
