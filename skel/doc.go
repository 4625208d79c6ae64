// Package skel is golibbpf's idiomatic layer over libbpf's object API: the
// open → load → attach → destroy lifecycle of a BPF ELF object, with
// programs, maps, global data and links as Go values. libbpf does the
// loading, relocation and CO-RE; skel adds phases, typed errors, typed map
// views and attachment beyond what libbpf guesses from SEC() names.
//
// # Lifecycle
//
// Open (or OpenMem) parses an object. In this open phase programs (type,
// expected attach type, autoload, autoattach, attach target, log level,
// flags), maps (max entries, value size, initial value, pin path, reuse of an
// existing fd, autocreate) and global data (DataSection: .bss, .data,
// .rodata, custom .data.* and .rodata.*) can be changed. Load creates the
// maps and loads the programs; a program the verifier refuses gives a
// *LoadError whose %v is one line and whose %+v adds the verifier log.
// Attach attaches every program (and struct_ops map) that can be attached:
// those libbpf attaches by section, and those whose target AttachOptions
// names (a cgroup, an interface, a network namespace, a netfilter hook, a
// sockmap, a perf event). Detach destroys the links; Destroy frees
// everything and may be called any number of times.
//
// A call made in the wrong phase returns a sentinel error: ErrNotLoaded
// (attach, file descriptors and map elements before Load), ErrLoaded
// (open-phase setters after Load), ErrDestroyed (anything after Destroy).
//
// # Maps and data
//
// Map has byte-slice element operations, iterators and batch operations;
// MapOf and PerCPUMapOf give typed views whose single-element operations
// make no allocation. After Load, global data sections are the maps'
// mmaped memory: DataSection.View gives a *T over it, read and written
// without system calls; .rodata is then read-only and WriteAt refuses it
// with ErrReadOnly.
//
// # Logging
//
// libbpf's messages about an object go to its logger (OpenOptions.Logger,
// default slog.Default()) with the attributes object=<name> and
// source=libbpf, at warn, info or debug level. The routing is per call:
// objects loaded at the same time on several goroutines each get their own
// messages.
//
// # Concurrency
//
// An Object and everything in it are safe for concurrent use. Element
// operations take a shared lock only. Memory views (DataSection.Bytes,
// Pointer, View) are plain memory: synchronise their use yourself, and do
// not touch them after Destroy.
package skel
