package skel

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/opts"
)

// A Link is an attachment of a program (or a struct_ops map) made from an
// Object. The object owns it: Object.Detach and Object.Destroy destroy it.
type Link struct {
	obj     *Object
	prog    *Program // nil for a struct_ops map's link
	mapName string   // the struct_ops map, for a map's link
	c       *cgo.Link
	fd      int    // the link fd (0 for libbpf's composite USDT link); owned by c, or by the Link when c is nil
	pinned  string // the pin path of a raw-fd link
	auto    bool   // made by Object.Attach
	gone    bool   // destroyed
}

// addLink records a link made from o. The caller holds o.mu for writing.
func (o *Object) addLink(p *Program, c *cgo.Link, rawFD int) *Link {
	l := &Link{obj: o, prog: p, c: c, fd: rawFD}
	if c != nil {
		l.fd = cgo.LinkFD(c)
	}
	o.links = append(o.links, l)
	return l
}

func (l *Link) what() string {
	if l.prog == nil {
		return "link of struct_ops map " + l.mapName
	}
	return "link of program " + l.prog.name
}

// check returns ErrDestroyed for a destroyed link or object.
func (l *Link) check(op string) error {
	if err := l.obj.alive(l.what() + ": " + op); err != nil {
		return err
	}
	if l.gone {
		return &phaseError{l.what() + ": " + op, ErrDestroyed}
	}
	return nil
}

// Program returns the linked program; nil for a struct_ops map's link.
func (l *Link) Program() *Program {
	l.obj.mu.RLock()
	defer l.obj.mu.RUnlock()
	return l.prog
}

// Map returns the struct_ops map a map's link attached
// (bpf_map__attach_struct_ops); nil for a program's link.
func (l *Link) Map() *Map {
	l.obj.mu.RLock()
	defer l.obj.mu.RUnlock()
	if l.prog != nil {
		return nil
	}
	for _, m := range l.obj.maps {
		if m.name == l.mapName {
			return m
		}
	}
	return nil
}

// FD returns the link's file descriptor, owned by the link; -1 after
// Destroy. libbpf's USDT links are composite and have no fd of their own (0).
func (l *Link) FD() int {
	l.obj.mu.RLock()
	defer l.obj.mu.RUnlock()
	if l.check("fd") != nil {
		return -1
	}
	return l.fd
}

// Update makes the link run p from now on (bpf_link__update_program,
// BPF_LINK_UPDATE). p must be loaded and of a compatible type.
func (l *Link) Update(p *Program) error {
	l.obj.mu.Lock()
	defer l.obj.mu.Unlock()
	if err := l.check("update"); err != nil {
		return err
	}
	fd, err := p.FD()
	if err != nil {
		return err
	}
	if l.c != nil {
		l.obj.route(func() { err = cgo.LinkUpdateProgram(l.c, p.c) })
	} else {
		err = cgo.LinkUpdate(l.fd, fd, nil)
	}
	if err != nil {
		return fmt.Errorf("%s: update to %q: %w", l.what(), p.name, err)
	}
	l.prog = p
	return nil
}

// Detach detaches the link from its target (bpf_link__detach,
// BPF_LINK_DETACH) while its fd stays open; Destroy still has to be called.
func (l *Link) Detach() error {
	l.obj.mu.Lock()
	defer l.obj.mu.Unlock()
	if err := l.check("detach"); err != nil {
		return err
	}
	var err error
	if l.c != nil {
		l.obj.route(func() { err = cgo.LinkDetachLink(l.c) })
	} else {
		err = cgo.LinkDetach(l.fd)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", l.what(), err)
	}
	return nil
}

// Pin pins the link at path on a BPF file system (bpf_link__pin): it then
// stays attached after Destroy and after the process exits, until Unpin or
// the pin file is removed.
func (l *Link) Pin(path string) error {
	l.obj.mu.Lock()
	defer l.obj.mu.Unlock()
	if err := l.check("pin"); err != nil {
		return err
	}
	var err error
	if l.c != nil {
		l.obj.route(func() { err = cgo.LinkPin(l.c, path) })
	} else if err = cgo.ObjPin(l.fd, path); err == nil {
		l.pinned = path
	}
	if err != nil {
		return fmt.Errorf("%s: %w", l.what(), err)
	}
	return nil
}

// Unpin removes the link's pin (bpf_link__unpin).
func (l *Link) Unpin() error {
	l.obj.mu.Lock()
	defer l.obj.mu.Unlock()
	if err := l.check("unpin"); err != nil {
		return err
	}
	var err error
	if l.c != nil {
		l.obj.route(func() { err = cgo.LinkUnpin(l.c) })
	} else if l.pinned == "" {
		err = unix.EINVAL
	} else if err = os.Remove(l.pinned); err == nil {
		l.pinned = ""
	}
	if err != nil {
		return fmt.Errorf("%s: unpin: %w", l.what(), err)
	}
	return nil
}

// PinPath returns where the link is pinned, "" if it is not.
func (l *Link) PinPath() string {
	l.obj.mu.RLock()
	defer l.obj.mu.RUnlock()
	if l.check("pin path") != nil {
		return ""
	}
	if l.c != nil {
		return cgo.LinkPinPath(l.c)
	}
	return l.pinned
}

// Info returns what the kernel reports about the link
// (BPF_OBJ_GET_INFO_BY_FD).
func (l *Link) Info() (*cgo.LinkInfo, error) {
	l.obj.mu.RLock()
	defer l.obj.mu.RUnlock()
	if err := l.check("info"); err != nil {
		return nil, err
	}
	if l.fd <= 0 {
		return nil, fmt.Errorf("%s: composite link has no fd: %w", l.what(), unix.EINVAL)
	}
	info, err := cgo.LinkGetInfoByFD(l.fd)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", l.what(), err)
	}
	return info, nil
}

// Destroy detaches the link (unless pinned) and frees it
// (bpf_link__destroy). It is idempotent.
func (l *Link) Destroy() error {
	l.obj.mu.Lock()
	defer l.obj.mu.Unlock()
	if l.gone || l.obj.state.Load() == stateDestroyed {
		return nil
	}
	return l.destroyLocked()
}

// destroyLocked destroys l and removes it from its object's links. The
// caller holds l.obj.mu for writing.
func (l *Link) destroyLocked() error {
	if l.gone {
		return nil
	}
	l.gone = true
	links := l.obj.links
	for i, x := range links {
		if x == l {
			l.obj.links = append(links[:i:i], links[i+1:]...)
			break
		}
	}
	var err error
	if l.c != nil {
		l.obj.route(func() { err = cgo.LinkDestroy(l.c) })
	} else {
		err = unix.Close(l.fd)
	}
	l.fd = -1
	if err != nil {
		return fmt.Errorf("%s: destroy: %w", l.what(), err)
	}
	return nil
}

// AttachLink attaches the program with a raw bpf_link_create to target (a
// cgroup fd, ifindex, netns fd, map fd, ... as attachType says). The link is
// owned by the object like the others.
func (p *Program) AttachLink(target int, at opts.AttachType, o *opts.LinkCreate) (*Link, error) {
	p.obj.mu.Lock()
	defer p.obj.mu.Unlock()
	return p.attachLinkLocked(target, at, o)
}

// attachLinkLocked is AttachLink for a caller holding the object's lock.
func (p *Program) attachLinkLocked(target int, at opts.AttachType, o *opts.LinkCreate) (*Link, error) {
	fd, err := p.FD()
	if err != nil {
		return nil, err
	}
	var lfd int
	p.obj.route(func() { lfd, err = cgo.LinkCreate(fd, target, at, o) })
	if err != nil {
		return nil, p.attachError(err)
	}
	return p.obj.addLink(p, nil, lfd), nil
}

// OpenIter starts a run of an iterator link (bpf_iter_create) and returns
// a file that reads what the program prints; the caller closes it.
func (l *Link) OpenIter() (*os.File, error) {
	l.obj.mu.RLock()
	defer l.obj.mu.RUnlock()
	if err := l.check("open iterator"); err != nil {
		return nil, err
	}
	if l.fd <= 0 {
		return nil, fmt.Errorf("%s: composite link has no fd: %w", l.what(), unix.EINVAL)
	}
	fd, err := cgo.IterCreate(l.fd)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", l.what(), err)
	}
	return os.NewFile(uintptr(fd), "bpf_iter:"+l.what()), nil
}
