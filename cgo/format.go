package cgo

import (
	"fmt"
	"io"
)

// formatWithLog implements fmt.Formatter for errors that carry a log: %v
// and %s print msg, %+v prints msg and then the log, %q quotes msg.
func formatWithLog(f fmt.State, verb rune, msg, log string) {
	switch {
	case verb == 'v' && f.Flag('+'):
		io.WriteString(f, msg)
		if log != "" {
			io.WriteString(f, "\nverifier log:\n")
			io.WriteString(f, log)
		}
	case verb == 'q':
		fmt.Fprintf(f, "%q", msg)
	default:
		io.WriteString(f, msg)
	}
}
