package skel_test

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
	"github.com/golibbpf/golibbpf/skel"
)

// TestReuseFDAndPinPath: a map given an existing map's fd before Load is
// that map after it (what one side writes the other reads), and a map with
// a pin path is pinned there at Load and found there by a second object.
func TestReuseFDAndPinPath(t *testing.T) {
	testenv.NoLeaks(t)
	testenv.RequirePrivileged(t)
	outer, err := cgo.MapCreate(opts.MapTypeArray, "reused", 4, 8, 16, nil)
	if err != nil {
		t.Fatal(err)
	}
	testenv.CloseAtEnd(t, outer)

	obj := open(t, "skel_basic", nil)
	array := must[*skel.Map](t)(obj.Map("array"))
	if err := array.ReuseFD(outer); err != nil {
		t.Fatal(err)
	}
	pin := filepath.Join(testenv.BPFFS(t), "golibbpf-test-pinned-"+filepath.Base(t.TempDir()))
	hash := must[*skel.Map](t)(obj.Map("hash"))
	if err := hash.SetPinPath(pin); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(pin) })
	if err := obj.Load(); err != nil {
		t.Fatalf("load: %+v", err)
	}

	typed := must[*skel.TypedMap[uint32, uint64]](t)(skel.MapOf[uint32, uint64](array))
	if err := typed.Update(3, 42, 0); err != nil {
		t.Fatal(err)
	}
	if got := testenv.Lookup[uint32, uint64](t, outer, 3); got != 42 {
		t.Errorf("the reused map holds %d at 3, want the 42 written through skel", got)
	}
	testenv.Update(t, outer, uint32(5), uint64(7))
	if got, err := typed.Lookup(5); err != nil || got != 7 {
		t.Errorf("skel reads %d, %v at 5, want the 7 written through the fd", got, err)
	}

	if hash.PinPath() != pin {
		t.Errorf("PinPath() = %q, want %q", hash.PinPath(), pin)
	}
	pinned, err := cgo.ObjGet(pin)
	if err != nil {
		t.Fatalf("the map is not pinned at %s: %v", pin, err)
	}
	defer unix.Close(pinned)
	hashFD := must[int](t)(hash.FD())
	if testenv.ObjID(t, pinned) != testenv.ObjID(t, hashFD) {
		t.Errorf("the map pinned at %s is not the object's hash map", pin)
	}
}
