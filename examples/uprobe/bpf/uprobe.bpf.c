// A uprobe_multi program: one program, one link, several probed functions.
// Each probe carries a cookie chosen by user space; the program counts the
// hits per cookie in a hash map.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

// attach cookie -> number of hits
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u64);
	__type(value, __u64);
} hits SEC(".maps");

// Bare section: libbpf cannot know the binary and the functions, so the
// program is attached by hand (Program.AttachUprobeMulti).
SEC("uprobe.multi")
int count_hits(struct pt_regs *ctx)
{
	__u64 cookie = bpf_get_attach_cookie(ctx);
	__u64 one = 1;
	__u64 *n;

	n = bpf_map_lookup_elem(&hits, &cookie);
	if (n) {
		__sync_fetch_and_add(n, 1);
		return 0;
	}
	if (bpf_map_update_elem(&hits, &cookie, &one, BPF_NOEXIST) == 0)
		return 0;
	/* Another CPU made the entry in the meantime. */
	n = bpf_map_lookup_elem(&hits, &cookie);
	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}
