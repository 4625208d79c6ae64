// Package layouttest holds the Go types internal/gotype generates for
// tests/testdata/gotype_layout.bpf.o (layout_gen.go, rewritten by
// go test ./internal/gotype -update) and the tests that check them against
// BTF and against the kernel: a BPF program writes every field, Go reads it
// back through the generated types, and values Go writes through the
// generated setters are seen by BPF.
package layouttest
