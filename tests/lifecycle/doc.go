// Package lifecycle tests package skel end to end on the real kernel: one
// object with a program of every attach kind, opened, loaded, attached by
// one Attach call and seen to run; the seed scenario of the connect4
// example; broken objects; calls in the wrong phase; and 1 000 open → load
// → attach → destroy cycles that must leave no fd, allocation or kernel
// object behind. Rollback of a failed Attach and verifier rejections are
// tested beside the code, in package skel.
//
// The tests need root; the BPF objects come from tests/testdata (make bpf).
package lifecycle
