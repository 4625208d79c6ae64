package cgo

/*
#include <bpf/bpf.h>
*/
import "C"

import (
	"fmt"
	"strings"
	"unsafe"

	"github.com/golibbpf/golibbpf/opts"
	"golang.org/x/sys/unix"
)

// Insn is struct bpf_insn: one BPF instruction.
type Insn struct {
	Code uint8 // opcode
	Regs uint8 // dst_reg in the low 4 bits, src_reg in the high 4 bits
	Off  int16 // signed offset
	Imm  int32 // signed immediate
}

// NewInsn builds an instruction from its fields.
func NewInsn(code, dst, src uint8, off int16, imm int32) Insn {
	return Insn{Code: code, Regs: dst&0xf | src<<4, Off: off, Imm: imm}
}

// ProgLoad is bpf_prog_load: it loads raw instructions as a program of
// progType and returns its fd. When o.LogSize is set, the verifier log is
// captured into a C buffer of that size and returned, on success too. A
// failed load returns a *VerifierError, which carries that log (empty when
// none was asked for or the kernel wrote none).
func ProgLoad(progType opts.ProgType, name, license string, insns []Insn, o *opts.ProgLoad) (fd int, log string, err error) {
	if err := o.Validate(); err != nil {
		return -1, "", err
	}
	if len(insns) == 0 {
		return -1, "", &opts.FieldError{Struct: "bpf_prog_load", Field: "insns", Reason: "no instructions", Errno: unix.EINVAL}
	}
	var a arena
	defer a.free()
	cname := (*C.char)(a.keep(unsafe.Pointer(cString(name))))
	clicense := (*C.char)(a.keep(unsafe.Pointer(cString(license))))
	cinsns := (*C.struct_bpf_insn)(a.keep(cArray(insns)))
	var c *C.struct_bpf_prog_load_opts
	if o != nil {
		c = (*C.struct_bpf_prog_load_opts)(a.keep(cAlloc(C.sizeof_struct_bpf_prog_load_opts)))
		c.sz = C.sizeof_struct_bpf_prog_load_opts
		c.attempts = C.int(o.Attempts)
		c.expected_attach_type = C.enum_bpf_attach_type(o.ExpectedAttachType)
		c.prog_btf_fd = C.__u32(o.ProgBTFFD)
		c.prog_flags = C.__u32(o.ProgFlags)
		c.prog_ifindex = C.__u32(o.ProgIfindex)
		c.kern_version = C.__u32(o.KernVersion)
		c.attach_btf_id = C.__u32(o.AttachBTFID)
		c.attach_prog_fd = C.__u32(o.AttachProgFD)
		c.attach_btf_obj_fd = C.__u32(o.AttachBTFObjFD)
		c.fd_array = (*C.int)(a.keep(cArray(o.FDArray)))
		if len(o.FuncInfo) > 0 {
			c.func_info = a.keep(cArray(o.FuncInfo))
			c.func_info_cnt = C.__u32(uint32(len(o.FuncInfo)) / o.FuncInfoRecSize)
			c.func_info_rec_size = C.__u32(o.FuncInfoRecSize)
		}
		if len(o.LineInfo) > 0 {
			c.line_info = a.keep(cArray(o.LineInfo))
			c.line_info_cnt = C.__u32(uint32(len(o.LineInfo)) / o.LineInfoRecSize)
			c.line_info_rec_size = C.__u32(o.LineInfoRecSize)
		}
		c.log_level = C.__u32(o.LogLevel)
		if o.LogSize > 0 {
			c.log_size = C.__u32(o.LogSize)
			c.log_buf = (*C.char)(a.keep(cAlloc(uintptr(o.LogSize))))
		}
		c.token_fd = C.__u32(o.TokenFD)
	}
	ret := C.bpf_prog_load(C.enum_bpf_prog_type(progType), cname, clicense, cinsns, C.size_t(len(insns)), c)
	if c != nil && c.log_buf != nil {
		log = strings.TrimRight(C.GoString(c.log_buf), "\n")
	}
	if ret < 0 {
		err := fail(ret, "bpf_prog_load", "prog_type=%s name=%q insns=%d", progType, name, len(insns))
		return -1, log, &VerifierError{Err: err.(*Error), Log: log}
	}
	return int(ret), log, nil
}

// ProgAttach is bpf_prog_attach_opts (bpf_prog_attach with options): the
// legacy, fd-less attachment of progFD to target (a cgroup fd, ifindex, ...).
func ProgAttach(progFD, target int, attachType opts.AttachType, o *opts.ProgAttach) error {
	if err := o.Validate(); err != nil {
		return err
	}
	var c *C.struct_bpf_prog_attach_opts
	if o != nil {
		c = &C.struct_bpf_prog_attach_opts{sz: C.sizeof_struct_bpf_prog_attach_opts, flags: C.__u32(o.Flags),
			relative_fd: C.int(o.RelativeFD), relative_id: C.__u32(o.RelativeID),
			expected_revision: C.__u64(o.ExpectedRevision)}
		*(*C.int)(unsafe.Pointer(&c.anon0)) = C.int(o.ReplaceProgFD)
	}
	if ret := C.bpf_prog_attach_opts(C.int(progFD), C.int(target), C.enum_bpf_attach_type(attachType), c); ret < 0 {
		return fail(ret, "bpf_prog_attach_opts", "prog_fd=%d target=%d attach_type=%s", progFD, target, attachType)
	}
	return nil
}

// ProgDetach2 is bpf_prog_detach2: it detaches progFD from target.
func ProgDetach2(progFD, target int, attachType opts.AttachType) error {
	if ret := C.bpf_prog_detach2(C.int(progFD), C.int(target), C.enum_bpf_attach_type(attachType)); ret < 0 {
		return fail(ret, "bpf_prog_detach2", "prog_fd=%d target=%d attach_type=%s", progFD, target, attachType)
	}
	return nil
}

// ProgQueryOpts is bpf_prog_query_opts: the programs (and links) attached to
// target (a cgroup fd or an ifindex) for attachType.
func ProgQueryOpts(target int, attachType opts.AttachType, o *opts.ProgQuery) (*opts.ProgQueryResult, error) {
	if o == nil {
		o = &opts.ProgQuery{}
	}
	var a arena
	defer a.free()
	c := (*C.struct_bpf_prog_query_opts)(a.keep(cAlloc(C.sizeof_struct_bpf_prog_query_opts)))
	c.sz = C.sizeof_struct_bpf_prog_query_opts
	c.query_flags = C.__u32(o.QueryFlags)
	n := uintptr(o.Max)
	*(*C.__u32)(unsafe.Pointer(&c.anon0)) = C.__u32(o.Max)
	if n > 0 {
		c.prog_ids = (*C.__u32)(a.keep(cAlloc(4 * n)))
		if o.WantAttachFlags {
			c.prog_attach_flags = (*C.__u32)(a.keep(cAlloc(4 * n)))
		}
		if o.WantLinks {
			c.link_ids = (*C.__u32)(a.keep(cAlloc(4 * n)))
			c.link_attach_flags = (*C.__u32)(a.keep(cAlloc(4 * n)))
		}
	}
	if ret := C.bpf_prog_query_opts(C.int(target), C.enum_bpf_attach_type(attachType), c); ret < 0 {
		return nil, fail(ret, "bpf_prog_query_opts", "target=%d attach_type=%s", target, attachType)
	}
	count := uint32(*(*C.__u32)(unsafe.Pointer(&c.anon0)))
	r := &opts.ProgQueryResult{AttachFlags: uint32(c.attach_flags), Count: count, Revision: uint64(c.revision)}
	got := min(count, o.Max)
	u32s := func(p *C.__u32) []uint32 {
		if p == nil {
			return nil
		}
		return append([]uint32{}, unsafe.Slice((*uint32)(unsafe.Pointer(p)), got)...)
	}
	r.ProgIDs = u32s(c.prog_ids)
	r.ProgAttachFlags = u32s(c.prog_attach_flags)
	r.LinkIDs = u32s(c.link_ids)
	r.LinkAttachFlags = u32s(c.link_attach_flags)
	return r, nil
}

// ProgTestRunOpts is bpf_prog_test_run_opts (BPF_PROG_TEST_RUN): it runs
// progFD once (or o.Repeat times) on the given packet and context. Inputs
// and outputs go through C buffers; the outputs are copied back.
func ProgTestRunOpts(progFD int, o *opts.TestRun) (*opts.TestRunResult, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if o == nil {
		o = &opts.TestRun{}
	}
	var a arena
	defer a.free()
	c := (*C.struct_bpf_test_run_opts)(a.keep(cAlloc(C.sizeof_struct_bpf_test_run_opts)))
	c.sz = C.sizeof_struct_bpf_test_run_opts
	c.data_in = a.keep(cArray(o.DataIn))
	c.data_size_in = C.__u32(len(o.DataIn))
	if o.DataOutSize > 0 {
		c.data_out = a.keep(cAlloc(uintptr(o.DataOutSize)))
		c.data_size_out = C.__u32(o.DataOutSize)
	}
	c.ctx_in = a.keep(cArray(o.CtxIn))
	c.ctx_size_in = C.__u32(len(o.CtxIn))
	if o.CtxOutSize > 0 {
		c.ctx_out = a.keep(cAlloc(uintptr(o.CtxOutSize)))
		c.ctx_size_out = C.__u32(o.CtxOutSize)
	}
	c.repeat = C.int(o.Repeat)
	c.flags = C.__u32(o.Flags)
	c.cpu = C.__u32(o.CPU)
	c.batch_size = C.__u32(o.BatchSize)
	if ret := C.bpf_prog_test_run_opts(C.int(progFD), c); ret < 0 {
		return nil, fail(ret, "bpf_prog_test_run_opts", "prog_fd=%d", progFD)
	}
	r := &opts.TestRunResult{Retval: uint32(c.retval), Duration: uint32(c.duration)}
	if c.data_out != nil {
		r.DataOut = C.GoBytes(c.data_out, C.int(c.data_size_out))
	}
	if c.ctx_in != nil {
		r.CtxIn = C.GoBytes(c.ctx_in, C.int(c.ctx_size_in))
	}
	if c.ctx_out != nil {
		r.CtxOut = C.GoBytes(c.ctx_out, C.int(c.ctx_size_out))
	}
	return r, nil
}

// ProgGetFDByID is bpf_prog_get_fd_by_id.
func ProgGetFDByID(id uint32) (int, error) {
	fd := C.bpf_prog_get_fd_by_id(C.__u32(id))
	if fd < 0 {
		return -1, fail(fd, "bpf_prog_get_fd_by_id", "id=%d", id)
	}
	return int(fd), nil
}

// A VerifierError is a program the kernel refused to load. %v prints one
// line; %+v adds the verifier log.
type VerifierError struct {
	Err *Error // the failed call
	Log string // the verifier log, "" if none was captured or the kernel wrote none
}

// Error returns the failed call and its errno, on one line.
func (e *VerifierError) Error() string { return e.Err.Error() }

// Unwrap returns the *Error, which wraps the errno.
func (e *VerifierError) Unwrap() error { return e.Err }

// Format prints the verifier log after the error for %+v.
func (e *VerifierError) Format(f fmt.State, verb rune) {
	formatWithLog(f, verb, e.Error(), e.Log)
}
