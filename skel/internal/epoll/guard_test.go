package epoll

import (
	"sync"
	"sync/atomic"
	"testing"
)

// TestGuard: release runs exactly once, only when closed and no call is
// inside, whoever leaves last.
func TestGuard(t *testing.T) {
	var released atomic.Int32
	var g Guard
	g.SetRelease(func() { released.Add(1) })
	if !g.Enter() {
		t.Fatal("Enter on an open guard failed")
	}
	if !g.Close(nil) || g.Close(nil) {
		t.Fatal("Close did not report the first close only")
	}
	if released.Load() != 0 {
		t.Fatal("released with a call inside")
	}
	if g.Enter() {
		t.Fatal("Enter after Close succeeded")
	}
	g.Exit()
	if released.Load() != 1 {
		t.Fatalf("released %d times after the last call left", released.Load())
	}

	// Many goroutines entering and leaving while another closes.
	for round := 0; round < 100; round++ {
		var g Guard
		var released atomic.Int32
		g.SetRelease(func() { released.Add(1) })
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 100; i++ {
					if g.Enter() {
						g.Exit()
					}
				}
			}()
		}
		g.Close(nil)
		wg.Wait()
		if released.Load() != 1 {
			t.Fatalf("round %d: released %d times", round, released.Load())
		}
	}
}

// TestGuardLease: a lease delays unmap, not release; unmap runs exactly
// once, when the reader is closed with no call inside and no lease, and
// never before release has started; no lease is granted after Close.
func TestGuardLease(t *testing.T) {
	var released, unmapped atomic.Int32
	newGuard := func() *Guard {
		released.Store(0)
		unmapped.Store(0)
		g := new(Guard)
		g.SetRelease(func() { released.Add(1) })
		g.SetUnmap(func() { unmapped.Add(1) })
		return g
	}
	want := func(step string, r, u int32) {
		t.Helper()
		if released.Load() != r || unmapped.Load() != u {
			t.Fatalf("%s: released %d times, unmapped %d; want %d, %d", step, released.Load(), unmapped.Load(), r, u)
		}
	}

	// Close with a lease held: release at once, unmap when it ends.
	g := newGuard()
	if !g.Lease() {
		t.Fatal("Lease on an open guard failed")
	}
	g.Close(nil)
	want("Close while leased", 1, 0)
	if g.Enter() {
		t.Fatal("Enter after Close succeeded")
	}
	want("Enter after Close", 1, 0)
	g.EndLease()
	want("EndLease after Close", 1, 1)
	if g.Lease() {
		t.Fatal("Lease after Close succeeded")
	}
	g.Close(nil)
	want("Lease and Close again", 1, 1)

	// A call inside and a lease: both must end, in either order.
	for _, leaseLast := range []bool{false, true} {
		g := newGuard()
		g.Enter()
		g.Lease()
		g.Close(nil)
		want("Close with a call and a lease", 0, 0)
		if leaseLast {
			g.Exit()
			want("Exit", 1, 0)
			g.EndLease()
		} else {
			g.EndLease()
			want("EndLease", 0, 0)
			g.Exit()
		}
		want("both ended", 1, 1)
	}

	// No lease, no call: Close does both.
	g = newGuard()
	g.Lease()
	g.EndLease()
	g.Close(nil)
	want("Close after the lease ended", 1, 1)

	// A lease holder taking and giving back the lease, calls entering and
	// leaving, and Close, at once: never unmapped while the lease is held.
	for round := 0; round < 100; round++ {
		g := newGuard()
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if !g.Lease() {
					return
				}
				for j := 0; j < 3; j++ {
					if unmapped.Load() != 0 {
						t.Error("unmapped under a lease")
					}
					if g.Closed() {
						break
					}
				}
				g.EndLease()
			}
		}()
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if g.Enter() {
					g.Exit()
				}
			}
		}()
		g.Close(nil)
		wg.Wait()
		want("after the race", 1, 1)
	}
}
