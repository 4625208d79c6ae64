package skel

import (
	"context"
	"log/slog"
	"strings"

	"github.com/golibbpf/golibbpf/cgo"
)

const (
	logBegin = "-- BEGIN PROG LOAD LOG --\n"
	logEnd   = "-- END PROG LOAD LOG --"
)

// route runs call with libbpf's messages going to the object's logger, and
// the verifier logs libbpf prints captured per program. The caller holds
// o.mu for writing, so the capture state needs no lock of its own: the
// messages arrive on the calling goroutine.
func (o *Object) route(call func()) {
	cgo.RoutePrint(o.print, call)
}

// print handles one libbpf message produced during one of o's calls.
func (o *Object) print(level cgo.PrintLevel, msg string) {
	msg = strings.TrimPrefix(msg, "libbpf: ")
	o.capture(level, msg)
	l := o.logger.Load()
	ctx := context.Background()
	if sl := level.SlogLevel(); l.Enabled(ctx, sl) {
		l.LogAttrs(ctx, sl, msg, slog.String("object", o.name), slog.String("source", "libbpf"))
	}
}

// capture keeps what Load's error needs: which program failed, and the
// verifier logs libbpf prints between its BEGIN/END PROG LOAD LOG markers
// (libbpf's own log buffer, which it grows and retries with until the log
// fits).
func (o *Object) capture(level cgo.PrintLevel, msg string) {
	rest, ok := strings.CutPrefix(msg, "prog '")
	if !ok {
		return
	}
	name, rest, ok := strings.Cut(rest, "': ")
	if !ok {
		return
	}
	switch {
	case strings.HasPrefix(rest, logBegin):
		body := strings.TrimPrefix(rest, logBegin)
		body = strings.TrimSuffix(body, logEnd)
		if o.verifierLogs == nil {
			o.verifierLogs = make(map[string]string)
		}
		o.verifierLogs[name] = strings.TrimRight(body, "\n")
	case strings.HasPrefix(rest, "BPF program load failed"):
		o.failedProg = name
	case level == cgo.LibbpfWarn && o.failedProg == "":
		o.failedProg = name
	}
}

// SetLogger replaces the logger that receives libbpf's messages about o
// (nil: slog.Default()).
func (o *Object) SetLogger(l *slog.Logger) {
	if l == nil {
		l = slog.Default()
	}
	o.logger.Store(l)
}
