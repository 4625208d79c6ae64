package epoll

import (
	"context"
	"errors"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestPoller: Wait returns for a ready fd, for its context and for
// Interrupt, and a stale context wake-up does not end a later Wait.
func TestPoller(t *testing.T) {
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Release()
	efd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(efd)
	if err := p.Add(efd, 7, unix.EPOLLIN); err != nil {
		t.Fatal(err)
	}
	if err := p.Add(efd, closeID, unix.EPOLLIN); err == nil {
		t.Fatal("Add with a reserved id succeeded")
	}
	signal(efd)
	var ids []uint32
	if err := p.Wait(context.Background(), func(id uint32) { ids = append(ids, id) }); err != nil || len(ids) != 1 || ids[0] != 7 {
		t.Fatalf("Wait = %v, ids %v", err, ids)
	}
	drain(efd)

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := p.Wait(ctx, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait past the deadline: %v", err)
	}
	p.cancel() // a stale wake-up
	interrupted := make(chan struct{})
	go func() {
		time.Sleep(20 * time.Millisecond)
		p.Interrupt()
		close(interrupted)
	}()
	defer func() { <-interrupted }()
	if err := p.Wait(context.Background(), nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("Wait after Interrupt: %v", err)
	}
	if err := p.Wait(context.Background(), nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("Wait after Interrupt, again: %v", err)
	}
}
