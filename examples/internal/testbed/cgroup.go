package testbed

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// NewCgroup creates a cgroup v2 directory named after tag and this process,
// in the hybrid layout's /sys/fs/cgroup/unified or in /sys/fs/cgroup; the
// caller removes it.
func NewCgroup(tag string) (string, error) {
	for _, root := range []string{"/sys/fs/cgroup/unified", "/sys/fs/cgroup"} {
		var st unix.Statfs_t
		if unix.Statfs(root, &st) == nil && st.Type == unix.CGROUP2_SUPER_MAGIC {
			dir := filepath.Join(root, fmt.Sprintf("golibbpf-%s-%d", tag, os.Getpid()))
			return dir, os.Mkdir(dir, 0o755)
		}
	}
	return "", errors.New("no cgroup v2 hierarchy mounted (scripts/setup.sh mounts one)")
}
