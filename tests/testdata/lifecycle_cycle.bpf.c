// The object of the resource test's open → load → attach → destroy cycles:
// one tracepoint program and one map, the smallest object that makes a link.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 runs;

SEC("tp/syscalls/sys_enter_getppid")
int cycle_tp(void *ctx)
{
	__sync_fetch_and_add(&runs, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
