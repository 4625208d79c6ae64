package opts

// LinkUpdate is struct bpf_link_update_opts.
type LinkUpdate struct {
	Flags     uint32 // flags: BPF_F_REPLACE to require OldProgFD (or OldMapFD) be the current one
	OldProgFD uint32 // old_prog_fd: the program expected to be attached now
	OldMapFD  uint32 // old_map_fd: the struct_ops map expected to be attached now
}

// Validate reports a problem libbpf or the kernel would reject in o.
func (o *LinkUpdate) Validate() error {
	if o == nil {
		return nil
	}
	if o.Flags&^BPF_F_REPLACE != 0 {
		return invalid("bpf_link_update_opts", "Flags", "unknown flags %#x (only BPF_F_REPLACE)", o.Flags&^BPF_F_REPLACE)
	}
	if (o.OldProgFD != 0 || o.OldMapFD != 0) && o.Flags&BPF_F_REPLACE == 0 {
		return invalid("bpf_link_update_opts", "Flags", "OldProgFD or OldMapFD needs BPF_F_REPLACE")
	}
	if o.OldProgFD != 0 && o.OldMapFD != 0 {
		return invalid("bpf_link_update_opts", "OldProgFD, OldMapFD", "only one of them may be set")
	}
	return nil
}
