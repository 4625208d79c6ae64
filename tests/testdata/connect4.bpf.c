// cgroup/connect4 programs for the cgroup link tests: redirect connect()
// to 1.2.3.4:60000 towards 127.0.0.1:<port from redirect_port>, and count.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

// Index 0: the redirect port (host order), set by the test.
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} redirect_port SEC(".maps");

static void count(__u32 i)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &i);
	if (c)
		__sync_fetch_and_add(c, 1);
}

SEC("cgroup/connect4")
int redirect(struct bpf_sock_addr *ctx)
{
	__u32 zero = 0, *port;

	if (ctx->user_ip4 != bpf_htonl(0x01020304) || ctx->user_port != bpf_htons(60000))
		return 1;
	port = bpf_map_lookup_elem(&redirect_port, &zero);
	if (!port || !*port)
		return 1;
	count(0);
	ctx->user_ip4 = bpf_htonl(0x7f000001);
	ctx->user_port = bpf_htons(*port);
	return 1;
}

// The replacement program for bpf_link_update: counts, does not redirect.
SEC("cgroup/connect4")
int count_only(struct bpf_sock_addr *ctx)
{
	if (ctx->user_ip4 == bpf_htonl(0x01020304))
		count(1);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
