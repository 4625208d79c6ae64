package section

import (
	"errors"
	"strconv"
	"syscall"
)

// Sentinel errors, wrapped by every *Error of this package.
var (
	// ErrUnknown means no section definition matches the name; libbpf's
	// libbpf_prog_type_by_name fails with ESRCH for the same names.
	ErrUnknown = errors.New("unknown section name")
	// ErrMalformed means the name cannot be a section name (it holds a
	// NUL byte) or its extras do not describe an attach target the way
	// libbpf's attach functions read them.
	ErrMalformed = errors.New("malformed section name")
)

// An Error is a section name that could not be resolved or whose attach
// target could not be parsed. It wraps its sentinel (ErrUnknown or
// ErrMalformed) and the errno libbpf reports for the same name (ESRCH
// or EINVAL), so both errors.Is(err, ErrUnknown) and
// errors.Is(err, unix.ESRCH) work.
type Error struct {
	Section string        // the SEC() name
	Err     error         // ErrUnknown or ErrMalformed
	Errno   syscall.Errno // what libbpf returns for it: ESRCH or EINVAL
	Reason  string        // what is wrong, when Err alone does not say
}

// Error returns `section "NAME": ERR[: REASON]`.
func (e *Error) Error() string {
	s := "section " + strconv.Quote(e.Section) + ": " + e.Err.Error()
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	return s
}

// Unwrap returns the sentinel and the errno.
func (e *Error) Unwrap() []error { return []error{e.Err, e.Errno} }

func unknown(name string) error {
	return &Error{Section: name, Err: ErrUnknown, Errno: syscall.ESRCH}
}

func malformed(name, reason string) error {
	return &Error{Section: name, Err: ErrMalformed, Errno: syscall.EINVAL, Reason: reason}
}
