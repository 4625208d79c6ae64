// Package tracing tests cgo.LinkCreate for perf_event, tp_btf, raw_tp and iterator links on the real kernel.
package tracing
