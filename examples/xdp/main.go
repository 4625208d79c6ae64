// Command xdp counts packets per IP protocol with an XDP program.
//
// It makes two private network namespaces joined by a veth pair and
// attaches the program of bpf/xdp.bpf.c to one end, through
// skel.AttachOptions{Ifindex}. From the other namespace it sends UDP
// datagrams, ICMP echo requests and a TCP connection across. The program
// counts packets and bytes per protocol (TCP, UDP, ICMP, other) in a
// BPF_MAP_TYPE_PERCPU_ARRAY; the command reads each slot through the
// skeleton's typed per-CPU map (one value per CPU, summed here) and checks
// the counts against the traffic it sent. It deletes the namespaces, and
// with them the veth pair, before it exits. It needs root and ip(8).
//
// Run it from the repository's root (make bpf compiles bpf/xdp.bpf.c; go
// generate ./examples/xdp regenerates xdp_skel.go from the object):
//
//	make bpf && go run ./examples/xdp
package main

//go:generate go run ../../cmd/skelgen gen -type XDP -package main -o xdp_skel.go bpf/xdp.bpf.o

import (
	"flag"
	"fmt"
	"os"

	"github.com/golibbpf/golibbpf/examples/internal/testbed"
	"github.com/golibbpf/golibbpf/skel"
)

// The slots of the proto_counts map (enum proto_slot in bpf/xdp.bpf.c).
var slots = []struct {
	key  uint32
	name string
}{{0, "TCP"}, {1, "UDP"}, {2, "ICMP"}, {3, "other"}}

func main() {
	nUDP := flag.Int("udp", 5, "how many UDP datagrams to send")
	nPing := flag.Int("ping", 3, "how many ICMP echo requests to send")
	flag.Parse()
	if err := run(*nUDP, *nPing); err != nil {
		fmt.Fprintln(os.Stderr, "xdp:", err)
		os.Exit(1)
	}
}

func run(nUDP, nPing int) error {
	tb, err := testbed.New("xdp")
	if err != nil {
		return err
	}
	defer tb.Close()
	fmt.Println("veth pair:", tb)

	sk, err := OpenAndLoadXDP(nil)
	if err != nil {
		return err
	}
	defer sk.Destroy()
	// The kernel looks the ifindex up in the namespace of the attaching
	// thread: attach from inside a.
	err = tb.A.Do(func() error {
		return sk.Attach(&skel.AttachOptions{Ifindex: tb.IfindexA})
	})
	if err != nil {
		return err
	}
	if sk.Links.CountPackets == nil {
		return fmt.Errorf("count_packets was not attached")
	}
	info, err := sk.Links.CountPackets.Info()
	if err != nil {
		return err
	}
	if info.XDP == nil || int(info.XDP.Ifindex) != tb.IfindexA {
		return fmt.Errorf("link info %+v does not show an xdp link on ifindex %d", info, tb.IfindexA)
	}
	fmt.Printf("attached count_packets to %s (xdp link %d, ifindex %d)\n", tb.DevA, info.ID, info.XDP.Ifindex)

	if err := sendUDP(tb, nUDP); err != nil {
		return err
	}
	if err := sendPings(tb, nPing); err != nil {
		return err
	}
	if err := sendTCP(tb); err != nil {
		return err
	}
	fmt.Printf("sent %d UDP datagrams, %d echo requests and one TCP connection from %s to %s\n",
		nUDP, nPing, testbed.AddrB, testbed.AddrA)

	// One value per possible CPU; the program never needed atomics.
	got := map[string]XDPProtoCount{}
	perCPU := make([]XDPProtoCount, sk.Typed.ProtoCounts.CPUs())
	for _, s := range slots {
		if err := sk.Typed.ProtoCounts.Lookup(s.key, perCPU); err != nil {
			return fmt.Errorf("slot %s: %w", s.name, err)
		}
		var sum XDPProtoCount
		for _, c := range perCPU {
			sum.Packets += c.Packets
			sum.Bytes += c.Bytes
		}
		got[s.name] = sum
		fmt.Printf("  %-5s %4d packets %7d bytes (over %d CPUs)\n", s.name, sum.Packets, sum.Bytes, len(perCPU))
	}

	// The private namespaces carry only our traffic: every UDP datagram and
	// echo request arrives once; TCP at least brings the handshake's ACK,
	// the data and the FIN.
	switch {
	case got["UDP"].Packets != uint64(nUDP):
		return fmt.Errorf("counted %d UDP packets, want %d", got["UDP"].Packets, nUDP)
	case got["ICMP"].Packets != uint64(nPing):
		return fmt.Errorf("counted %d ICMP packets, want %d", got["ICMP"].Packets, nPing)
	case got["TCP"].Packets < 3:
		return fmt.Errorf("counted %d TCP packets, want at least 3", got["TCP"].Packets)
	}
	if err := sk.Destroy(); err != nil {
		return err
	}
	if err := tb.Close(); err != nil {
		return err
	}
	fmt.Println("done: skeleton destroyed, namespaces and veth pair deleted")
	return nil
}
