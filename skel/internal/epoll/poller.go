package epoll

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// ErrClosed is returned by a read on a reader that was closed, and by a
// read that Close interrupted.
var ErrClosed = errors.New("golibbpf: event reader closed")

// Ids of the poller's own eventfds in the epoll set; the fds a reader adds
// get ids below them.
const (
	closeID  = ^uint32(0)
	cancelID = ^uint32(0) - 1
)

// A Poller waits until one of the fds added to it is ready. Interrupt (from
// any goroutine) wakes a Wait for good; a context that is done wakes the
// Wait it was given. Only one goroutine may Wait at a time.
type Poller struct {
	epfd     int
	closeFD  int // eventfd written once by Interrupt: every Wait returns at once
	cancelFD int // eventfd written when a Wait's context is done; drained by Wait
	events   []unix.EpollEvent
}

// New returns a Poller with no fds of the caller's in it.
func New() (*Poller, error) {
	p := &Poller{epfd: -1, closeFD: -1, cancelFD: -1}
	var err error
	if p.epfd, err = unix.EpollCreate1(unix.EPOLL_CLOEXEC); err != nil {
		return nil, fmt.Errorf("epoll_create1: %w", err)
	}
	for _, e := range []struct {
		fd *int
		id uint32
	}{{&p.closeFD, closeID}, {&p.cancelFD, cancelID}} {
		if *e.fd, err = unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK); err != nil {
			p.Release()
			return nil, fmt.Errorf("eventfd: %w", err)
		}
		if err = p.add(*e.fd, e.id, unix.EPOLLIN); err != nil {
			p.Release()
			return nil, err
		}
	}
	p.events = make([]unix.EpollEvent, 8)
	return p, nil
}

// Add watches fd for events (unix.EPOLLIN, unix.EPOLLOUT); id is returned
// by Wait's ready callback. Ids must be below 1<<32-2.
func (p *Poller) Add(fd int, id uint32, events uint32) error {
	if id >= cancelID {
		return fmt.Errorf("epoll: id %d is reserved", id)
	}
	if err := p.add(fd, id, events); err != nil {
		return err
	}
	if n := len(p.events); n < 64 {
		p.events = make([]unix.EpollEvent, n+1)
	}
	return nil
}

func (p *Poller) add(fd int, id uint32, events uint32) error {
	ev := unix.EpollEvent{Events: events, Fd: int32(id)}
	if err := unix.EpollCtl(p.epfd, unix.EPOLL_CTL_ADD, fd, &ev); err != nil {
		return fmt.Errorf("epoll_ctl(add fd %d): %w", fd, err)
	}
	return nil
}

// Wait blocks until an added fd is ready, ctx is done or Interrupt is
// called, and returns nil, ctx.Err() or ErrClosed. When it returns nil,
// ready (if not nil) was called with the id of each ready fd; a spurious
// wake-up returns nil with no call. Waiting arms a context.AfterFunc when
// ctx can be done; the ring readers wait only when they have nothing to
// read, so that cost is never paid per record.
func (p *Poller) Wait(ctx context.Context, ready func(id uint32)) error {
	if ctx.Done() != nil {
		if err := ctx.Err(); err != nil {
			return err
		}
		stop := context.AfterFunc(ctx, p.cancel)
		defer stop()
	}
	for {
		n, err := unix.EpollWait(p.epfd, p.events, -1)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return fmt.Errorf("epoll_wait: %w", err)
		}
		woken := false
		for _, ev := range p.events[:n] {
			switch id := uint32(ev.Fd); id {
			case closeID:
				return ErrClosed
			case cancelID:
				drain(p.cancelFD)
				woken = true
			default:
				if ready != nil {
					ready(id)
				}
			}
		}
		if woken {
			if err := ctx.Err(); err != nil {
				return err
			}
			if n == 1 {
				// A stale wake-up from an earlier Wait's context: wait again.
				continue
			}
		}
		return nil
	}
}

// Interrupt makes the Wait in progress, and every later one, return
// ErrClosed. It may be called from any goroutine, more than once.
func (p *Poller) Interrupt() { signal(p.closeFD) }

func (p *Poller) cancel() { signal(p.cancelFD) }

// Release closes the poller's fds. No Wait may be in progress or follow.
func (p *Poller) Release() error {
	var errs []error
	for _, fd := range []*int{&p.closeFD, &p.cancelFD, &p.epfd} {
		if *fd >= 0 {
			if err := unix.Close(*fd); err != nil {
				errs = append(errs, err)
			}
			*fd = -1
		}
	}
	return errors.Join(errs...)
}

func signal(fd int) {
	one := [8]byte{1}
	unix.Write(fd, one[:])
}

func drain(fd int) {
	var buf [8]byte
	unix.Read(fd, buf[:])
}
