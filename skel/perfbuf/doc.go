// Package perfbuf reads the samples BPF programs write with
// bpf_perf_event_output to a BPF_MAP_TYPE_PERF_EVENT_ARRAY map.
//
// A Reader opens one BPF output perf event (PERF_COUNT_SW_BPF_OUTPUT) per
// online CPU, stores it in the map at that CPU's index, maps its ring, and
// reads the rings from shared memory with atomic loads of data_head and
// batched stores of data_tail: no cgo call, no system call and no
// allocation per sample (a sample that wraps around the end of a ring is
// copied into a buffer kept for that). It sleeps in epoll_wait only when
// every ring is empty; Options set the ring size and when the kernel wakes
// it (every N samples, or a watermark in bytes). Samples the kernel drops
// because a ring was full are reported (PERF_RECORD_LOST) as a count, never
// waited for.
//
// Samples are read in place with Consume, Poll or Records, or copied with
// ReadInto, which also returns the lost-sample reports as records.
package perfbuf
