package lifecycle

import (
	"fmt"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/skel"
)

func TestMain(m *testing.M) {
	// A child of testenv.RunInCgroup does the job testenv.ChildJob names.
	switch job := testenv.ChildJob(); job {
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
		peer, greeting, err := testenv.DialGreeting(job, time.Second)
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		fmt.Printf("%s %s", peer, greeting)
		os.Exit(0)
	}
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
