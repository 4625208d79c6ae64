package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

const (
	service         = "1.2.3.4:60000"
	privilegedPort  = 111 // bind4 lets anyone bind it
	otherPrivileged = 112 // still needs CAP_NET_BIND_SERVICE
)

// client runs in the child process, inside the cgroup: a server on the
// backend port, a client connecting to the service address, then binds of
// privileged ports without CAP_NET_BIND_SERVICE. It fails unless each
// program did its part.
func client() error {
	port, err := strconv.ParseUint(os.Getenv(clientEnv), 10, 16)
	if err != nil {
		return fmt.Errorf("bad %s: %w", clientEnv, err)
	}
	backend := fmt.Sprintf("127.0.0.1:%d", port)
	l, err := net.Listen("tcp4", backend)
	if err != nil {
		return err
	}
	defer l.Close()
	serverSide := make(chan string, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			serverSide <- "accept: " + err.Error()
			return
		}
		defer c.Close()
		serverSide <- c.LocalAddr().String()
		io.WriteString(c, "hello from "+backend)
	}()

	c, err := net.DialTimeout("tcp4", service, 2*time.Second)
	if err != nil {
		return fmt.Errorf("connect(%s): %w", service, err)
	}
	defer c.Close()
	reply, err := io.ReadAll(c)
	if err != nil {
		return err
	}
	local := <-serverSide
	fmt.Printf("  client: connect(%s) answered %q; getpeername says %s\n", service, reply, c.RemoteAddr())
	fmt.Printf("  server: its end of the connection, by getsockname: %s\n", local)
	if got := c.RemoteAddr().String(); got != service {
		return fmt.Errorf("getpeername = %s, want %s", got, service)
	}
	if local != service {
		return fmt.Errorf("server getsockname = %s, want %s", local, service)
	}
	return bindWithoutCapability()
}

// bindWithoutCapability drops CAP_NET_BIND_SERVICE on this thread (Linux
// capabilities are per thread) and binds port 111, which bind4 allows, and
// port 112, which the kernel must still refuse.
func bindWithoutCapability() error {
	runtime.LockOSThread() // the thread is left without the capability and dies with the process
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		return fmt.Errorf("capget: %w", err)
	}
	bit := uint32(1) << unix.CAP_NET_BIND_SERVICE
	data[0].Effective &^= bit
	data[0].Permitted &^= bit
	data[0].Inheritable &^= bit
	if err := unix.Capset(&hdr, &data[0]); err != nil {
		return fmt.Errorf("capset: %w", err)
	}
	if err := bindPort(privilegedPort); err != nil {
		return fmt.Errorf("bind(%d) without CAP_NET_BIND_SERVICE: %w", privilegedPort, err)
	}
	fmt.Printf("  client: bind(127.0.0.1:%d) without CAP_NET_BIND_SERVICE succeeded\n", privilegedPort)
	if err := bindPort(otherPrivileged); err != unix.EACCES {
		return fmt.Errorf("bind(%d) without CAP_NET_BIND_SERVICE: got %v, want EACCES", otherPrivileged, err)
	}
	fmt.Printf("  client: bind(127.0.0.1:%d) is refused (%v), as it should be\n", otherPrivileged, unix.EACCES)
	return nil
}

func bindPort(port int) error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	return unix.Bind(fd, &unix.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}})
}
