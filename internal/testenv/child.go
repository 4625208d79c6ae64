package testenv

import (
	"net"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// childEnv carries the job of a test binary that RunInCgroup re-executes.
const childEnv = "GOLIBBPF_TEST_CHILD_JOB"

// ChildJob returns the job RunInCgroup gave this process, or "" when it is
// the test binary proper. A TestMain that uses RunInCgroup checks it first,
// does the job and exits instead of running the tests.
func ChildJob() string { return os.Getenv(childEnv) }

// RunInCgroup runs the test binary again, with no tests, as a child born in
// the cgroup open as cgroupFD (clone3 CLONE_INTO_CGROUP) and with ChildJob
// returning job. It returns the child's standard output.
func RunInCgroup(t testing.TB, cgroupFD int, job string) (string, error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+job)
	cmd.SysProcAttr = &syscall.SysProcAttr{UseCgroupFD: true, CgroupFD: cgroupFD}
	out, err := cmd.Output()
	return string(out), err
}

// GreetingServer listens on the TCP/IPv4 address addr (port 0 picks one)
// until t ends, writes greeting to every connection and closes it. It
// returns the port.
func GreetingServer(t testing.TB, addr, greeting string) uint16 {
	t.Helper()
	l, err := net.Listen("tcp4", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Write([]byte(greeting))
			c.Close()
		}
	}()
	return uint16(l.Addr().(*net.TCPAddr).Port)
}

// DialGreeting connects to the TCP/IPv4 address addr within timeout and
// returns the peer address the connection reports and the first message
// (up to 64 bytes) the server sends, read within two seconds.
func DialGreeting(addr string, timeout time.Duration) (peer net.Addr, greeting string, err error) {
	c, err := net.DialTimeout("tcp4", addr, timeout)
	if err != nil {
		return nil, "", err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(2 * time.Second))
	buf := make([]byte, 64)
	n, err := c.Read(buf)
	if err != nil {
		return c.RemoteAddr(), "", err
	}
	return c.RemoteAddr(), string(buf[:n]), nil
}
