// Package cgo is golibbpf's thin binding of libbpf 1.5.0: one Go function
// per libbpf function, named after it in Go case (bpf_link_create is
// LinkCreate, bpf_object__open_mem is ObjectOpenMem), with libbpf's
// arguments in libbpf's order. It is the only package of the module that
// imports "C", and it holds no policy.
//
// Options are the structs of package opts. They are validated before any
// system call (an invalid one returns an *opts.FieldError), then copied into
// C memory for the call and freed before it returns: C never keeps a Go
// pointer. A failed libbpf call returns an *Error that names the function
// and wraps the errno, so errors.Is(err, unix.EPERM) works; a program the
// verifier rejects returns a *VerifierError whose %+v prints the log.
//
// File descriptors returned here belong to the caller, who closes them with
// unix.Close. Objects (Object, Link) are freed with ObjectClose and
// LinkDestroy. libbpf's own log goes to log/slog unless LibbpfSetPrint
// routes it elsewhere.
//
// libbpf is linked statically from the module's libbpf/ directory, built by
// scripts/build-libbpf.sh; see the README for using it from another module.
package cgo
