// skel's rollback test: Object.Attach attaches the tracepoint, then fails
// on the kprobe (no kprobe PMU on the test kernel: ENOENT) and must destroy
// the tracepoint's link again.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 hits;

SEC("tp/syscalls/sys_enter_getppid")
int first_tp(void *ctx)
{
	__sync_fetch_and_add(&hits, 1);
	return 0;
}

SEC("kprobe/do_sys_openat2")
int then_kprobe(struct pt_regs *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
