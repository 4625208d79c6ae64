package cgo

/*
#include <stdlib.h>
#include <bpf/libbpf.h>
*/
import "C"

import (
	"unsafe"
)

// ProgramAutoattach is bpf_program__autoattach.
func ProgramAutoattach(p *Program) bool { return bool(C.bpf_program__autoattach(p.p)) }

// ProgramSetAutoattach is bpf_program__set_autoattach.
func ProgramSetAutoattach(p *Program, autoattach bool) {
	C.bpf_program__set_autoattach(p.p, C.bool(autoattach))
}

// ProgramFlags is bpf_program__flags: the BPF_F_* load flags.
func ProgramFlags(p *Program) uint32 { return uint32(C.bpf_program__flags(p.p)) }

// ProgramSetFlags is bpf_program__set_flags; it fails after load.
func ProgramSetFlags(p *Program, flags uint32) error {
	if ret := C.bpf_program__set_flags(p.p, C.__u32(flags)); ret < 0 {
		return fail(ret, "bpf_program__set_flags", "%q %#x", ProgramName(p), flags)
	}
	return nil
}

// ProgramLogLevel is bpf_program__log_level.
func ProgramLogLevel(p *Program) uint32 { return uint32(C.bpf_program__log_level(p.p)) }

// ProgramSetLogLevel is bpf_program__set_log_level; it fails after load.
func ProgramSetLogLevel(p *Program, level uint32) error {
	if ret := C.bpf_program__set_log_level(p.p, C.__u32(level)); ret < 0 {
		return fail(ret, "bpf_program__set_log_level", "%q %d", ProgramName(p), level)
	}
	return nil
}

// ProgramSetAttachTarget is bpf_program__set_attach_target: the BTF attach
// target of a tp_btf, fentry/fexit/fmod_ret, lsm or freplace program, in the
// program attachProgFD (0 for the kernel) named attachFuncName.
func ProgramSetAttachTarget(p *Program, attachProgFD int, attachFuncName string) error {
	if err := noNUL("bpf_program__set_attach_target", attachFuncName); err != nil {
		return err
	}
	var a arena
	defer a.free()
	if ret := C.bpf_program__set_attach_target(p.p, C.int(attachProgFD), a.cStrOrNil(attachFuncName)); ret < 0 {
		return fail(ret, "bpf_program__set_attach_target", "%q prog_fd=%d func=%q", ProgramName(p), attachProgFD, attachFuncName)
	}
	return nil
}

// ProgramInsnCnt is bpf_program__insn_cnt: how many instructions the
// program has at this point of the object's life.
func ProgramInsnCnt(p *Program) int { return int(C.bpf_program__insn_cnt(p.p)) }

// ProgramSetIfindex is bpf_program__set_ifindex: offload the program to the
// device ifindex.
func ProgramSetIfindex(p *Program, ifindex uint32) { C.bpf_program__set_ifindex(p.p, C.__u32(ifindex)) }

// ProgramPin is bpf_program__pin.
func ProgramPin(p *Program, path string) error {
	cpath := cString(path)
	defer cFree(unsafe.Pointer(cpath))
	if ret := C.bpf_program__pin(p.p, cpath); ret < 0 {
		return fail(ret, "bpf_program__pin", "%q path=%q", ProgramName(p), path)
	}
	return nil
}

// ProgramUnpin is bpf_program__unpin.
func ProgramUnpin(p *Program, path string) error {
	cpath := cString(path)
	defer cFree(unsafe.Pointer(cpath))
	if ret := C.bpf_program__unpin(p.p, cpath); ret < 0 {
		return fail(ret, "bpf_program__unpin", "%q path=%q", ProgramName(p), path)
	}
	return nil
}

// ProgramEqual reports whether a and b are the same struct bpf_program.
func ProgramEqual(a, b *Program) bool { return a != nil && b != nil && a.p == b.p }
