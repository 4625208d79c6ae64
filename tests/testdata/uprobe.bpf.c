// uprobe_multi programs for tests/uprobe: count, per attach cookie, how often
// the kernel ran the entry and the return probe, and remember the last value
// of the ax register (first argument at a Go function's entry, first result
// at its return, in Go's register ABI).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

// cookie -> number of runs
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u64);
	__type(value, __u64);
} counts SEC(".maps");

// cookie -> ax at the last run
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u64);
	__type(value, __u64);
} last_ax SEC(".maps");

static void record(struct pt_regs *ctx)
{
	__u64 cookie = bpf_get_attach_cookie(ctx);
	__u64 ax = ctx->ax;
	__u64 one = 1;
	__u64 *c;

	bpf_map_update_elem(&last_ax, &cookie, &ax, BPF_ANY);
	c = bpf_map_lookup_elem(&counts, &cookie);
	if (c) {
		__sync_fetch_and_add(c, 1);
		return;
	}
	if (bpf_map_update_elem(&counts, &cookie, &one, BPF_NOEXIST) == 0)
		return;
	// Another CPU created the entry first.
	c = bpf_map_lookup_elem(&counts, &cookie);
	if (c)
		__sync_fetch_and_add(c, 1);
}

SEC("uprobe.multi")
int count_entry(struct pt_regs *ctx)
{
	record(ctx);
	return 0;
}

SEC("uretprobe.multi")
int count_return(struct pt_regs *ctx)
{
	record(ctx);
	return 0;
}
