package opts_test

import (
	"errors"
	"fmt"

	"github.com/golibbpf/golibbpf/opts"
	"golang.org/x/sys/unix"
)

// Building the options of a tcx link that goes right before the program
// with ID 42, only if the attach point is still at revision 7, and what
// Validate says about options naming the anchor both by fd and by ID.
func ExampleLinkCreate_tcx() {
	good := &opts.LinkCreate{
		Flags: opts.BPF_F_BEFORE,
		TCX:   &opts.TCX{RelativeID: 42, ExpectedRevision: 7},
	}
	fmt.Println("good:", good.ValidateFor(opts.AttachTCXIngress))

	bad := &opts.LinkCreate{
		Flags: opts.BPF_F_BEFORE,
		TCX:   &opts.TCX{RelativeFD: 5, RelativeID: 42},
	}
	err := bad.ValidateFor(opts.AttachTCXIngress)
	var fe *opts.FieldError
	fmt.Println("bad:", err)
	fmt.Println("field:", errors.As(err, &fe) && fe.Field == "TCX.RelativeFD, TCX.RelativeID")
	fmt.Println("EINVAL:", errors.Is(err, unix.EINVAL))

	fmt.Println("wrong attach type:", good.ValidateFor(opts.AttachXDP))
	// Output:
	// good: <nil>
	// bad: bpf_link_create_opts: TCX.RelativeFD, TCX.RelativeID: only one of them may be set
	// field: true
	// EINVAL: true
	// wrong attach type: bpf_link_create_opts: TCX: is read only for attach type tcx_ingress or tcx_egress, not xdp
}
