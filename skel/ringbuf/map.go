package ringbuf

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// Map is a BPF map known by its file descriptor, such as a skeleton's
// *skel.Map. The readers duplicate the fd, so the map may be closed after
// a reader is made.
type Map interface {
	FD() (int, error)
}

// mapFDs returns the fds of maps.
func mapFDs(maps []Map) ([]int, error) {
	fds := make([]int, len(maps))
	for i, m := range maps {
		if m == nil {
			return nil, fmt.Errorf("ringbuf: map %d is nil: %w", i, unix.EINVAL)
		}
		fd, err := m.FD()
		if err != nil {
			return nil, fmt.Errorf("ringbuf: map %d: %w", i, err)
		}
		fds[i] = fd
	}
	return fds, nil
}
