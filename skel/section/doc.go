// Package section resolves ELF section names, the SEC("...") of a BPF C
// program, exactly as libbpf 1.5.0 does, in pure Go.
//
// Resolve finds the entry of libbpf's section_defs table that a name
// matches and returns a Section: the program type, the expected attach type
// or none, the SEC_* flags (sleepable, attach by BTF, XDP frags, USDT, ...)
// and the extras after the prefix. Section.AutoAttach says whether libbpf's
// bpf_object__attach_skeleton would attach a program of that section, and
// Section.Target parses the extras into a typed attach target
// (KprobeTarget for "kprobe/do_unlinkat+8", UprobeTarget for
// "uprobe//usr/bin/bash:readline", TracepointTarget for
// "tp/sched/sched_switch", ...) with the grammar of libbpf's attach
// functions.
//
// The tests of this package prove the table against libbpf.c's own
// section_defs and against libbpf_prog_type_by_name and
// libbpf_attach_type_by_name, for every entry and for random names.
package section
