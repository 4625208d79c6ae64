package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// CgroupV2 returns where the cgroup v2 hierarchy is mounted: the hybrid
// layout's /sys/fs/cgroup/unified, or /sys/fs/cgroup.
func CgroupV2(t testing.TB) string {
	t.Helper()
	for _, p := range []string{"/sys/fs/cgroup/unified", "/sys/fs/cgroup"} {
		var st unix.Statfs_t
		if unix.Statfs(p, &st) == nil && st.Type == unix.CGROUP2_SUPER_MAGIC {
			return p
		}
	}
	t.Fatal("no cgroup v2 hierarchy mounted (scripts/setup.sh mounts one)")
	return ""
}

// TempCgroup makes a cgroup v2 directory for this test, removed when it
// ends, and returns its path and an fd for it (closed at the end).
func TempCgroup(t testing.TB) (dir string, fd int) {
	t.Helper()
	RequirePrivileged(t)
	name := strings.NewReplacer("/", "-", " ", "_").Replace(t.Name())
	dir = filepath.Join(CgroupV2(t), fmt.Sprintf("golibbpf-%d-%s", os.Getpid(), name))
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := os.Remove(dir); err != nil {
			t.Errorf("remove cgroup: %v", err)
		}
	})
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	return dir, CloseAtEnd(t, fd)
}

// CgroupID returns the ID of the cgroup v2 directory open as fd: its inode
// number.
func CgroupID(t testing.TB, fd int) uint64 {
	t.Helper()
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		t.Fatalf("fstat cgroup: %v", err)
	}
	return st.Ino
}
