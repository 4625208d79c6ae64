// Package tests is golibbpf's integration suite: BPF programs of its own
// (testdata/*.bpf.c, compiled by `make bpf`) loaded, attached and run on the
// real kernel through the cgo binding. The tests need root; under CI=true a
// test that cannot run fails instead of skipping.
package tests
