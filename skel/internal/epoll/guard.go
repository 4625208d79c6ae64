package epoll

import "sync/atomic"

// The Guard's state: the number of calls inside in the low bits, then flags.
const (
	closedBit   = 1 << 62 // Close was called
	releasedBit = 1 << 61 // the release function has run (or is running)
	unmappedBit = 1 << 60 // the unmap function has run (or is running)
	leasedBit   = 1 << 59 // a lease is held
	countMask   = leasedBit - 1
)

// A Guard counts the calls that use a reader's mapped memory and fds, so
// that Close can run from any goroutine at any time: a closed reader's
// release function runs exactly once, when it is closed and no call is
// inside it, by Close itself or by the last call to leave. Close never
// waits, so it cannot deadlock, even when called from a callback of the
// read it closes.
//
// A reader whose calls each read a little memory and return (such as a
// ring buffer's ReadInto, which copies one record) can instead hold a
// lease across calls: one pair of atomic read-modify-write operations per
// batch of records instead of per call, with an atomic load (a plain load
// on amd64) per call to notice Close. A lease guards the mapped memory
// only, not the fds: a call that holds one must use no fd, and must check
// Closed at its start. The release function then still runs as soon as the
// reader is closed and no call is inside, leased or not; the unmap
// function (see SetUnmap) runs once the lease is given back as well.
type Guard struct {
	state   atomic.Int64 // calls inside | closedBit | releasedBit | unmappedBit | leasedBit
	release func()
	unmap   func()
}

// SetRelease sets the function that frees the reader. Call it before the
// Guard is shared.
func (g *Guard) SetRelease(release func()) { g.release = release }

// SetUnmap sets the function that frees what a lease guards (the reader's
// mapped memory); release must then leave that memory alone. unmap runs
// exactly once, when the reader is closed, no call is inside and no lease
// is held, once release has started: possibly while release still runs in
// another goroutine, so the two must touch different things. Call it before
// the Guard is shared.
func (g *Guard) SetUnmap(unmap func()) { g.unmap = unmap }

// Enter reports whether the reader is open; when it is, the caller must
// call Exit when done with the reader's memory.
func (g *Guard) Enter() bool {
	if g.state.Add(1)&closedBit != 0 {
		g.Exit()
		return false
	}
	return true
}

// Exit ends a call that Enter let in.
func (g *Guard) Exit() {
	if s := g.state.Add(-1); s&closedBit != 0 && s&countMask == 0 {
		g.settle()
	}
}

// Lease reports whether the reader is open; when it is, the reader's mapped
// memory stays mapped until EndLease, even across calls and after Close.
// Only one lease may be held at a time, and its holder must check Closed at
// the start of every call that uses the memory, and call EndLease when it
// sees the reader closed, so that the memory is freed.
func (g *Guard) Lease() bool {
	if g.state.Or(leasedBit)&closedBit != 0 {
		g.EndLease()
		return false
	}
	return true
}

// EndLease gives back the lease that Lease granted.
func (g *Guard) EndLease() {
	if s := g.state.And(^int64(leasedBit)); s&closedBit != 0 && s&countMask == 0 {
		g.settle()
	}
}

// Closed reports whether Close has been called.
func (g *Guard) Closed() bool { return g.state.Load()&closedBit != 0 }

// Close marks the reader closed and reports whether this call did it (false
// if it was already closed). The first Close runs interrupt (if not nil)
// while the reader is certain not to be released, so interrupt may use the
// reader's fds. The release function runs before Close returns if no call
// is inside the reader, or else when the last one leaves; the unmap
// function runs then too, or, if a lease is held, when it is given back.
func (g *Guard) Close(interrupt func()) bool {
	if !g.Enter() {
		return false
	}
	first := false
	for {
		s := g.state.Load()
		if s&closedBit != 0 {
			break
		}
		if g.state.CompareAndSwap(s, s|closedBit) {
			first = true
			break
		}
	}
	if first && interrupt != nil {
		interrupt()
	}
	g.Exit()
	return first
}

// settle runs release and unmap, each once, as far as the state allows:
// release when closed with no call inside, unmap when there is no lease
// either. Whoever wins the compare-and-swap that sets a function's bit
// runs it; the loop lets a call that ends the lease while Close's release
// runs also see to the unmap.
func (g *Guard) settle() {
	for {
		s := g.state.Load()
		if s&closedBit == 0 || s&countMask != 0 {
			return
		}
		var next int64
		var f func()
		switch {
		case s&releasedBit == 0:
			next, f = s|releasedBit, g.release
		case s&unmappedBit == 0 && s&leasedBit == 0:
			next, f = s|unmappedBit, g.unmap
		default:
			return
		}
		if g.state.CompareAndSwap(s, next) && f != nil {
			f()
		}
	}
}
