// A program the verifier rejects: it dereferences a map value without the
// NULL check (a hash map lookup may return NULL).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} values SEC(".maps");

SEC("tp/syscalls/sys_enter_getppid")
int fine(void *ctx)
{
	return 0;
}

SEC("raw_tp/sys_enter")
int unchecked(void *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&values, &key);

	return *v; /* no NULL check: rejected */
}

char LICENSE[] SEC("license") = "GPL";
