package perfbuf

// Map is a BPF map known by its file descriptor, such as a skeleton's
// *skel.Map. The Reader duplicates the fd, so the map may be closed after
// the Reader is made.
type Map interface {
	FD() (int, error)
}
