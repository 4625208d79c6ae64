// Package skel will be golibbpf's idiomatic layer: libbpf's open, load,
// attach and destroy lifecycle, with ELF section names resolved to program
// and attach types exactly as libbpf 1.5.0 does. It is built on package cgo
// and is not written yet; until then, use cgo's bpf_object__* functions
// (cgo.ObjectOpenFile, cgo.ObjectLoad, ...) directly.
package skel
