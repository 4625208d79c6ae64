// Networking programs for the link tests of tests/net: netfilter, tcx, xdp,
// sk_lookup and flow_dissector. Each counts its runs in a map the test reads.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define ETH_P_IP 0x0800
#define ETH_HLEN 14

// The UDP port whose packets xdp_drop_port drops.
#define XDP_DROP_PORT 7001
// The TCP port that steer_lookup sends to the socket in lookup_socks.
#define LOOKUP_PORT 7100

char LICENSE[] SEC("license") = "GPL";

// ---- netfilter ---------------------------------------------------------

// Key pf*8 + hook: NFPROTO_IPV4 (2) uses 16..20, NFPROTO_IPV6 (10) 80..84.
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 128);
	__type(key, __u32);
	__type(value, __u64);
} nf_counts SEC(".maps");

static void bump(void *map, __u32 key)
{
	__u64 *c = bpf_map_lookup_elem(map, &key);
	if (c)
		__sync_fetch_and_add(c, 1);
}

SEC("netfilter")
int nf_count(struct bpf_nf_ctx *ctx)
{
	const struct nf_hook_state *state = ctx->state;
	__u32 key = (__u32)state->pf * 8 + state->hook;

	if (key < 128)
		bump(&nf_counts, key);
	return 1; // NF_ACCEPT
}

// ---- tcx ---------------------------------------------------------------

// Slot i: how many times tcx program i ran.
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} tcx_counts SEC(".maps");

// Slot i: the value of tcx_seq when program i last ran (starting at 1).
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} tcx_order SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} tcx_seq SEC(".maps");

static int tcx_rec(__u32 slot)
{
	__u32 zero = 0;
	__u64 *seq = bpf_map_lookup_elem(&tcx_seq, &zero);
	__u64 *ord = bpf_map_lookup_elem(&tcx_order, &slot);

	bump(&tcx_counts, slot);
	if (seq && ord)
		*ord = __sync_fetch_and_add(seq, 1) + 1;
	return TCX_NEXT;
}

SEC("tcx/ingress")
int tcx_a(struct __sk_buff *skb) { return tcx_rec(0); }

SEC("tcx/ingress")
int tcx_b(struct __sk_buff *skb) { return tcx_rec(1); }

SEC("tcx/ingress")
int tcx_c(struct __sk_buff *skb) { return tcx_rec(2); }

SEC("tcx/ingress")
int tcx_d(struct __sk_buff *skb) { return tcx_rec(3); }

SEC("tcx/ingress")
int tcx_e(struct __sk_buff *skb) { return tcx_rec(4); }

SEC("tcx/ingress")
int tcx_f(struct __sk_buff *skb) { return tcx_rec(7); }

SEC("tcx/egress")
int tcx_out(struct __sk_buff *skb) { return tcx_rec(5); }

SEC("tcx/egress")
int tcx_out2(struct __sk_buff *skb) { return tcx_rec(6); }

// ---- xdp ---------------------------------------------------------------

// Slot 0: packets xdp_drop_port saw; 1: UDP packets to XDP_DROP_PORT it
// dropped; 2: packets xdp_pass_all saw.
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} xdp_counts SEC(".maps");

SEC("xdp")
int xdp_drop_port(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph;
	struct udphdr *udp;

	bump(&xdp_counts, 0);
	if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	iph = (void *)(eth + 1);
	if ((void *)(iph + 1) > end || iph->protocol != IPPROTO_UDP || iph->ihl != 5)
		return XDP_PASS;
	udp = (void *)(iph + 1);
	if ((void *)(udp + 1) > end || udp->dest != bpf_htons(XDP_DROP_PORT))
		return XDP_PASS;
	bump(&xdp_counts, 1);
	return XDP_DROP;
}

SEC("xdp")
int xdp_pass_all(struct xdp_md *ctx)
{
	bump(&xdp_counts, 2);
	return XDP_PASS;
}

// ---- sk_lookup ---------------------------------------------------------

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lookup_socks SEC(".maps");

// Slot 0: lookups seen; 1: lookups for LOOKUP_PORT steered to the socket.
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} lookup_counts SEC(".maps");

SEC("sk_lookup")
int steer_lookup(struct bpf_sk_lookup *ctx)
{
	__u32 zero = 0;
	struct bpf_sock *sk;
	long err;

	bump(&lookup_counts, 0);
	if (ctx->protocol != IPPROTO_TCP || ctx->local_port != LOOKUP_PORT)
		return SK_PASS;
	sk = bpf_map_lookup_elem(&lookup_socks, &zero);
	if (!sk)
		return SK_PASS;
	err = bpf_sk_assign(ctx, sk, 0);
	bpf_sk_release(sk);
	if (!err)
		bump(&lookup_counts, 1);
	return SK_PASS;
}

// ---- flow_dissector ----------------------------------------------------

// Slot 0: runs; 1: IPv4 packets dissected.
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} dissect_counts SEC(".maps");

SEC("flow_dissector")
int dissect_ipv4(struct __sk_buff *skb)
{
	struct bpf_flow_keys *keys = skb->flow_keys;
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	struct iphdr *iph;
	__be16 *ports;
	__u16 nhoff = keys->nhoff, thoff;

	bump(&dissect_counts, 0);
	if (keys->n_proto != bpf_htons(ETH_P_IP) || nhoff > 128)
		return BPF_DROP;
	// Packet access: data is where nhoff counts from (bpf_skb_load_bytes
	// needs a real skb, which BPF_PROG_TEST_RUN does not give).
	iph = data + nhoff;
	if ((void *)(iph + 1) > end || iph->ihl < 5)
		return BPF_DROP;
	thoff = nhoff + iph->ihl * 4;
	keys->addr_proto = ETH_P_IP;
	keys->ipv4_src = iph->saddr;
	keys->ipv4_dst = iph->daddr;
	keys->ip_proto = iph->protocol;
	keys->thoff = thoff;
	if (iph->protocol == IPPROTO_UDP || iph->protocol == IPPROTO_TCP) {
		if (thoff > 256)
			return BPF_DROP;
		ports = data + thoff;
		if ((void *)(ports + 2) > end)
			return BPF_DROP;
		keys->sport = ports[0];
		keys->dport = ports[1];
	}
	bump(&dissect_counts, 1);
	return BPF_OK;
}
