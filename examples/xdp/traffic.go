package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/golibbpf/golibbpf/examples/internal/testbed"
)

// sendUDP sends n datagrams from b to a listener in a, and waits for each.
func sendUDP(tb *testbed.Testbed, n int) error {
	u, err := tb.DialUDP(7101)
	if err != nil {
		return err
	}
	defer u.Close()
	for i := range n {
		if err := u.Send(fmt.Sprintf("datagram %d", i)); err != nil {
			return err
		}
	}
	return nil
}

// sendPings sends n ICMP echo requests from b to a over a raw socket and
// waits for each reply.
func sendPings(tb *testbed.Testbed, n int) error {
	var c net.PacketConn
	err := tb.B.Do(func() (err error) {
		c, err = net.ListenPacket("ip4:icmp", testbed.AddrB)
		return err
	})
	if err != nil {
		return err
	}
	defer c.Close()
	dst := &net.IPAddr{IP: net.ParseIP(testbed.AddrA)}
	const id = 0x4c42
	buf := make([]byte, 1500)
	for seq := range uint16(n) {
		req := echo(8, id, seq, []byte("golibbpf xdp example"))
		if _, err := c.WriteTo(req, dst); err != nil {
			return err
		}
		for {
			c.SetReadDeadline(time.Now().Add(testbed.Timeout))
			k, _, err := c.ReadFrom(buf) // the IPv4 header is stripped
			if err != nil {
				return fmt.Errorf("waiting for echo reply %d: %w", seq, err)
			}
			m := buf[:k]
			if len(m) >= 8 && m[0] == 0 && binary.BigEndian.Uint16(m[4:]) == id &&
				binary.BigEndian.Uint16(m[6:]) == seq {
				break
			}
		}
	}
	return nil
}

// echo builds an ICMP echo message (typ 8: request, 0: reply).
func echo(typ byte, id, seq uint16, payload []byte) []byte {
	m := make([]byte, 8+len(payload))
	m[0] = typ
	binary.BigEndian.PutUint16(m[4:], id)
	binary.BigEndian.PutUint16(m[6:], seq)
	copy(m[8:], payload)
	var sum uint32
	for i := 0; i+1 < len(m); i += 2 {
		sum += uint32(binary.BigEndian.Uint16(m[i:]))
	}
	if len(m)%2 == 1 {
		sum += uint32(m[len(m)-1]) << 8
	}
	for sum > 0xffff {
		sum = sum>>16 + sum&0xffff
	}
	binary.BigEndian.PutUint16(m[2:], ^uint16(sum))
	return m
}

// sendTCP opens a connection from b to an echo server in a, sends a line,
// reads it back and closes.
func sendTCP(tb *testbed.Testbed) error {
	var l net.Listener
	err := tb.A.Do(func() (err error) {
		l, err = net.Listen("tcp4", testbed.AddrA+":7102")
		return err
	})
	if err != nil {
		return err
	}
	defer l.Close()
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(testbed.Timeout))
		io.Copy(c, c)
	}()
	var c net.Conn
	err = tb.B.Do(func() (err error) {
		c, err = net.DialTimeout("tcp4", l.Addr().String(), testbed.Timeout)
		return err
	})
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(testbed.Timeout))
	msg := []byte("hello over tcp\n")
	if _, err := c.Write(msg); err != nil {
		return err
	}
	got := make([]byte, len(msg))
	if _, err := io.ReadFull(c, got); err != nil {
		return fmt.Errorf("reading the echo: %w", err)
	}
	if !bytes.Equal(got, msg) {
		return fmt.Errorf("echoed %q, want %q", got, msg)
	}
	return nil
}
