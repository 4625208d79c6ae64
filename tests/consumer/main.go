// Command consumer is a program outside the golibbpf module that imports it
// the way a user would (see the README): it loads a two-instruction
// cgroup/connect4 program with cgo.ProgLoad, links it to a fresh cgroup with
// cgo.LinkCreate, checks the link's info and cleans up. `make test-consumer`
// builds it, runs it as root, and checks with ldd that libbpf, libelf and
// zlib are linked statically.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/opts"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "consumer:", err)
		os.Exit(1)
	}
}

func run() error {
	fmt.Printf("libbpf %s\n", cgo.LibbpfVersionString())
	insns := []cgo.Insn{
		cgo.NewInsn(0xb7, 0, 0, 0, 1), // r0 = 1 (allow)
		cgo.NewInsn(0x95, 0, 0, 0, 0), // exit
	}
	prog, log, err := cgo.ProgLoad(opts.ProgTypeCgroupSockAddr, "consumer", "GPL", insns,
		&opts.ProgLoad{ExpectedAttachType: opts.AttachCgroupInet4Connect, LogLevel: 1, LogSize: 4096})
	if err != nil {
		return fmt.Errorf("%+v", err)
	}
	defer unix.Close(prog)
	fmt.Printf("loaded program fd %d (verifier: %d bytes of log)\n", prog, len(log))

	root := "/sys/fs/cgroup"
	var st unix.Statfs_t
	if unix.Statfs(root+"/unified", &st) == nil && st.Type == unix.CGROUP2_SUPER_MAGIC {
		root += "/unified" // the hybrid layout: cgroup v2 beside the v1 controllers
	}
	dir := filepath.Join(root, fmt.Sprintf("golibbpf-consumer-%d", os.Getpid()))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	defer os.Remove(dir)
	cg, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(cg)

	link, err := cgo.LinkCreate(prog, cg, opts.AttachCgroupInet4Connect, &opts.LinkCreate{})
	if err != nil {
		return err
	}
	defer unix.Close(link)
	info, err := cgo.LinkGetInfoByFD(link)
	if err != nil {
		return err
	}
	if info.Type != opts.LinkTypeCgroup || info.Cgroup.AttachType != opts.AttachCgroupInet4Connect {
		return fmt.Errorf("unexpected link info %+v", info)
	}
	fmt.Printf("link %d: %s on cgroup %d (%s)\n", info.ID, info.Type, info.Cgroup.CgroupID, info.Cgroup.AttachType)
	return nil
}
