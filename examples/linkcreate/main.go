// Command linkcreate is golibbpf's demo: it makes a cgroup, loads a
// cgroup/connect4 program, attaches it with cgo.LinkCreate, and shows a
// connect() from a process in that cgroup to 1.2.3.4:60000 landing on a
// local server at 127.0.0.1:60123. Then it detaches the link, shows the
// connect failing, and cleans up. It needs root.
//
//	make demo
package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"syscall"
	"time"
	"unsafe"

	"github.com/golibbpf/golibbpf/examples/internal/testbed"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/opts"
)

const (
	service = "1.2.3.4:60000"
	backend = "127.0.0.1:60123"
	roleEnv = "LINKCREATE_CLIENT"
)

func main() {
	if os.Getenv(roleEnv) != "" {
		os.Exit(client())
	}
	object := flag.String("obj", "examples/linkcreate/bpf/connect4.bpf.o", "the compiled BPF object")
	flag.Parse()
	if err := run(*object); err != nil {
		fmt.Fprintln(os.Stderr, "linkcreate:", err)
		os.Exit(1)
	}
}

// client runs in the child process, inside the cgroup.
func client() int {
	c, err := net.DialTimeout("tcp4", service, time.Second)
	if err != nil {
		fmt.Printf("  client: connect(%s) failed: %v\n", service, err)
		return 1
	}
	defer c.Close()
	reply := make([]byte, 64)
	n, _ := c.Read(reply)
	fmt.Printf("  client: connect(%s) reached %s, which says %q\n", service, c.RemoteAddr(), reply[:n])
	return 0
}

func run(objectPath string) error {
	// libbpf's messages go to log/slog by default; keep the demo's output short.
	cgo.LibbpfSetPrint(func(level cgo.PrintLevel, msg string) {
		if level == cgo.LibbpfWarn {
			fmt.Fprintln(os.Stderr, "libbpf:", msg)
		}
	})

	cgroup, err := testbed.NewCgroup("demo")
	if err != nil {
		return err
	}
	defer os.Remove(cgroup)
	cgroupFD, err := unix.Open(cgroup, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(cgroupFD)
	fmt.Println("cgroup:", cgroup)

	obj, err := cgo.ObjectOpenFile(objectPath, nil)
	if err != nil {
		return err
	}
	defer cgo.ObjectClose(obj)
	if err := cgo.ObjectLoad(obj); err != nil {
		return err
	}
	prog, err := cgo.ObjectFindProgramByName(obj, "connect4")
	if err != nil {
		return err
	}
	progFD, err := cgo.ProgramFD(prog)
	if err != nil {
		return err
	}

	stop, err := serve()
	if err != nil {
		return err
	}
	defer stop()

	link, err := cgo.LinkCreate(progFD, cgroupFD, opts.AttachCgroupInet4Connect, nil)
	if err != nil {
		return err
	}
	defer unix.Close(link)
	if err := printInfo("attached", link); err != nil {
		return err
	}
	if err := clientInCgroup(cgroupFD); err != nil {
		return fmt.Errorf("the redirected connect failed: %w", err)
	}
	fmt.Printf("  the program redirected %d connect(s)\n", redirected(obj))

	if err := cgo.LinkDetach(link); err != nil {
		return err
	}
	if err := printInfo("detached", link); err != nil {
		return err
	}
	if err := clientInCgroup(cgroupFD); err == nil {
		return errors.New("connect still redirected after bpf_link_detach")
	}
	fmt.Println("done: link detached, cgroup removed")
	return nil
}

// serve answers on the backend address.
func serve() (func(), error) {
	l, err := net.Listen("tcp4", backend)
	if err != nil {
		return nil, err
	}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Write([]byte("hello from " + backend))
			c.Close()
		}
	}()
	return func() { l.Close() }, nil
}

// clientInCgroup runs this program again as the client, born in the cgroup.
func clientInCgroup(cgroupFD int) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), roleEnv+"=1")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{UseCgroupFD: true, CgroupFD: cgroupFD}
	return cmd.Run()
}

func printInfo(what string, link int) error {
	info, err := cgo.LinkGetInfoByFD(link)
	if err != nil {
		return err
	}
	fmt.Printf("%s: link id=%d type=%s prog_id=%d attach_type=%s cgroup_id=%d\n",
		what, info.ID, info.Type, info.ProgID, info.Cgroup.AttachType, info.Cgroup.CgroupID)
	return nil
}

// redirected reads the program's .bss counter.
func redirected(obj *cgo.Object) uint64 {
	bss, err := cgo.ObjectFindMapByName(obj, "connect4.bss")
	if err != nil {
		return 0
	}
	fd, err := cgo.MapFD(bss)
	if err != nil {
		return 0
	}
	var key uint32
	var v uint64
	if cgo.MapLookupElem(fd, unsafe.Pointer(&key), unsafe.Pointer(&v)) != nil {
		return 0
	}
	return v
}
