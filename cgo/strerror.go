package cgo

/*
#include <bpf/libbpf.h>
*/
import "C"

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// libbpf's own error numbers (enum libbpf_errno), above the kernel's. They
// come back wrapped like any errno: errors.Is(err, cgo.LIBBPF_ERRNO__FORMAT).
const (
	LIBBPF_ERRNO__LIBELF   unix.Errno = 4000 // something wrong in libelf
	LIBBPF_ERRNO__FORMAT   unix.Errno = 4001 // BPF object format invalid
	LIBBPF_ERRNO__KVERSION unix.Errno = 4002 // incorrect or no 'version' section
	LIBBPF_ERRNO__ENDIAN   unix.Errno = 4003 // endian mismatch
	LIBBPF_ERRNO__INTERNAL unix.Errno = 4004 // internal error in libbpf
	LIBBPF_ERRNO__RELOC    unix.Errno = 4005 // relocation failed
	LIBBPF_ERRNO__LOAD     unix.Errno = 4006 // load program failure for unknown reason
	LIBBPF_ERRNO__VERIFY   unix.Errno = 4007 // kernel verifier blocks program loading
	LIBBPF_ERRNO__PROG2BIG unix.Errno = 4008 // program too big
	LIBBPF_ERRNO__KVER     unix.Errno = 4009 // incorrect kernel version
	LIBBPF_ERRNO__PROGTYPE unix.Errno = 4010 // kernel doesn't support this program type
	LIBBPF_ERRNO__WRNGPID  unix.Errno = 4011 // wrong pid in netlink message
	LIBBPF_ERRNO__INVSEQ   unix.Errno = 4012 // invalid netlink sequence
	LIBBPF_ERRNO__NLPARSE  unix.Errno = 4013 // netlink parsing error
)

// LibbpfStrerror is libbpf_strerror: the text for a kernel errno or one of
// libbpf's own.
func LibbpfStrerror(errno unix.Errno) string {
	var buf [128]C.char
	C.libbpf_strerror(C.int(errno), &buf[0], C.size_t(len(buf)))
	return C.GoString((*C.char)(unsafe.Pointer(&buf[0])))
}

// errnoText is errno's message: the kernel's, or libbpf's for its own numbers.
func errnoText(errno unix.Errno) string {
	switch {
	case errno >= LIBBPF_ERRNO__LIBELF && errno <= LIBBPF_ERRNO__NLPARSE:
		return LibbpfStrerror(errno)
	case errno == ENOTSUPP:
		// The kernel-internal ENOTSUPP, which the BPF syscall leaks;
		// libc has no text for it.
		return "operation not supported (ENOTSUPP)"
	}
	return errno.Error()
}
