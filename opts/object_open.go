package opts

// ObjectOpen is struct bpf_object_open_opts. The kernel log buffer is
// managed by whoever calls bpf_object__open (KernelLogSize is its size).
type ObjectOpen struct {
	ObjectName     string // object_name: overrides the name taken from the file
	RelaxedMaps    bool   // relaxed_maps: accept unknown map definition fields
	PinRootPath    string // pin_root_path: where maps with LIBBPF_PIN_BY_NAME are pinned
	Kconfig        string // kconfig: extra CONFIG_XXX=... lines for __kconfig externs
	BTFCustomPath  string // btf_custom_path: kernel BTF to use for CO-RE instead of /sys/kernel/btf/vmlinux
	KernelLogSize  uint32 // kernel_log_size
	KernelLogLevel uint32 // kernel_log_level: 1, 2, 4, 8 or a mix, for every program and BTF load
	BPFTokenPath   string // bpf_token_path: a BPF FS to take a token from
}

// Validate reports a problem libbpf would reject in o.
func (o *ObjectOpen) Validate() error {
	if o == nil {
		return nil
	}
	const s = "bpf_object_open_opts"
	for _, f := range []struct{ name, v string }{
		{"ObjectName", o.ObjectName}, {"PinRootPath", o.PinRootPath}, {"Kconfig", o.Kconfig},
		{"BTFCustomPath", o.BTFCustomPath}, {"BPFTokenPath", o.BPFTokenPath},
	} {
		for i := 0; i < len(f.v); i++ {
			if f.v[i] == 0 {
				return invalid(s, f.name, "contains NUL")
			}
		}
	}
	if o.KernelLogLevel&^15 != 0 {
		return invalid(s, "KernelLogLevel", "%#x has bits other than 1, 2, 4 and 8", o.KernelLogLevel)
	}
	return nil
}
