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

// LibbpfAttachTypeByName is libbpf_attach_type_by_name: the expected attach
// type of an ELF section name whose definition libbpf marks attachable
// (SEC_ATTACHABLE). libbpf reports EINVAL both for a name it does not know
// and for one that is not attachable.
func LibbpfAttachTypeByName(name string) (opts.AttachType, error) {
	cname := cString(name)
	defer cFree(unsafe.Pointer(cname))
	var at C.enum_bpf_attach_type
	ret := C.libbpf_attach_type_by_name(cname, &at)
	if ret < 0 {
		return 0, fail(ret, "libbpf_attach_type_by_name", "%q", name)
	}
	return opts.AttachType(at), nil
}
