package cgo

/*
void golibbpf_route_print(int on);
*/
import "C"

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"
	"unsafe"
)

// PrintLevel is enum libbpf_print_level.
type PrintLevel int

// libbpf's print levels.
const (
	LibbpfWarn  PrintLevel = 0 // LIBBPF_WARN
	LibbpfInfo  PrintLevel = 1 // LIBBPF_INFO
	LibbpfDebug PrintLevel = 2 // LIBBPF_DEBUG
)

// String returns "warn", "info" or "debug".
func (l PrintLevel) String() string {
	switch l {
	case LibbpfWarn:
		return "warn"
	case LibbpfInfo:
		return "info"
	case LibbpfDebug:
		return "debug"
	}
	return "PrintLevel(" + strconv.Itoa(int(l)) + ")"
}

// SlogLevel maps l to a log/slog level: warn, info and debug.
func (l PrintLevel) SlogLevel() slog.Level {
	switch l {
	case LibbpfWarn:
		return slog.LevelWarn
	case LibbpfInfo:
		return slog.LevelInfo
	}
	return slog.LevelDebug
}

// A PrintFunc receives one libbpf log message, without its trailing newline.
// It may be called from any goroutine and must not call back into libbpf.
type PrintFunc func(level PrintLevel, msg string)

var printFunc atomic.Pointer[PrintFunc]

// SlogPrint is the default PrintFunc: it logs each message with
// slog.Default(), at the level SlogLevel gives, with source=libbpf.
func SlogPrint(level PrintLevel, msg string) {
	slog.Default().Log(context.Background(), level.SlogLevel(), msg, "source", "libbpf")
}

func init() {
	fn := PrintFunc(SlogPrint)
	printFunc.Store(&fn)
	C.golibbpf_route_print(1)
}

// LibbpfSetPrint is libbpf_set_print: libbpf's log messages go to fn instead
// of the current function, which is returned. A nil fn silences libbpf. libbpf
// never writes to stderr itself: until this is called, messages go to
// SlogPrint.
func LibbpfSetPrint(fn PrintFunc) PrintFunc {
	var old PrintFunc
	if fn == nil {
		if p := printFunc.Swap(nil); p != nil {
			old = *p
		}
		C.golibbpf_route_print(0)
		return old
	}
	if p := printFunc.Swap(&fn); p != nil {
		old = *p
	}
	C.golibbpf_route_print(1)
	return old
}

//export golibbpfPrint
func golibbpfPrint(level C.int, msg *C.char, n C.int) {
	p := printFunc.Load()
	if p == nil {
		return
	}
	s := strings.TrimRight(string(unsafe.Slice((*byte)(unsafe.Pointer(msg)), int(n))), "\n")
	(*p)(PrintLevel(level), s)
}
