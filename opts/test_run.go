package opts

// TestRun is the input of struct bpf_test_run_opts (BPF_PROG_TEST_RUN); the
// outputs come back as a TestRunResult.
type TestRun struct {
	DataIn      []byte // data_in: the packet
	DataOutSize uint32 // data_size_out on input: room for the output packet; 0 for none
	CtxIn       []byte // ctx_in: the context (for syscall programs, the result comes back here)
	CtxOutSize  uint32 // ctx_size_out on input: room for the output context; 0 for none
	Repeat      int32  // repeat
	Flags       uint32 // flags: BPF_F_TEST_RUN_ON_CPU, BPF_F_TEST_XDP_LIVE_FRAMES, ...
	CPU         uint32 // cpu, with BPF_F_TEST_RUN_ON_CPU
	BatchSize   uint32 // batch_size, with BPF_F_TEST_XDP_LIVE_FRAMES
}

// BPF_F_TEST_RUN_ON_CPU runs the program on CPU rather than the current one.
const BPF_F_TEST_RUN_ON_CPU uint32 = 1 << 0

// TestRunResult is the output of struct bpf_test_run_opts.
type TestRunResult struct {
	Retval   uint32 // retval: the program's return value
	Duration uint32 // duration: average ns per repetition
	DataOut  []byte // data_out, data_size_out bytes long
	CtxIn    []byte // ctx_in after the run (syscall programs write their result here)
	CtxOut   []byte // ctx_out, ctx_size_out bytes long
}

// Validate reports a problem libbpf or the kernel would reject in o.
func (o *TestRun) Validate() error {
	if o == nil {
		return nil
	}
	const s = "bpf_test_run_opts"
	if o.Repeat < 0 {
		return invalid(s, "Repeat", "is negative")
	}
	if o.CPU != 0 && o.Flags&BPF_F_TEST_RUN_ON_CPU == 0 {
		return invalid(s, "CPU", "needs BPF_F_TEST_RUN_ON_CPU in Flags")
	}
	return nil
}
