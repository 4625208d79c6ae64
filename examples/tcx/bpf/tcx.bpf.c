// Three tcx/ingress programs for one interface. Each appends its id to a
// run log in .bss when it sees a UDP datagram to the port user space chose,
// then hands the packet on to the next program (TCX_NEXT), so the log
// shows the order in which the kernel ran them.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "GPL";

#define ETH_P_IP 0x0800
#define LOG_SIZE 16

// The UDP destination port whose datagrams are logged; set before load.
const volatile __u16 port = 0;

// The run log: runs counts the entries, run_log[i] is the id of the i-th run.
__u32 runs;
__u8 run_log[LOG_SIZE];

static bool wanted(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct udphdr *udp = data + sizeof(*eth) + sizeof(*ip);

	if ((void *)(udp + 1) > data_end)
		return false;
	return eth->h_proto == bpf_htons(ETH_P_IP) && ip->ihl == 5 &&
	       ip->protocol == IPPROTO_UDP && udp->dest == bpf_htons(port);
}

static int record(struct __sk_buff *skb, __u8 id)
{
	__u32 i;

	if (!wanted(skb))
		return TCX_NEXT;
	i = __sync_fetch_and_add(&runs, 1);
	if (i < LOG_SIZE)
		run_log[i] = id;
	return TCX_NEXT;
}

SEC("tcx/ingress")
int first(struct __sk_buff *skb) { return record(skb, 1); }

SEC("tcx/ingress")
int second(struct __sk_buff *skb) { return record(skb, 2); }

SEC("tcx/ingress")
int third(struct __sk_buff *skb) { return record(skb, 3); }
