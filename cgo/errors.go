package cgo

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// An Error is a failed libbpf call. It wraps the errno, so
// errors.Is(err, unix.EPERM) works.
type Error struct {
	Func  string     // the libbpf function, e.g. "bpf_link_create"
	Args  string     // what it was called on, e.g. "prog_fd=5 target_fd=7 attach_type=tcx_ingress"
	Errno unix.Errno // the error
}

// Error returns "func(args): message".
func (e *Error) Error() string {
	if e.Args == "" {
		return e.Func + ": " + errnoText(e.Errno)
	}
	return e.Func + "(" + e.Args + "): " + errnoText(e.Errno)
}

// Unwrap returns the errno (a kernel errno, or one of libbpf's LIBBPF_ERRNO__*).
func (e *Error) Unwrap() error { return e.Errno }

// fail builds the error for a libbpf function that returned ret < 0 (libbpf
// returns -errno). Callers call it only on failure, so formatting the
// arguments costs nothing on success.
func fail[T ~int | ~int32 | ~int64](ret T, fn, format string, args ...any) error {
	return &Error{Func: fn, Args: fmt.Sprintf(format, args...), Errno: unix.Errno(-ret)}
}

// failNull builds the error for a libbpf function that returned NULL, from
// the errno cgo captured beside the call.
func failNull(err error, fn, format string, args ...any) error {
	errno, ok := err.(unix.Errno)
	if !ok || errno == 0 {
		errno = unix.EINVAL
	}
	return &Error{Func: fn, Args: fmt.Sprintf(format, args...), Errno: errno}
}
