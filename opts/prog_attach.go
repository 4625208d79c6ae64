package opts

// ProgAttach is struct bpf_prog_attach_opts (legacy BPF_PROG_ATTACH, and
// multi-program attach points such as tcx).
type ProgAttach struct {
	Flags            uint32 // flags: BPF_F_ALLOW_MULTI, BPF_F_REPLACE, BPF_F_BEFORE, ...
	ReplaceProgFD    int32  // replace_prog_fd: the program BPF_F_REPLACE replaces
	RelativeFD       int32  // relative_fd
	RelativeID       uint32 // relative_id
	ExpectedRevision uint64 // expected_revision
}

// Validate reports a problem libbpf or the kernel would reject in o.
func (o *ProgAttach) Validate() error {
	if o == nil {
		return nil
	}
	const s = "bpf_prog_attach_opts"
	if o.RelativeFD != 0 && o.RelativeID != 0 {
		return invalid(s, "RelativeFD, RelativeID", "only one of them may be set")
	}
	if o.ReplaceProgFD != 0 && o.Flags&BPF_F_REPLACE == 0 {
		return invalid(s, "ReplaceProgFD", "needs BPF_F_REPLACE in Flags")
	}
	if o.ReplaceProgFD < 0 || o.RelativeFD < 0 {
		return invalid(s, "ReplaceProgFD, RelativeFD", "file descriptors cannot be negative")
	}
	return nil
}

// ProgQuery is the input of struct bpf_prog_query_opts; the outputs come
// back as a ProgQueryResult. Max bounds how many programs (and links) are
// reported; 0 asks only for the count.
type ProgQuery struct {
	QueryFlags      uint32 // query_flags: BPF_F_QUERY_EFFECTIVE
	Max             uint32 // prog_cnt on input: the room for prog_ids and link_ids
	WantAttachFlags bool   // fill prog_attach_flags
	WantLinks       bool   // fill link_ids and link_attach_flags
}

// ProgQueryResult is the output of struct bpf_prog_query_opts.
type ProgQueryResult struct {
	AttachFlags     uint32   // attach_flags
	Count           uint32   // prog_cnt on output: how many programs are attached
	ProgIDs         []uint32 // prog_ids, at most Max of them
	ProgAttachFlags []uint32 // prog_attach_flags, when asked for
	LinkIDs         []uint32 // link_ids (0 for a program attached without a link), when asked for
	LinkAttachFlags []uint32 // link_attach_flags, when asked for
	Revision        uint64   // revision of the attach point (tcx, netkit)
}
