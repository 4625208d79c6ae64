package opts_test

import (
	"errors"
	"testing"

	"github.com/golibbpf/golibbpf/opts"
	"golang.org/x/sys/unix"
)

// validator is any options struct with a Validate method.
type validator interface{ Validate() error }

// rejection is one options value a Validate rule must reject: the
// *opts.FieldError it returns must name strct and field and wrap errno.
type rejection struct {
	name  string
	v     validator
	strct string
	field string
	errno unix.Errno
}

// wantFieldError fails t unless err is a *opts.FieldError for strct.field
// wrapping errno.
func wantFieldError(t *testing.T, err error, strct, field string, errno unix.Errno) {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted; want %s: %s rejected with %v", strct, field, errno)
	}
	var fe *opts.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *opts.FieldError", err, err)
	}
	if fe.Struct != strct || fe.Field != field {
		t.Errorf("error names %s: %s, want %s: %s (%v)", fe.Struct, fe.Field, strct, field, err)
	}
	if fe.Errno != errno || !errors.Is(err, errno) {
		t.Errorf("error wraps %v (%d), want %v (%d): %v", fe.Errno, fe.Errno, errno, errno, err)
	}
	if fe.Reason == "" {
		t.Errorf("error %v has an empty Reason", err)
	}
}

func runRejections(t *testing.T, cases []rejection) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantFieldError(t, c.v.Validate(), c.strct, c.field, c.errno)
		})
	}
}

// acceptance is one options value Validate must accept.
type acceptance struct {
	name string
	v    validator
}

func runAcceptances(t *testing.T, cases []acceptance) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.v.Validate(); err != nil {
				t.Fatalf("rejected a valid value: %v", err)
			}
		})
	}
}
