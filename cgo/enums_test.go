package cgo

import (
	"testing"

	"github.com/golibbpf/golibbpf/opts"
)

// Every Go enum constant equals its C constant, and its String() is the name
// libbpf itself gives (libbpf_bpf_*_type_str).
func TestEnumsEqualC(t *testing.T) {
	libbpfStr := map[string]func(uint32) string{
		"bpf_prog_type":   func(v uint32) string { return LibbpfBPFProgTypeStr(opts.ProgType(v)) },
		"bpf_attach_type": func(v uint32) string { return LibbpfBPFAttachTypeStr(opts.AttachType(v)) },
		"bpf_link_type":   func(v uint32) string { return LibbpfBPFLinkTypeStr(opts.LinkType(v)) },
		"bpf_map_type":    func(v uint32) string { return LibbpfBPFMapTypeStr(opts.MapType(v)) },
	}
	wantCount := map[string]int{"bpf_prog_type": 33, "bpf_attach_type": 57, "bpf_link_type": 15, "bpf_map_type": 36}
	for enum, values := range enumTable {
		if len(values) != wantCount[enum] {
			t.Errorf("enum %s: %d members mirrored, libbpf 1.5.0 has %d", enum, len(values), wantCount[enum])
		}
		for _, v := range values {
			if v.c != v.go_ {
				t.Errorf("%s: Go value %d, C value %d", v.cName, v.go_, v.c)
			}
			want := libbpfStr[enum](v.c)
			if want == "" {
				t.Errorf("%s: libbpf has no name for %d", v.cName, v.c)
			}
			if got := v.str(); got != want {
				t.Errorf("%s: String() = %q, libbpf says %q", v.cName, got, want)
			}
		}
	}
	// One past the last value: libbpf has no name, and neither do we.
	if s := LibbpfBPFAttachTypeStr(opts.AttachTraceKprobeSession + 1); s != "" {
		t.Errorf("libbpf names attach type %d: %q", opts.AttachTraceKprobeSession+1, s)
	}
	if got := (opts.AttachTraceKprobeSession + 1).String(); got != "AttachType(57)" {
		t.Errorf("String() of an unknown attach type = %q", got)
	}
}

func TestLibbpfVersion(t *testing.T) {
	if LibbpfMajorVersion() != 1 || LibbpfMinorVersion() != 5 {
		t.Fatalf("linked libbpf is %d.%d, the pin is 1.5", LibbpfMajorVersion(), LibbpfMinorVersion())
	}
	if v := LibbpfVersionString(); v != "v1.5" {
		t.Fatalf("libbpf_version_string() = %q", v)
	}
}
