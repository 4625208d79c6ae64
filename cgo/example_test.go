package cgo_test

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/opts"
)

// libbpf's own resolution of an ELF section name.
func ExampleLibbpfProgTypeByName() {
	progType, attachType, err := cgo.LibbpfProgTypeByName("cgroup/connect4")
	if err != nil {
		panic(err)
	}
	fmt.Println(progType, attachType)
	// Output: cgroup_sock_addr cgroup_inet4_connect
}

// Attaching a loaded tcx program in front of another one, and reading the
// link back.
func ExampleLinkCreate() {
	var progFD, otherProgFD, ifindex int // a loaded SEC("tcx/ingress") program, another one, a device
	link, err := cgo.LinkCreate(progFD, ifindex, opts.AttachTCXIngress, &opts.LinkCreate{
		Flags: opts.BPF_F_BEFORE,
		TCX:   &opts.TCX{RelativeFD: uint32(otherProgFD)},
	})
	if err != nil {
		fmt.Println(err) // e.g. bpf_link_create(prog_fd=5 target_fd=2 attach_type=tcx_ingress): ...
		return
	}
	defer unix.Close(link)
	info, err := cgo.LinkGetInfoByFD(link)
	if err != nil {
		return
	}
	fmt.Println(info.Type, info.TCX.Ifindex, info.TCX.AttachType)
}
