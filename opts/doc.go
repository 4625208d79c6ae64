// Package opts is the vocabulary golibbpf shares between its layers: libbpf
// 1.5.0's enums with their C values and libbpf's names for them (ProgType,
// AttachType, LinkType, MapType), the BPF_F_* flags, and libbpf's *_opts
// structs mirrored field for field, first of all struct bpf_link_create_opts
// as LinkCreate.
//
// A C union becomes one pointer field per member, of which at most one may
// be set; a C count becomes the length of a slice. Each struct has a
// Validate method that reports, before any system call, what libbpf or the
// kernel would reject, as a *FieldError naming the field and wrapping the
// errno the kernel would have returned.
//
// The package is plain Go: it does not use cgo and imports nothing else of
// golibbpf.
package opts
