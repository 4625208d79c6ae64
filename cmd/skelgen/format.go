package main

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/golibbpf/golibbpf/skel/section"
)

// line formats a definition as one output line: name, program type,
// attach type or "none", flags, tab-separated.
func line(name string, d *section.Definition) string {
	attach := "none"
	if d.HasAttachType {
		attach = d.AttachType.String()
	}
	return field(name) + "\t" + d.ProgType.String() + "\t" + attach + "\t" + d.Flags.String()
}

// errorLine formats a name that failed: name, "ERROR", the reason.
func errorLine(name string, err error) string {
	reason := err.Error()
	var se *section.Error
	if errors.As(err, &se) {
		reason = se.Err.Error()
		if se.Reason != "" {
			reason += ": " + se.Reason
		}
	}
	return field(name) + "\tERROR\t" + reason
}

// field returns name as is, or Go-quoted when it is empty, is not valid
// UTF-8, or holds a control character (a tab or newline would break the
// line format).
func field(name string) string {
	if name == "" || !utf8.ValidString(name) ||
		strings.ContainsFunc(name, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return strconv.Quote(name)
	}
	return name
}
