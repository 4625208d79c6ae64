package opts

// ProgLoad is struct bpf_prog_load_opts. The verifier log buffer is managed
// by the caller of bpf_prog_load (LogSize is its size); the BTF func and line
// info are raw .BTF.ext records.
type ProgLoad struct {
	Attempts           int32      // attempts: retries on EAGAIN; 0 for libbpf's default (5)
	ExpectedAttachType AttachType // expected_attach_type
	ProgBTFFD          uint32     // prog_btf_fd
	ProgFlags          uint32     // prog_flags: BPF_F_SLEEPABLE, BPF_F_XDP_HAS_FRAGS, ...
	ProgIfindex        uint32     // prog_ifindex: offload or device-bound XDP target
	KernVersion        uint32     // kern_version
	AttachBTFID        uint32     // attach_btf_id
	AttachProgFD       uint32     // attach_prog_fd
	AttachBTFObjFD     uint32     // attach_btf_obj_fd
	FDArray            []int32    // fd_array
	FuncInfo           []byte     // func_info; func_info_cnt = len/FuncInfoRecSize
	FuncInfoRecSize    uint32     // func_info_rec_size
	LineInfo           []byte     // line_info; line_info_cnt = len/LineInfoRecSize
	LineInfoRecSize    uint32     // line_info_rec_size
	LogLevel           uint32     // log_level: 0 (log only on failure), 1, 2, 4 (stats), 8 (fixed, not rotating), or a mix
	LogSize            uint32     // log_size: bytes of verifier log to capture; 0 for none
	TokenFD            uint32     // token_fd
}

// Validate reports a problem libbpf or the kernel would reject in o.
func (o *ProgLoad) Validate() error {
	if o == nil {
		return nil
	}
	const s = "bpf_prog_load_opts"
	if o.Attempts < 0 {
		return invalid(s, "Attempts", "is negative")
	}
	if o.LogLevel&^15 != 0 {
		return invalid(s, "LogLevel", "%#x has bits other than 1, 2, 4 and 8", o.LogLevel)
	}
	if o.LogSize > 1<<30-1 {
		return invalid(s, "LogSize", "the kernel takes at most %d bytes, got %d", 1<<30-1, o.LogSize)
	}
	if err := recs(s, "FuncInfo", o.FuncInfo, o.FuncInfoRecSize); err != nil {
		return err
	}
	return recs(s, "LineInfo", o.LineInfo, o.LineInfoRecSize)
}

func recs(s, field string, b []byte, size uint32) error {
	if len(b) == 0 {
		return nil
	}
	if size == 0 || uint32(len(b))%size != 0 {
		return invalid(s, field, "%d bytes are not a whole number of %d-byte records", len(b), size)
	}
	return nil
}
