package cgo

/*
#include <stdlib.h>
#include <bpf/libbpf.h>
*/
import "C"

import (
	"unsafe"

	"github.com/golibbpf/golibbpf/opts"
	"golang.org/x/sys/unix"
)

// Object is a struct bpf_object: a BPF ELF object opened by libbpf.
// Close it with ObjectClose.
type Object struct {
	p      *C.struct_bpf_object
	logBuf *C.char // kernel_log_buf, owned by the object; nil if none
}

// Program is a struct bpf_program inside an Object; it lives as long as the Object.
type Program struct{ p *C.struct_bpf_program }

// Map is a struct bpf_map inside an Object; it lives as long as the Object.
type Map struct{ p *C.struct_bpf_map }

// Link is a struct bpf_link made by a bpf_program__attach* call. Destroy it
// with LinkDestroy.
type Link struct{ p *C.struct_bpf_link }

// ObjectOpenFile is bpf_object__open_file.
func ObjectOpenFile(path string, o *opts.ObjectOpen) (*Object, error) {
	return objectOpen(path, nil, o)
}

// ObjectOpenMem is bpf_object__open_mem. elf is copied to C memory for the
// call; libbpf keeps no reference to it after the call returns.
func ObjectOpenMem(elf []byte, o *opts.ObjectOpen) (*Object, error) {
	if len(elf) == 0 {
		return nil, &opts.FieldError{Struct: "bpf_object__open_mem", Field: "obj_buf", Reason: "is empty", Errno: unix.EINVAL}
	}
	return objectOpen("", elf, o)
}

func objectOpen(path string, elf []byte, o *opts.ObjectOpen) (*Object, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if err := noNUL("bpf_object__open_file", path); err != nil {
		return nil, err
	}
	var a arena
	defer a.free()
	str := func(s string) *C.char {
		if s == "" {
			return nil
		}
		return (*C.char)(a.keep(unsafe.Pointer(cString(s))))
	}
	obj := &Object{}
	var c *C.struct_bpf_object_open_opts
	if o != nil {
		c = (*C.struct_bpf_object_open_opts)(a.keep(cAlloc(C.sizeof_struct_bpf_object_open_opts)))
		c.sz = C.sizeof_struct_bpf_object_open_opts
		c.object_name = str(o.ObjectName)
		c.relaxed_maps = C.bool(o.RelaxedMaps)
		c.pin_root_path = str(o.PinRootPath)
		c.kconfig = str(o.Kconfig)
		c.btf_custom_path = str(o.BTFCustomPath)
		c.bpf_token_path = str(o.BPFTokenPath)
		c.kernel_log_level = C.__u32(o.KernelLogLevel)
		if o.KernelLogSize > 0 {
			obj.logBuf = (*C.char)(cAlloc(uintptr(o.KernelLogSize)))
			c.kernel_log_buf = obj.logBuf
			c.kernel_log_size = C.size_t(o.KernelLogSize)
		}
	}
	var err error
	if elf != nil {
		buf := a.keep(cArray(elf))
		obj.p, err = C.bpf_object__open_mem(buf, C.size_t(len(elf)), c)
		if obj.p == nil {
			cFree(unsafe.Pointer(obj.logBuf))
			return nil, failNull(err, "bpf_object__open_mem", "%d bytes", len(elf))
		}
	} else {
		obj.p, err = C.bpf_object__open_file(str(path), c)
		if obj.p == nil {
			cFree(unsafe.Pointer(obj.logBuf))
			return nil, failNull(err, "bpf_object__open_file", "%q", path)
		}
	}
	return obj, nil
}

// KernelLog returns what the kernel wrote into the object's kernel_log_buf
// (opts.ObjectOpen.KernelLogSize bytes), "" if there is none.
func (obj *Object) KernelLog() string {
	if obj == nil || obj.logBuf == nil {
		return ""
	}
	return C.GoString(obj.logBuf)
}

// ObjectLoad is bpf_object__load: it creates the maps and loads the programs.
func ObjectLoad(obj *Object) error {
	if ret := C.bpf_object__load(obj.p); ret < 0 {
		return fail(ret, "bpf_object__load", "%q", ObjectName(obj))
	}
	return nil
}

// ObjectClose is bpf_object__close: it frees the object, closing every map
// and program fd it holds. A nil or closed obj is ignored.
func ObjectClose(obj *Object) {
	if obj == nil || obj.p == nil {
		return
	}
	C.bpf_object__close(obj.p)
	obj.p = nil
	cFree(unsafe.Pointer(obj.logBuf))
	obj.logBuf = nil
}

// ObjectName is bpf_object__name.
func ObjectName(obj *Object) string { return C.GoString(C.bpf_object__name(obj.p)) }

// ObjectFindProgramByName is bpf_object__find_program_by_name.
func ObjectFindProgramByName(obj *Object, name string) (*Program, error) {
	cname := cString(name)
	defer cFree(unsafe.Pointer(cname))
	p, err := C.bpf_object__find_program_by_name(obj.p, cname)
	if p == nil {
		return nil, failNull(err, "bpf_object__find_program_by_name", "%q in %q", name, ObjectName(obj))
	}
	return &Program{p}, nil
}

// ObjectNextProgram is bpf_object__next_program: the program after prev, or
// the first for a nil prev; nil after the last.
func ObjectNextProgram(obj *Object, prev *Program) *Program {
	var pp *C.struct_bpf_program
	if prev != nil {
		pp = prev.p
	}
	if p := C.bpf_object__next_program(obj.p, pp); p != nil {
		return &Program{p}
	}
	return nil
}

// ObjectFindMapByName is bpf_object__find_map_by_name.
func ObjectFindMapByName(obj *Object, name string) (*Map, error) {
	cname := cString(name)
	defer cFree(unsafe.Pointer(cname))
	m, err := C.bpf_object__find_map_by_name(obj.p, cname)
	if m == nil {
		return nil, failNull(err, "bpf_object__find_map_by_name", "%q in %q", name, ObjectName(obj))
	}
	return &Map{m}, nil
}

// ObjectNextMap is bpf_object__next_map: the map after prev, or the first
// for a nil prev; nil after the last.
func ObjectNextMap(obj *Object, prev *Map) *Map {
	var pm *C.struct_bpf_map
	if prev != nil {
		pm = prev.p
	}
	if m := C.bpf_object__next_map(obj.p, pm); m != nil {
		return &Map{m}
	}
	return nil
}

// ProgramFD is bpf_program__fd: the program's fd once loaded, owned by the object.
func ProgramFD(p *Program) (int, error) {
	fd := C.bpf_program__fd(p.p)
	if fd < 0 {
		return -1, fail(fd, "bpf_program__fd", "%q", ProgramName(p))
	}
	return int(fd), nil
}

// ProgramName is bpf_program__name.
func ProgramName(p *Program) string { return C.GoString(C.bpf_program__name(p.p)) }

// ProgramSectionName is bpf_program__section_name.
func ProgramSectionName(p *Program) string { return C.GoString(C.bpf_program__section_name(p.p)) }

// ProgramType is bpf_program__type.
func ProgramType(p *Program) opts.ProgType { return opts.ProgType(C.bpf_program__type(p.p)) }

// ProgramExpectedAttachType is bpf_program__expected_attach_type.
func ProgramExpectedAttachType(p *Program) opts.AttachType {
	return opts.AttachType(C.bpf_program__expected_attach_type(p.p))
}

// ProgramAutoload is bpf_program__autoload.
func ProgramAutoload(p *Program) bool { return bool(C.bpf_program__autoload(p.p)) }

// ProgramSetAutoload is bpf_program__set_autoload; it fails after load.
func ProgramSetAutoload(p *Program, autoload bool) error {
	if ret := C.bpf_program__set_autoload(p.p, C.bool(autoload)); ret < 0 {
		return fail(ret, "bpf_program__set_autoload", "%q", ProgramName(p))
	}
	return nil
}

// ProgramSetType is bpf_program__set_type; it fails after load.
func ProgramSetType(p *Program, t opts.ProgType) error {
	if ret := C.bpf_program__set_type(p.p, C.enum_bpf_prog_type(t)); ret < 0 {
		return fail(ret, "bpf_program__set_type", "%q %s", ProgramName(p), t)
	}
	return nil
}

// ProgramSetExpectedAttachType is bpf_program__set_expected_attach_type; it fails after load.
func ProgramSetExpectedAttachType(p *Program, t opts.AttachType) error {
	if ret := C.bpf_program__set_expected_attach_type(p.p, C.enum_bpf_attach_type(t)); ret < 0 {
		return fail(ret, "bpf_program__set_expected_attach_type", "%q %s", ProgramName(p), t)
	}
	return nil
}

// ProgramAttach is bpf_program__attach: it attaches the program the way its
// section name says (tracepoint, raw_tp, tp_btf, uprobe with a target, ...).
func ProgramAttach(p *Program) (*Link, error) {
	l, err := C.bpf_program__attach(p.p)
	if l == nil {
		return nil, failNull(err, "bpf_program__attach", "%q (SEC %q)", ProgramName(p), ProgramSectionName(p))
	}
	return &Link{l}, nil
}

// LinkFD is bpf_link__fd.
func LinkFD(l *Link) int { return int(C.bpf_link__fd(l.p)) }

// LinkDestroy is bpf_link__destroy: it detaches and frees the link. A nil
// or destroyed l is ignored.
func LinkDestroy(l *Link) error {
	if l == nil || l.p == nil {
		return nil
	}
	ret := C.bpf_link__destroy(l.p)
	l.p = nil
	if ret < 0 {
		return fail(ret, "bpf_link__destroy", "")
	}
	return nil
}

// MapFD is bpf_map__fd: the map's fd once created, owned by the object.
func MapFD(m *Map) (int, error) {
	fd := C.bpf_map__fd(m.p)
	if fd < 0 {
		return -1, fail(fd, "bpf_map__fd", "%q", MapName(m))
	}
	return int(fd), nil
}

// MapName is bpf_map__name.
func MapName(m *Map) string { return C.GoString(C.bpf_map__name(m.p)) }

// MapType is bpf_map__type.
func MapType(m *Map) opts.MapType { return opts.MapType(C.bpf_map__type(m.p)) }

// MapKeySize is bpf_map__key_size.
func MapKeySize(m *Map) uint32 { return uint32(C.bpf_map__key_size(m.p)) }

// MapValueSize is bpf_map__value_size.
func MapValueSize(m *Map) uint32 { return uint32(C.bpf_map__value_size(m.p)) }

// MapMaxEntries is bpf_map__max_entries.
func MapMaxEntries(m *Map) uint32 { return uint32(C.bpf_map__max_entries(m.p)) }

// MapSetMaxEntries is bpf_map__set_max_entries; it fails after load.
func MapSetMaxEntries(m *Map, n uint32) error {
	if ret := C.bpf_map__set_max_entries(m.p, C.__u32(n)); ret < 0 {
		return fail(ret, "bpf_map__set_max_entries", "%q %d", MapName(m), n)
	}
	return nil
}
