package opts

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// A FieldError reports an options field that libbpf or the kernel would
// reject, found before any system call is made. It wraps the errno the
// kernel or libbpf would have returned for it (usually EINVAL), so
// errors.Is(err, unix.EINVAL) holds whether Go or the kernel caught it.
type FieldError struct {
	Struct string     // the C struct, e.g. "bpf_link_create_opts"
	Field  string     // the Go field path, e.g. "UprobeMulti.Cookies"
	Reason string     // what is wrong with it
	Errno  unix.Errno // the errno the kernel or libbpf would return
}

// Error returns "struct: field: reason".
func (e *FieldError) Error() string {
	return fmt.Sprintf("%s: %s: %s", e.Struct, e.Field, e.Reason)
}

// Unwrap returns the errno the kernel or libbpf would have returned.
func (e *FieldError) Unwrap() error { return e.Errno }

func invalid(strct, field, format string, args ...any) *FieldError {
	return &FieldError{Struct: strct, Field: field, Reason: fmt.Sprintf(format, args...), Errno: unix.EINVAL}
}
