// Command connect4 is golibbpf's demo: the seed scenario of a
// BPF_PROG_TYPE_CGROUP_SOCK_ADDR object, run through a skeleton that
// skelgen generated (connect4_skel.go).
//
// It makes a cgroup and attaches the object's four programs to it with one
// Attach call. A process started in that cgroup then
//
//   - connects to 1.2.3.4:60000 and lands on a server at 127.0.0.1:60123
//     (cgroup/connect4),
//   - sees its peer as 1.2.3.4:60000 (cgroup/getpeername4, with the address
//     kept in an SK_STORAGE map), while the server sees its own end of the
//     connection as 1.2.3.4:60000 too (cgroup/getsockname4),
//   - binds port 111 without CAP_NET_BIND_SERVICE (cgroup/bind4 returns 3),
//     while port 112 is still refused.
//
// The programs count what they did in .bss, which the demo reads straight
// from the kernel's memory. Then it destroys the skeleton and removes the
// cgroup. It needs root.
//
//	make demo
package main

//go:generate go tool skelgen gen -type Connect4 -package main -o connect4_skel.go bpf/connect4.bpf.o

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"syscall"

	"github.com/golibbpf/golibbpf/examples/internal/testbed"

	"github.com/golibbpf/golibbpf/skel"
)

// clientEnv marks the child process that runs inside the cgroup.
const clientEnv = "CONNECT4_DEMO_CLIENT"

func main() {
	if os.Getenv(clientEnv) != "" {
		if err := client(); err != nil {
			fmt.Fprintln(os.Stderr, "connect4 client:", err)
			os.Exit(1)
		}
		return
	}
	backendPort := flag.Uint("backend-port", 60123, "the local port the service is redirected to")
	flag.Parse()
	if err := run(uint16(*backendPort)); err != nil {
		fmt.Fprintln(os.Stderr, "connect4:", err)
		os.Exit(1)
	}
}

func run(backendPort uint16) error {
	cgroup, err := testbed.NewCgroup("connect4")
	if err != nil {
		return err
	}
	defer os.Remove(cgroup)
	fmt.Println("cgroup:", cgroup)

	sk, err := OpenConnect4(nil)
	if err != nil {
		return err
	}
	defer sk.Destroy()
	// .rodata is writable until Load: point the redirect at our backend.
	sk.Rodata.BackendPort = backendPort
	if err := sk.Load(); err != nil {
		return err
	}
	if err := sk.Attach(&skel.AttachOptions{Cgroup: cgroup}); err != nil {
		return err
	}
	for name, l := range map[string]*skel.Link{
		"connect4": sk.Links.Connect4, "getpeername4": sk.Links.Getpeername4,
		"getsockname4": sk.Links.Getsockname4, "bind4": sk.Links.Bind4,
	} {
		if l == nil {
			return fmt.Errorf("program %s was not attached", name)
		}
	}
	fmt.Println("attached connect4, getpeername4, getsockname4 and bind4 to the cgroup")

	if err := inCgroup(cgroup, backendPort); err != nil {
		return err
	}
	st := sk.Bss.Stats // read from the kernel's memory, no system call
	fmt.Printf("the programs counted: %d redirected, %d peer and %d local addresses rewritten, %d bind allowed\n",
		st.Redirected, st.PeerRewritten, st.LocalRewritten, st.BindsAllowed)
	if st.Redirected != 1 || st.PeerRewritten < 1 || st.LocalRewritten < 1 || st.BindsAllowed != 1 {
		return errors.New("the counters do not show every program at work")
	}
	if err := sk.Destroy(); err != nil {
		return err
	}
	fmt.Println("done: skeleton destroyed, cgroup removed")
	return nil
}

// inCgroup runs this program again as the client, born in the cgroup.
func inCgroup(cgroup string, backendPort uint16) error {
	dir, err := os.Open(cgroup)
	if err != nil {
		return err
	}
	defer dir.Close()
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d", clientEnv, backendPort))
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{UseCgroupFD: true, CgroupFD: int(dir.Fd())}
	return cmd.Run()
}
