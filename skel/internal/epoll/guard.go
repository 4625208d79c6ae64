package epoll

import "sync/atomic"

const (
	closedBit   = 1 << 62
	releasedBit = 1 << 61
)

// A Guard counts the calls that use a reader's mapped memory and fds, so
// that Close can run from any goroutine at any time: a closed reader's
// release function runs exactly once, when it is closed and no call is
// inside it, by Close itself or by the last call to leave. Close never
// waits, so it cannot deadlock, even when called from a callback of the
// read it closes.
type Guard struct {
	state   atomic.Int64 // calls inside | closedBit | releasedBit
	release func()
}

// SetRelease sets the function that frees the reader. Call it before the
// Guard is shared.
func (g *Guard) SetRelease(release func()) { g.release = release }

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
	if g.state.Add(-1) == closedBit {
		g.tryRelease()
	}
}

// Closed reports whether Close has been called.
func (g *Guard) Closed() bool { return g.state.Load()&closedBit != 0 }

// Close marks the reader closed and reports whether this call did it (false
// if it was already closed). The first Close runs interrupt (if not nil)
// while the reader is certain not to be released, so interrupt may use the
// reader's fds. The release function runs before Close returns if no call
// is inside the reader, or else when the last one leaves.
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

func (g *Guard) tryRelease() {
	if g.state.CompareAndSwap(closedBit, closedBit|releasedBit) && g.release != nil {
		g.release()
	}
}
