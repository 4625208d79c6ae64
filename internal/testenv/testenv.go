package testenv

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/opts"
)

// RequirePrivileged skips t when the process is not root and CI is unset.
// Under CI (CI set to anything) a privileged test never skips: being
// unprivileged there is a failure.
func RequirePrivileged(t testing.TB) {
	t.Helper()
	if os.Geteuid() == 0 {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("this test needs root, and CI=%s forbids skipping it", os.Getenv("CI"))
	}
	t.Skip("needs root (set CI=true to make this a failure)")
}

// Root is the module's root directory.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// BPFObject returns the path of tests/testdata/<name>.bpf.o, failing t
// if it has not been built (make bpf builds it).
func BPFObject(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(Root(), "tests", "testdata", name+".bpf.o")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("%s is not built (run make bpf): %v", p, err)
	}
	return p
}

// BPFFS returns the BPF file system mount point, failing t if none is
// mounted (scripts/setup.sh mounts it).
func BPFFS(t testing.TB) string {
	t.Helper()
	var st unix.Statfs_t
	if err := unix.Statfs("/sys/fs/bpf", &st); err != nil || st.Type != unix.BPF_FS_MAGIC {
		t.Fatal("no BPF file system at /sys/fs/bpf (mount -t bpf bpf /sys/fs/bpf, or scripts/setup.sh mounts)")
	}
	return "/sys/fs/bpf"
}

// LoadObject opens and loads tests/testdata/<name>.bpf.o and closes it at
// the end of the test. It needs privileges.
func LoadObject(t testing.TB, name string) *cgo.Object {
	t.Helper()
	RequirePrivileged(t)
	obj, err := cgo.ObjectOpenFile(BPFObject(t, name), nil)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	t.Cleanup(func() { cgo.ObjectClose(obj) })
	if err := cgo.ObjectLoad(obj); err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return obj
}

// ProgFD returns the fd of the program called name in obj.
func ProgFD(t testing.TB, obj *cgo.Object, name string) int {
	t.Helper()
	p, err := cgo.ObjectFindProgramByName(obj, name)
	if err != nil {
		t.Fatal(err)
	}
	fd, err := cgo.ProgramFD(p)
	if err != nil {
		t.Fatal(err)
	}
	return fd
}

// MapFD returns the fd of the map called name in obj.
func MapFD(t testing.TB, obj *cgo.Object, name string) int {
	t.Helper()
	m, err := cgo.ObjectFindMapByName(obj, name)
	if err != nil {
		t.Fatal(err)
	}
	fd, err := cgo.MapFD(m)
	if err != nil {
		t.Fatal(err)
	}
	return fd
}

// CloseAtEnd closes fd when the test ends and returns it.
func CloseAtEnd(t testing.TB, fd int) int {
	t.Helper()
	t.Cleanup(func() { unix.Close(fd) })
	return fd
}

// LinkCreate is cgo.LinkCreate, failing t on error; the link is closed at
// the end of the test.
func LinkCreate(t testing.TB, progFD, target int, attachType opts.AttachType, o *opts.LinkCreate) int {
	t.Helper()
	fd, err := cgo.LinkCreate(progFD, target, attachType, o)
	if err != nil {
		t.Fatalf("LinkCreate(%s, target %d): %v", attachType, target, err)
	}
	return CloseAtEnd(t, fd)
}

// NoLeaks makes t check, after everything else it cleans up, that the cgo
// package holds no C memory. Call it first in a test, so that its cleanup
// runs last.
func NoLeaks(t testing.TB) {
	t.Helper()
	t.Cleanup(func() {
		if n := cgo.OutstandingAllocations(); n != 0 {
			t.Errorf("cgo.OutstandingAllocations() = %d after everything was closed, want 0", n)
		}
	})
}

// ObjID returns the kernel ID of a BPF program or map fd, read with a raw
// BPF_OBJ_GET_INFO_BY_FD (struct bpf_prog_info and struct bpf_map_info both
// start with __u32 type, __u32 id).
func ObjID(t testing.TB, fd int) uint32 {
	t.Helper()
	var info [64]uint64 // larger than either struct needs
	attr := struct {
		fd      uint32
		infoLen uint32
		info    uint64
	}{fd: uint32(fd), infoLen: uint32(unsafe.Sizeof(info)), info: uint64(uintptr(unsafe.Pointer(&info[0])))}
	_, _, errno := unix.Syscall(unix.SYS_BPF, unix.BPF_OBJ_GET_INFO_BY_FD,
		uintptr(unsafe.Pointer(&attr)), unsafe.Sizeof(attr))
	runtime.KeepAlive(&info)
	if errno != 0 {
		t.Fatalf("BPF_OBJ_GET_INFO_BY_FD(%d): %v", fd, errno)
	}
	id := uint32(info[0] >> 32)
	if id == 0 {
		t.Fatalf("fd %d has ID 0", fd)
	}
	return id
}

// LinkInfo returns the link's info or fails the test.
func LinkInfo(t testing.TB, fd int) *cgo.LinkInfo {
	t.Helper()
	info, err := cgo.LinkGetInfoByFD(fd)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// Lookup reads the value at key of a map with K keys and V values.
func Lookup[K, V any](t testing.TB, mapFD int, key K) V {
	t.Helper()
	var v V
	if err := cgo.MapLookupElem(mapFD, unsafe.Pointer(&key), unsafe.Pointer(&v)); err != nil {
		t.Fatalf("lookup %v: %v", key, err)
	}
	return v
}

// Update writes value at key of a map with K keys and V values.
func Update[K, V any](t testing.TB, mapFD int, key K, value V) {
	t.Helper()
	if err := cgo.MapUpdateElem(mapFD, unsafe.Pointer(&key), unsafe.Pointer(&value), 0); err != nil {
		t.Fatalf("update %v: %v", key, err)
	}
}

// WantErrno fails t unless err wraps errno and, when fn is not "", names fn.
func WantErrno(t testing.TB, err error, errno unix.Errno, fn string) {
	t.Helper()
	if !errors.Is(err, errno) {
		t.Fatalf("got error %v, want one wrapping %v (%d)", err, errno, int(errno))
	}
	if fn != "" && !strings.Contains(err.Error(), fn) {
		t.Fatalf("error %q does not name %s", err, fn)
	}
}
