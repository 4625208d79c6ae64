package skel_test

import (
	"errors"
	"os"
	"testing"

	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/skel"
)

// open opens tests/testdata/<name>.bpf.o and destroys it at the end of the
// test.
func open(t *testing.T, name string, o *skel.OpenOptions) *skel.Object {
	t.Helper()
	testenv.RequirePrivileged(t)
	obj, err := skel.Open(testenv.BPFObject(t, name), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := obj.Destroy(); err != nil {
			t.Errorf("Destroy: %v", err)
		}
	})
	return obj
}

// load opens and loads tests/testdata/<name>.bpf.o.
func load(t *testing.T, name string) *skel.Object {
	t.Helper()
	obj := open(t, name, nil)
	if err := obj.Load(); err != nil {
		t.Fatalf("%+v", err)
	}
	return obj
}

// setTarget writes this process's pid into .rodata's target_tgid (the
// first variable) before load.
func setTarget(t *testing.T, obj *skel.Object) {
	t.Helper()
	ro, err := obj.DataSection(".rodata")
	if err != nil {
		t.Fatal(err)
	}
	v, err := skel.View[basicRodata](ro)
	if err != nil {
		t.Fatal(err)
	}
	v.TargetTGID = uint32(os.Getpid())
}

// basicRodata is skel_basic's .rodata.
type basicRodata struct {
	TargetTGID uint32
	_          uint32
	XDPMagic   uint64
}

// basicBss is skel_basic's .bss.
type basicBss struct {
	TPHits     uint64
	KprobeHits uint64
	XDPSeen    uint64
}

func wantIs(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("got error %v, want one wrapping %v", err, target)
	}
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
