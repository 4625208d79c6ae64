package testbed

import (
	"fmt"
	"net"
	"time"
)

// Timeout bounds every wait for traffic across the testbed.
const Timeout = 2 * time.Second

// UDP is a UDP socket in A, on AddrA, and one in B connected to it: what
// TX sends crosses the veth pair and arrives on DevA.
type UDP struct {
	RX, TX *net.UDPConn
}

// DialUDP opens RX on port of AddrA in A and TX in B, connected to RX.
func (tb *Testbed) DialUDP(port int) (*UDP, error) {
	u := &UDP{}
	err := tb.A.Do(func() (err error) {
		u.RX, err = net.ListenUDP("udp4", &net.UDPAddr{IP: net.ParseIP(AddrA), Port: port})
		return err
	})
	if err != nil {
		return nil, err
	}
	err = tb.B.Do(func() (err error) {
		u.TX, err = net.DialUDP("udp4", nil, u.RX.LocalAddr().(*net.UDPAddr))
		return err
	})
	if err != nil {
		u.RX.Close()
		return nil, err
	}
	return u, nil
}

// Send sends msg from TX and waits, at most Timeout, until RX receives it.
func (u *UDP) Send(msg string) error {
	if _, err := u.TX.Write([]byte(msg)); err != nil {
		return err
	}
	buf := make([]byte, len(msg)+1)
	u.RX.SetReadDeadline(time.Now().Add(Timeout))
	k, err := u.RX.Read(buf)
	if err != nil {
		return fmt.Errorf("receiving %q: %w", msg, err)
	}
	if string(buf[:k]) != msg {
		return fmt.Errorf("received %q, want %q", buf[:k], msg)
	}
	return nil
}

// Close closes both sockets.
func (u *UDP) Close() error {
	u.TX.Close()
	return u.RX.Close()
}
