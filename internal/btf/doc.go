// Package btf decodes the BPF Type Format (BTF) carried in the .BTF
// section of a BPF ELF object, in pure Go.
//
// Parse and LoadELF return a Spec holding every type of the object with the
// fixups libbpf applies at open time that matter for layout already done:
// DATASEC sizes and VAR offsets the compiler left as zero are taken from the
// ELF section sizes and symbol values, VARs are sorted by offset, hidden
// globals are marked static, and the .kconfig section is laid out the way
// libbpf lays out its extern map. Spec.Datasecs lists the global-data
// sections and Spec.Maps decodes the BTF-defined map definitions of the .maps
// section.
//
// The decoder is meant for untrusted input: a corrupted object yields an
// error, never a panic, and no allocation grows beyond what the input's size
// can justify.
package btf
