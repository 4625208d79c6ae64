package cgo

/*
#include <stdlib.h>
#include <bpf/libbpf.h>
*/
import "C"

import (
	"unsafe"

	"github.com/golibbpf/golibbpf/opts"
)

// LibbpfBPFProgTypeStr is libbpf_bpf_prog_type_str; "" where libbpf has no name.
func LibbpfBPFProgTypeStr(t opts.ProgType) string {
	return goStringOrEmpty(C.libbpf_bpf_prog_type_str(C.enum_bpf_prog_type(t)))
}

// LibbpfBPFAttachTypeStr is libbpf_bpf_attach_type_str; "" where libbpf has no name.
func LibbpfBPFAttachTypeStr(t opts.AttachType) string {
	return goStringOrEmpty(C.libbpf_bpf_attach_type_str(C.enum_bpf_attach_type(t)))
}

// LibbpfBPFLinkTypeStr is libbpf_bpf_link_type_str; "" where libbpf has no name.
func LibbpfBPFLinkTypeStr(t opts.LinkType) string {
	return goStringOrEmpty(C.libbpf_bpf_link_type_str(C.enum_bpf_link_type(t)))
}

// LibbpfBPFMapTypeStr is libbpf_bpf_map_type_str; "" where libbpf has no name.
func LibbpfBPFMapTypeStr(t opts.MapType) string {
	return goStringOrEmpty(C.libbpf_bpf_map_type_str(C.enum_bpf_map_type(t)))
}

func goStringOrEmpty(s *C.char) string {
	if s == nil {
		return ""
	}
	return C.GoString(s)
}

// LibbpfProgTypeByName is libbpf_prog_type_by_name: the program type and
// expected attach type libbpf gives an ELF section name. libbpf reports
// ESRCH for a name it does not know.
func LibbpfProgTypeByName(name string) (opts.ProgType, opts.AttachType, error) {
	cname := cString(name)
	defer cFree(unsafe.Pointer(cname))
	var pt C.enum_bpf_prog_type
	var at C.enum_bpf_attach_type
	ret := C.libbpf_prog_type_by_name(cname, &pt, &at)
	if ret < 0 {
		return 0, 0, fail(ret, "libbpf_prog_type_by_name", "%q", name)
	}
	return opts.ProgType(pt), opts.AttachType(at), nil
}
