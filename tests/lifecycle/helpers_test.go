package lifecycle

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/skel"
)

// childEnv makes the re-executed test binary a child with one job, named by
// the variable's value (see TestMain).
const childEnv = "GOLIBBPF_LIFECYCLE_CHILD"

func TestMain(m *testing.M) {
	switch job := os.Getenv(childEnv); job {
	case "":
		os.Exit(m.Run())
	case "socket":
		// Trigger cgroup/sock_create.
		fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM, 0)
		if err != nil {
			fmt.Println("socket:", err)
			os.Exit(1)
		}
		unix.Close(fd)
		os.Exit(0)
	default:
		// Connect to the address in job, print the peer address the
		// process sees and the server's greeting.
		c, err := net.DialTimeout("tcp4", job, time.Second)
		if err != nil {
			fmt.Println("dial:", err)
			os.Exit(1)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(2 * time.Second))
		buf := make([]byte, 64)
		n, err := c.Read(buf)
		if err != nil {
			fmt.Println("read:", err)
			os.Exit(1)
		}
		fmt.Printf("%s %s", c.RemoteAddr(), buf[:n])
		os.Exit(0)
	}
}

// inCgroup runs this test binary again as a child born in the cgroup
// (clone3 CLONE_INTO_CGROUP), doing job, and returns its output.
func inCgroup(t *testing.T, cgroupFD int, job string) (string, error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+job)
	cmd.SysProcAttr = &syscall.SysProcAttr{UseCgroupFD: true, CgroupFD: cgroupFD}
	out, err := cmd.Output()
	return string(out), err
}

// open opens tests/testdata/<name>.bpf.o with skel and destroys it when
// the test ends.
func open(t *testing.T, name string, o *skel.OpenOptions) *skel.Object {
	t.Helper()
	testenv.RequirePrivileged(t)
	obj, err := skel.Open(testenv.BPFObject(t, name), o)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	t.Cleanup(func() {
		if err := obj.Destroy(); err != nil {
			t.Errorf("destroy %s: %v", name, err)
		}
	})
	return obj
}

// view returns the typed view of one of obj's data sections.
func view[T any](t *testing.T, obj *skel.Object, section string) *T {
	t.Helper()
	d, err := obj.DataSection(section)
	if err != nil {
		t.Fatal(err)
	}
	v, err := skel.View[T](d)
	if err != nil {
		t.Fatalf("view of %s: %v", section, err)
	}
	return v
}

// getppid makes n getppid system calls, which the tracing programs count.
func getppid(n int) {
	for range n {
		unix.Getppid()
	}
}
