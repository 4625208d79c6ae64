// Package ringbuf reads BPF ring buffers (BPF_MAP_TYPE_RINGBUF) and writes
// user ring buffers (BPF_MAP_TYPE_USER_RINGBUF) from Go, in the memory the
// kernel shares with the process: no cgo call, no system call and no
// allocation per record.
//
// A Reader maps each ring's consumer page read-write and its producer page
// and data area read-only (the data twice in a row, so a record that wraps
// around reads as one piece), follows the producer position with atomic
// loads, skips records BPF discarded, stops at records still being written,
// and gives the space back to the producers in batches. It sleeps in
// epoll_wait only when every ring is empty; Close from another goroutine,
// or the read's context, wakes it.
//
// Records are read in place with Consume, Poll or the Records iterator (the
// bytes are valid until the callback returns or the loop body ends), or
// copied with ReadInto into a buffer the caller reuses.
//
// A Writer reserves records in a user ring buffer, lets the caller fill
// them in place, and submits or discards them for a BPF program's
// bpf_user_ringbuf_drain.
//
// Readers and writers take map fds (the caller keeps ownership; they use a
// duplicate) or values with an FD() (int, error) method, such as skeleton
// maps.
package ringbuf
