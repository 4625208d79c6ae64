package skel

import (
	"errors"
	"fmt"
	"io"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/skel/section"
)

// Sentinel errors, for errors.Is.
var (
	// ErrDestroyed is returned by every use of an Object (and its programs,
	// maps, data sections and links) after Destroy.
	ErrDestroyed = errors.New("skel: object destroyed")
	// ErrNotLoaded is returned by calls that need a loaded object (attach,
	// file descriptors, map elements) in the open phase.
	ErrNotLoaded = errors.New("skel: object not loaded")
	// ErrLoaded is returned by calls of the open phase (setters, Load) once
	// the object is loaded: it is too late.
	ErrLoaded = errors.New("skel: object already loaded")
	// ErrReadOnly is returned by writes to .rodata (and .kconfig) once the
	// object is loaded: the kernel froze them.
	ErrReadOnly = errors.New("skel: read-only data")
	// ErrNotSupported wraps attach failures that mean this kernel lacks the
	// feature (ENOENT, EOPNOTSUPP or EINVAL from kprobe, kprobe_multi,
	// ksyscall and netkit attachment).
	ErrNotSupported = errors.New("skel: not supported by this kernel")
	// ErrNotFound is returned when no program, map or data section has the
	// name asked for.
	ErrNotFound = errors.New("skel: not found")
	// ErrKeyNotExist wraps ENOENT from a map lookup, delete or next-key.
	ErrKeyNotExist = errors.New("skel: key does not exist")
)

// errnoText is the message of err's errno: the kernel's, or libbpf's own
// for its LIBBPF_ERRNO__* codes; err.Error() if it carries none.
func errnoText(err error) string {
	var errno unix.Errno
	if !errors.As(err, &errno) {
		return err.Error()
	}
	if errno >= cgo.LIBBPF_ERRNO__LIBELF && errno <= cgo.LIBBPF_ERRNO__NLPARSE {
		return cgo.LibbpfStrerror(errno)
	}
	return errno.Error()
}

// A LoadError is a failed Load. When a program was refused, Program and
// Section name it and Log holds its verifier log. %v prints one line; %+v
// adds the verifier log.
type LoadError struct {
	Object  string // the object's name
	Program string // the refused program, "" if the failure was not a program's
	Section string // its SEC() name
	Err     error  // the failed libbpf call, wrapping the errno
	Log     string // the program's verifier log, "" if none
}

// Error returns the failure on one line:
// load program "x" (section "y") of object "o": <errno text>.
func (e *LoadError) Error() string {
	if e.Program == "" {
		return fmt.Sprintf("load object %q: %s", e.Object, e.Err)
	}
	return fmt.Sprintf("load program %q (section %q) of object %q: %s", e.Program, e.Section, e.Object, errnoText(e.Err))
}

// Unwrap returns the libbpf error, which wraps the errno.
func (e *LoadError) Unwrap() error { return e.Err }

// Format prints Error for %v and %s; %+v adds the verifier log.
func (e *LoadError) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('+'):
		io.WriteString(f, e.Error())
		if e.Log != "" {
			io.WriteString(f, "\nverifier log:\n")
			io.WriteString(f, e.Log)
		}
	case verb == 'q':
		fmt.Fprintf(f, "%q", e.Error())
	default:
		io.WriteString(f, e.Error())
	}
}

// An AttachError is a failed attachment of one program (or struct_ops map).
type AttachError struct {
	Program string // the program (or struct_ops map) name
	Section string // its SEC() name
	Err     error  // the failed call, wrapping the errno

	unsupported bool
}

// Error returns "attach program "x" (section "y"): <the failed call>".
func (e *AttachError) Error() string {
	return fmt.Sprintf("attach program %q (section %q): %v", e.Program, e.Section, e.Err)
}

// Unwrap returns the failed call's error.
func (e *AttachError) Unwrap() error { return e.Err }

// Is reports ErrNotSupported for the errnos that mean the kernel lacks the
// attach kind (see ErrNotSupported).
func (e *AttachError) Is(target error) bool {
	return target == ErrNotSupported && e.unsupported
}

// kernelLacks reports whether err, from attaching a program of section sec
// (or with the typed call fn), means that this kernel lacks the attach kind:
// ENOENT, EOPNOTSUPP or EINVAL from a kprobe, ksyscall, kprobe_multi or
// netkit attachment.
func kernelLacks(err error, sec section.Section) bool {
	var ce *cgo.Error
	if !errors.As(err, &ce) {
		return false
	}
	if ce.Errno != unix.ENOENT && ce.Errno != unix.EOPNOTSUPP && ce.Errno != unix.EINVAL {
		return false
	}
	switch ce.Func {
	case "bpf_program__attach_kprobe_opts", "bpf_program__attach_kprobe_multi_opts",
		"bpf_program__attach_ksyscall", "bpf_program__attach_netkit":
		return true
	case "bpf_program__attach":
		t, _ := sec.Target()
		switch t.(type) {
		case section.KprobeTarget, section.KsyscallTarget, section.KprobeMultiTarget:
			return true
		}
	}
	return false
}

// phaseError wraps a sentinel with what was attempted on what.
type phaseError struct {
	what string
	err  error
}

func (e *phaseError) Error() string { return e.what + ": " + e.err.Error() }
func (e *phaseError) Unwrap() error { return e.err }

// mapError wraps a failed map element operation, naming the map.
type mapError struct {
	op, name string
	err      error
}

func (e *mapError) Error() string { return fmt.Sprintf("map %q: %s: %v", e.name, e.op, e.err) }
func (e *mapError) Unwrap() []error {
	if errors.Is(e.err, unix.ENOENT) {
		return []error{e.err, ErrKeyNotExist}
	}
	return []error{e.err}
}
