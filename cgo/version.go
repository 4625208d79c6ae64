package cgo

/*
#include <bpf/libbpf.h>
#include <bpf/libbpf_version.h>
*/
import "C"

// LibbpfMajorVersion is libbpf_major_version.
func LibbpfMajorVersion() uint32 { return uint32(C.libbpf_major_version()) }

// LibbpfMinorVersion is libbpf_minor_version.
func LibbpfMinorVersion() uint32 { return uint32(C.libbpf_minor_version()) }

// LibbpfVersionString is libbpf_version_string, e.g. "v1.5".
func LibbpfVersionString() string { return C.GoString(C.libbpf_version_string()) }
