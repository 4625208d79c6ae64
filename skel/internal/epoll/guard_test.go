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
