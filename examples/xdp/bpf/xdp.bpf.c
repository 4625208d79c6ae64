// An XDP program that counts the packets and bytes it sees per IPv4
// protocol (TCP, UDP, ICMP, anything else) in a per-CPU array, and lets
// every packet pass.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "GPL";

#define ETH_P_IP 0x0800

// The slots of proto_counts.
enum proto_slot {
	SLOT_TCP = 0,
	SLOT_UDP = 1,
	SLOT_ICMP = 2,
	SLOT_OTHER = 3, // not IPv4 (ARP, IPv6, ...) or another IPv4 protocol
	SLOT_COUNT = 4,
};

// One slot's counters, per CPU: no atomic operations needed.
struct proto_count {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SLOT_COUNT);
	__type(key, __u32);
	__type(value, struct proto_count);
} proto_counts SEC(".maps");

static __u32 slot_of(void *data, void *data_end)
{
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return SLOT_OTHER;
	switch (ip->protocol) {
	case IPPROTO_TCP:
		return SLOT_TCP;
	case IPPROTO_UDP:
		return SLOT_UDP;
	case IPPROTO_ICMP:
		return SLOT_ICMP;
	}
	return SLOT_OTHER;
}

SEC("xdp")
int count_packets(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 slot = slot_of(data, data_end);
	struct proto_count *c = bpf_map_lookup_elem(&proto_counts, &slot);

	if (c) {
		c->packets++;
		c->bytes += data_end - data;
	}
	return XDP_PASS;
}
