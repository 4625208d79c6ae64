// skel's verifier test: "unchecked" dereferences a map value without the
// NULL check, and the verifier refuses it.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} values SEC(".maps");

SEC("xdp")
int fine(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int unchecked(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&values, &key);

	return *v; /* no NULL check: refused */
}

char LICENSE[] SEC("license") = "GPL";
