package lifecycle

import (
	"errors"
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/skel"
)

// TestBadObjects: objects libbpf cannot open give clear errors, not crashes.
func TestBadObjects(t *testing.T) {
	testenv.NoLeaks(t)
	testenv.RequirePrivileged(t)
	good, err := os.ReadFile(testenv.BPFObject(t, "lifecycle_cycle"))
	if err != nil {
		t.Fatal(err)
	}
	notBPF, err := os.ReadFile("../testdata/lifecycle_target")
	if err != nil {
		t.Fatal(err)
	}
	corrupt := append([]byte(nil), good...)
	// Point the section header table past the end of the file.
	corrupt[0x28], corrupt[0x29], corrupt[0x2a], corrupt[0x2b] = 0xff, 0xff, 0xff, 0x7f

	for _, c := range []struct {
		name string
		elf  []byte
		want string // a piece of the error message
	}{
		{"empty", nil, "empty"},
		{"truncated", good[:100], "bpf_object__open_mem"},
		{"corrupted section headers", corrupt, "bpf_object__open_mem"},
		{"not an ELF file", []byte("#!/bin/sh\necho this is not ELF\n"), "bpf_object__open_mem"},
		{"an x86-64 executable", notBPF, "bpf_object__open_mem"},
	} {
		t.Run(c.name, func(t *testing.T) {
			obj, err := skel.OpenMem(c.elf, nil)
			if err == nil {
				obj.Destroy()
				t.Fatal("OpenMem succeeded")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not say %q", err, c.want)
			}
			var errno unix.Errno
			if !errors.As(err, &errno) {
				t.Errorf("error %v wraps no errno", err)
			}
		})
	}

	t.Run("unknown section", func(t *testing.T) {
		obj, err := skel.Open(testenv.BPFObject(t, "lifecycle_bad_section"), nil)
		if err == nil {
			err = obj.Load()
			defer obj.Destroy()
		}
		if err == nil {
			t.Fatal("an object with SEC(\"no_such_section/x\") opened and loaded")
		}
		for _, s := range []string{"lost", "no_such_section/x"} {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("error %q does not say %q", err, s)
			}
		}
	})
}

// TestPhases: calls made in the wrong phase return the phase's sentinel;
// after Destroy everything returns ErrDestroyed; .rodata is refused after
// Load with ErrReadOnly, and nothing crashes.
func TestPhases(t *testing.T) {
	testenv.NoLeaks(t)
	obj := open(t, "lifecycle_cycle", nil)
	prog, err := obj.Program(cycleProg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := obj.Program("no_such_program"); !errors.Is(err, skel.ErrNotFound) {
		t.Errorf("Program(no_such_program): %v, want ErrNotFound", err)
	}
	if err := obj.Attach(nil); !errors.Is(err, skel.ErrNotLoaded) {
		t.Errorf("Attach before Load: %v, want ErrNotLoaded", err)
	}
	if _, err := prog.Attach(); !errors.Is(err, skel.ErrNotLoaded) {
		t.Errorf("Program.Attach before Load: %v, want ErrNotLoaded", err)
	}
	if _, err := prog.FD(); !errors.Is(err, skel.ErrNotLoaded) {
		t.Errorf("FD before Load: %v, want ErrNotLoaded", err)
	}
	if err := obj.Load(); err != nil {
		t.Fatalf("load: %+v", err)
	}
	if err := obj.Load(); !errors.Is(err, skel.ErrLoaded) {
		t.Errorf("second Load: %v, want ErrLoaded", err)
	}
	if err := prog.SetAutoload(false); !errors.Is(err, skel.ErrLoaded) {
		t.Errorf("SetAutoload after Load: %v, want ErrLoaded", err)
	}

	// .bss is the kernel's memory now, and writable.
	bss, err := obj.DataSection(".bss")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bss.WriteAt([]byte{1}, 0); err != nil {
		t.Errorf("write to .bss after Load: %v", err)
	}

	if err := obj.Destroy(); err != nil {
		t.Fatal(err)
	}
	if err := obj.Destroy(); err != nil {
		t.Errorf("second Destroy: %v", err)
	}
	for name, err := range map[string]error{
		"Load":           obj.Load(),
		"Attach":         obj.Attach(nil),
		"Detach":         obj.Detach(),
		"SetAutoload":    prog.SetAutoload(true),
		"DataSection":    second(obj.DataSection(".bss")),
		"Program":        second(obj.Program(cycleProg)),
		"Program.FD":     second(prog.FD()),
		"Program.Attach": second(prog.Attach()),
	} {
		if !errors.Is(err, skel.ErrDestroyed) {
			t.Errorf("%s after Destroy: %v, want ErrDestroyed", name, err)
		}
	}
}

// TestRodataAfterLoad: .rodata can be set before Load; after it a write is
// refused with ErrReadOnly and the constant the program saw stays.
func TestRodataAfterLoad(t *testing.T) {
	testenv.NoLeaks(t)
	obj := open(t, "lifecycle", nil)
	ro, err := obj.DataSection(".rodata")
	if err != nil {
		t.Fatal(err)
	}
	if ro.ReadOnly() {
		t.Error(".rodata reports ReadOnly before Load")
	}
	if _, err := ro.WriteAt([]byte{7, 0, 0, 0}, 0); err != nil {
		t.Fatalf("write .rodata before Load: %v", err)
	}
	for _, p := range obj.Programs() {
		// Load only the tracepoint: fewer programs for the kernel.
		if err := p.SetAutoload(p.Name() == "on_tp"); err != nil {
			t.Fatal(err)
		}
	}
	if err := obj.Load(); err != nil {
		t.Fatalf("load: %+v", err)
	}
	if !ro.ReadOnly() {
		t.Error(".rodata does not report ReadOnly after Load")
	}
	if _, err := ro.WriteAt([]byte{9}, 0); !errors.Is(err, skel.ErrReadOnly) {
		t.Errorf("write .rodata after Load: %v, want ErrReadOnly", err)
	}
	got := make([]byte, 4)
	if _, err := ro.ReadAt(got, 0); err != nil {
		t.Fatal(err)
	}
	if got[0] != 7 {
		t.Errorf(".rodata after Load reads %v, want the 7 written before Load", got)
	}
}

func second[T any](_ T, err error) error { return err }
